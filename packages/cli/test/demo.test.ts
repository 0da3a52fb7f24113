// `npm run demo` as a newcomer runs it: a child process of the built CLI, output piped (so no colour).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../scripts/demo.mjs', import.meta.url));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Piped output, and no colour variable from the test runner (FORCE_COLOR, even empty, forces colour).
    const env = { ...process.env };
    delete env['FORCE_COLOR'];
    delete env['NO_COLOR'];
    const child = spawn(process.execPath, [script, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run demo', () => {
  it('tells the whole story in English and ends with a licence number', { timeout: 120_000 }, async () => {
    const { code, stdout, stderr } = await run(['--lang', 'en']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const licenceNo = /Licence number: (\d{2}-[0-9A-Z]{2}-\d{6})\n/.exec(stdout)?.[1];
    expect(licenceNo).toBeDefined();
    // Numbered steps in order, each with what was sent and what came back.
    const steps = [...stdout.matchAll(/^\s*(\d+)\. /gm)].map((match) => Number(match[1]));
    expect(steps).toEqual(Array.from({ length: steps.length }, (_, index) => index + 1));
    expect(steps.length).toBeGreaterThanOrEqual(15);
    for (const text of ['Bind the e-key', 'pinyin initials', 'firstReviewReturned', 'customs-status', 'groupBy=country', 'receipts verified']) expect(stdout).toContain(text);
    // The first version's violations are shown in both languages; piped output has no colour codes.
    expect(stdout).toMatch(/✖ importer\.nameZh: .*[\u4e00-\u9fff].* \/ [A-Za-z]/);
    expect(stdout).not.toContain('\u001b[');
    // No secret is printed: the subscription secret and the token stay hidden.
    expect(stdout).not.toMatch(/whsec_[A-Za-z0-9+/=]{8,}/);
  });

  it('tells it in Chinese, and refuses an unknown language with exit 2', { timeout: 120_000 }, async () => {
    const zh = await run(['--lang', 'zh']);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(/许可证号: \d{2}-[0-9A-Z]{2}-\d{6}\n/);
    const bad = await run(['--lang', 'fr']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--lang must be zh or en');
  });
});
