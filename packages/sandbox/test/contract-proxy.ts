/**
 * A validating proxy for the tests: every request a test sends and every answer the sandbox gives passes through
 * express-openapi-validator (an outside validator: OpenAPI 3.1, JSON and `+json` media types, maintained, Node ≥ 18),
 * checked against docs/openapi.yaml. A request or an answer that does not fit is a misfit: the proxy answers
 * 598 with what did not fit and records it, and `close()` fails while any misfit is recorded.
 *
 * A test that sends a request off the contract on purpose (junk, a missing field, a wrong type: hostile input) marks it
 * with the header `x-test-off-contract: 1`; its answer is still validated. A body that is not JSON where JSON is due is
 * off the contract by definition and is treated the same way.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request as ExpressRequest, type Response as ExpressResponse } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { OPENAPI_YAML_PATH } from './openapi-yaml';

const SPEC = fileURLToPath(new URL(`../../../${OPENAPI_YAML_PATH}`, import.meta.url));

/** The header that marks a request as deliberately off the contract. */
export const OFF_CONTRACT = 'x-test-off-contract';

/** A running proxy. */
export interface ContractProxy {
  /** The proxy's base URL; requests to it reach the target. */
  url: string;
  /** What did not fit, so far. */
  misfits: string[];
  /** Stops the proxy; throws when anything did not fit the contract. */
  close(): Promise<void>;
}

interface Forwarded extends ExpressRequest {
  rawBody?: Buffer;
  offContract?: boolean;
}

function isJsonType(type: string | undefined): boolean {
  return type !== undefined && /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type);
}

let compiled: { full: ReturnType<typeof OpenApiValidator.middleware>; answersOnly: ReturnType<typeof OpenApiValidator.middleware> } | undefined;

/** The validators, compiled once per test file (each operation's schemas compile on first use). */
function validators(): NonNullable<typeof compiled> {
  const common = { apiSpec: SPEC, validateSecurity: false, validateResponses: { allErrors: true }, validateFormats: true, ignoreUndocumented: true } as const;
  compiled ??= { full: OpenApiValidator.middleware({ ...common, validateRequests: { allErrors: true } }), answersOnly: OpenApiValidator.middleware({ ...common, validateRequests: false }) };
  return compiled;
}

/** Starts a validating proxy on loopback in front of `target` (a base URL such as the served sandbox's). */
export async function startContractProxy(target: string): Promise<ContractProxy> {
  const misfits: string[] = [];
  const app = express();
  app.disable('x-powered-by');
  app.use(express.raw({ type: () => true, limit: '64mb' }));
  app.use((req: Forwarded, _res, next) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    req.rawBody = raw;
    req.offContract = req.headers[OFF_CONTRACT] === '1';
    delete req.headers[OFF_CONTRACT];
    if (raw.length > 0 && isJsonType(req.headers['content-type'])) {
      try {
        req.body = JSON.parse(raw.toString('utf8')) as unknown;
      } catch {
        req.offContract = true;
      }
    } else if (raw.length > 0 && req.headers['content-type'] !== 'application/octet-stream') {
      // A body of a media type the contract does not name: off the contract by definition (a 415 test).
      req.offContract = true;
    } else if (raw.length === 0) {
      req.body = undefined;
    }
    next();
  });
  const { full, answersOnly } = validators();
  const chain = (list: ReturnType<typeof OpenApiValidator.middleware>) => (req: Forwarded, res: ExpressResponse, next: NextFunction) => {
    let index = 0;
    const step = (error?: unknown): void => {
      if (error !== undefined) return next(error);
      const handler = list[index++];
      if (handler === undefined) return next();
      handler(req, res, step);
    };
    step();
  };
  const validateAll = chain(full);
  const validateAnswers = chain(answersOnly);
  app.use((req: Forwarded, res, next) => (req.offContract === true ? validateAnswers(req, res, next) : validateAll(req, res, next)));
  app.use(async (req: Forwarded, res, next) => {
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || ['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) continue;
        headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const body = req.rawBody !== undefined && req.rawBody.length > 0 ? new Uint8Array(req.rawBody) : undefined;
      let answer: Response;
      try {
        answer = await fetch(`${target}${req.originalUrl}`, { method: req.method, headers, ...(body === undefined ? {} : { body }) });
      } catch {
        // The sandbox dropped the connection (an injected fault): drop this one too.
        req.socket.destroy();
        return;
      }
      const bytes = Buffer.from(await answer.arrayBuffer());
      answer.headers.forEach((value, name) => {
        if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) res.setHeader(name, value);
      });
      res.status(answer.status);
      if (bytes.length > 0 && isJsonType(answer.headers.get('content-type') ?? undefined)) {
        // res.json is what the validator checks; the bytes sent are the sandbox's own, headers untouched (no added charset).
        res.send = () => {
          res.end(bytes);
          return res;
        };
        res.json(JSON.parse(bytes.toString('utf8')));
      }
      else if (bytes.length > 0) res.send(bytes);
      else res.end();
    } catch (error) {
      next(error);
    }
  });
  app.use((error: { status?: number; message?: string; errors?: unknown }, req: ExpressRequest, res: ExpressResponse, _next: NextFunction) => {
    void _next;
    const misfit = `${req.method} ${req.originalUrl}: ${error.message ?? String(error)} ${JSON.stringify(error.errors ?? [])}`;
    misfits.push(misfit);
    if (!res.headersSent) res.status(598).type('text/plain').send(`contract misfit: ${misfit}`);
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    misfits,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (misfits.length > 0) throw new Error(`requests or answers did not fit docs/openapi.yaml:\n${misfits.join('\n')}`);
    },
  };
}
