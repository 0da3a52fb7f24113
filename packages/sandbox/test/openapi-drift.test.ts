import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { routes } from '../src/contract/routes';
import { OPENAPI_YAML_PATH, renderOpenApiYaml } from './openapi-yaml';

const checkedIn = readFileSync(fileURLToPath(new URL(`../../../${OPENAPI_YAML_PATH}`, import.meta.url)), 'utf8');

describe('docs/openapi.yaml', () => {
  it('is exactly what the contract generates (run `npm run gen:openapi` after changing a route or a model)', () => {
    expect(checkedIn === renderOpenApiYaml(), 'docs/openapi.yaml drifted from the contract: run `npm run gen:openapi`').toBe(true);
  });

  it('names every route of the contract by its operation id', () => {
    for (const [name, route] of Object.entries(routes)) {
      expect(checkedIn, name).toContain(`operationId: ${name}\n`);
      expect(checkedIn, name).toContain(`  ${route.path}:\n`);
    }
  });
});
