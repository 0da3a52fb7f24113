// Tests the built package as users get it (dist/, through node_modules/@exlic/core): `npm test` builds first.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { bundleForBrowser } from './bundle';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });

describe('@exlic/core as published', () => {
  it('can be required from a plain CommonJS script', () => {
    const out = node(['-e', "const core = require('@exlic/core'); console.log(core.searchCodeTable('tradeModes', 'ybmy')[0].code, core.checkCreditCode('91350100M000100Y43').valid)"]);
    expect(out.trim()).toBe('0110 true');
  });

  it('can be imported from a plain ES module script', () => {
    const out = node(['--input-type=module', '-e', "import { canonicalJson, nextStatus } from '@exlic/core'; console.log(canonicalJson({ b: 1, a: 2 }), nextStatus('draft', 'declared'))"]);
    expect(out.trim()).toBe('{"a":2,"b":1} pendingFirstReview');
  });

  it('bundles for a browser with no Node built-ins and runs without Node globals', async () => {
    const { code, errors } = await bundleForBrowser(
      "import { searchCodeTable, parseApplication } from '@exlic/core'; globalThis.answer = [searchCodeTable('countries', 'deguo')[0].code, parseApplication({ specs: [{ quantity: 0.1 }] }).success];",
    );
    expect(errors).toEqual([]);
    expect(code).not.toMatch(/require\(["']node:/);
    // A context with only what a browser has in common with V8: no process, no require, no Buffer.
    const context = vm.createContext({ TextEncoder, console });
    vm.runInContext(code, context);
    expect(context.answer).toEqual(['DEU', true]);
  });
});
