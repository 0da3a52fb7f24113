/** The OpenAPI 3.1 document of the contract, generated from the route definitions. */
import { OpenAPIHono } from '@hono/zod-openapi';
import { routes } from './routes';

/** The contract's version; bump the minor on an added route, never rename one. */
export const CONTRACT_VERSION = '1.0.0';

const DESCRIPTION = [
  'The HTTP contract of the exlic sandbox: a local Single Window for export licence applications (出口许可证).',
  '',
  'Every request carries an operator bearer token (`Authorization: Bearer …`); operators belong to one enterprise and see only its data (a foreign id answers 404 like a missing one).',
  'Every failure is RFC 9457 problem details (`application/problem+json`) with `code`, `message {zh, en}` and `requestId`.',
  'Reads return an `ETag` (`"<version>"`); edits send `If-Match` and a stale one is refused with 412 and the current version.',
  'Every POST takes an `Idempotency-Key`: a repeat within 24 hours returns the first answer and changes nothing; the same key with another body is refused (422).',
  'Lists are cursor-paged: pass `nextCursor` back as `cursor`.',
  'Admin routes (the simulated authority) take the sandbox\'s admin token.',
].join('\n');

/** Builds the OpenAPI 3.1 document of every route of the contract. */
export function createOpenApiDocument(): Record<string, unknown> {
  const app = new OpenAPIHono();
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An operator token (issueToken, or printed by `exlic sandbox`).' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'admin', { type: 'http', scheme: 'bearer', description: 'The sandbox\'s admin token: the simulated issuing authority and customs.' });
  for (const route of Object.values(routes)) app.openAPIRegistry.registerPath(route);
  const document = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'exlic sandbox: Single Window export licence API', version: CONTRACT_VERSION, description: DESCRIPTION, license: { name: 'MIT' } },
    servers: [{ url: 'http://127.0.0.1:8787', description: 'A local sandbox (`exlic sandbox --port 8787`)' }],
    tags: [],
  });
  const plain = JSON.parse(JSON.stringify(document)) as Record<string, unknown> & { info: Record<string, unknown> };
  // OpenAPI 3.1's License Object takes an SPDX `identifier` (the generator's types predate it); 3.1 makes it exclusive of `url`.
  plain.info.license = { name: 'MIT', identifier: 'MIT' };
  return plain;
}
