// The contract as tools exlic did not write see it: Redocly's recommended ruleset, swagger-parser's validator, ECMA-262
// patterns, required path parameters, and the served document equal to the checked-in file.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { serveSandbox, type ServedSandbox } from '../src/index';
import { OPENAPI_YAML_PATH } from './openapi-yaml';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const file = `${root}${OPENAPI_YAML_PATH}`;
const documentOnDisk = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

/** Every value under `key` anywhere in `node`, with where it was found. */
function collect(node: unknown, key: string, at = '#', out: { at: string; value: unknown }[] = []): { at: string; value: unknown }[] {
  if (Array.isArray(node)) node.forEach((item, index) => collect(item, key, `${at}/${index}`, out));
  else if (typeof node === 'object' && node !== null) {
    for (const [name, value] of Object.entries(node)) {
      if (name === key) out.push({ at: `${at}/${name}`, value });
      collect(value, key, `${at}/${name}`, out);
    }
  }
  return out;
}

describe('docs/openapi.yaml under outside validators', () => {
  it('has 0 errors and 0 warnings under `redocly lint` (recommended ruleset, @redocly/cli 2.77.0)', async () => {
    const bin = `${root}node_modules/.bin/redocly`;
    const { stdout, stderr } = await promisify(execFile)(bin, ['lint', file, '--format', 'json'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((problem) => `${problem.ruleId}: ${problem.message}`), stderr).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it('is valid under @apidevtools/swagger-parser (schema and references)', async () => {
    await expect(SwaggerParser.validate(structuredClone(documentOnDisk) as never)).resolves.toBeDefined();
  });

  it('holds only ECMA-262 patterns without slashes or flags (each compiles with the u flag)', () => {
    const patterns = collect(documentOnDisk, 'pattern');
    expect(patterns.length).toBeGreaterThan(5);
    for (const { at, value } of patterns) {
      expect(typeof value, at).toBe('string');
      expect(() => new RegExp(String(value), 'u'), at).not.toThrow();
      expect(String(value), at).not.toMatch(/\/[a-z]*$/);
    }
  });

  it('declares every path parameter as required, and a request body on every POST', () => {
    const paths = documentOnDisk.paths as Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean }[]; requestBody?: unknown }>>;
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const parameter of operation.parameters ?? []) if (parameter.in === 'path') expect(parameter.required, `${method} ${path} {${parameter.name}}`).toBe(true);
        if (method === 'post') expect(operation.requestBody, `${method} ${path}`).toBeDefined();
      }
    }
  });

  it('names its licence by SPDX identifier', () => {
    expect((documentOnDisk.info as { license: unknown }).license).toEqual({ name: 'MIT', identifier: 'MIT' });
  });
});

describe('the served contract', () => {
  let served: ServedSandbox;
  beforeAll(async () => {
    served = await serveSandbox({ seed: 'demo' });
  });
  afterAll(() => served.close());

  it('is the checked-in file, value for value', async () => {
    const response = await fetch(`${served.url}/openapi.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(documentOnDisk);
  });
});

describe('the validating proxy the sandbox tests run through', () => {
  it('flags an answer that does not fit the contract, and a request that does not', async () => {
    const { createServer } = await import('node:http');
    const { startContractProxy } = await import('./contract-proxy');
    // A stand-in that answers GET /v1/me with a body the contract does not allow (no operator, a number for enterprise).
    const liar = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ enterprise: 1, ekey: null }));
    });
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    const address = liar.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const proxy = await startContractProxy(`http://127.0.0.1:${port}`);
    try {
      const answer = await fetch(`${proxy.url}/v1/me`, { headers: { authorization: 'Bearer x' } });
      expect(answer.status).toBe(598);
      const request = await fetch(`${proxy.url}/v1/statistics?groupBy=week`, { headers: { authorization: 'Bearer x' } });
      expect(request.status).toBe(598);
      expect(proxy.misfits).toHaveLength(2);
      await expect(proxy.close()).rejects.toThrow(/did not fit/);
    } finally {
      liar.close();
    }
  });
});
