// `exlic sandbox` as a child process: the URL comes first, the contract answers, Ctrl-C closes cleanly, and with --db file:… an answered write survives kill -9 and a restart.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { call, validApplication } from './helpers';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];
const dir = mkdtempSync(join(tmpdir(), 'exlic-sandbox-'));

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  url: string;
  tokens: string[];
  adminToken: string;
  /** What it wrote to stderr so far. */
  stderr(): string;
}

/** Runs the CLI from its sources (tsx resolves the workspace packages through the root tsconfig's paths) and waits for its banner. */
async function startCli(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/cli/src/bin.ts'), 'sandbox', ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const lines: string[] = [];
  let buffer = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      lines.push(...parts);
      if (lines.some((line) => line.startsWith('admin token '))) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exlic sandbox exited with ${code}: ${stderr}`)));
  });
  return {
    child,
    lines,
    url: lines[0]!,
    tokens: lines.filter((line) => line.startsWith('enterprise ')).map((line) => line.split(' token ')[1]!),
    adminToken: lines.find((line) => line.startsWith('admin token '))!.slice('admin token '.length),
    stderr: () => stderr,
  };
}

function exited(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('exlic sandbox', () => {
  it('prints its URL first, then the operators\' tokens; answers the contract; closes cleanly on SIGINT', async () => {
    const started = await startCli(['--port', '0']);
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.tokens).toHaveLength(2);
    const contract = await call(started.url, 'GET', '/openapi.json');
    expect(contract.status).toBe(200);
    expect(contract.body.info.title).toContain('exlic sandbox');
    const me = await call(started.url, 'GET', '/v1/me', { token: started.tokens[0]! });
    expect(me.body.enterprise.name).toBe('签章测试企业');
    started.child.kill('SIGINT');
    expect(await exited(started.child)).toEqual({ code: 0, signal: null });
  }, 90_000);

  it('listens on loopback unless told otherwise, warns when bound elsewhere, and takes no bare --host', async () => {
    const plain = await startCli(['--port', '0']);
    expect(plain.stderr()).not.toContain('warning');
    plain.child.kill('SIGINT');
    await exited(plain.child);
    // An IPv4-mapped loopback address: reachable from this machine only, yet not one the CLI recognises as loopback.
    const mapped = await startCli(['--port', '0', '--host', '::ffff:127.0.0.1']);
    expect(mapped.stderr()).toContain('warning: the sandbox listens on ::ffff:127.0.0.1');
    mapped.child.kill('SIGINT');
    await exited(mapped.child);
    const bare = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/cli/src/bin.ts'), 'sandbox', '--host'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(bare);
    expect((await exited(bare)).code).not.toBe(0);
  }, 90_000);

  it('keeps an answered write across kill -9 and a restart with --db file:…', async () => {
    const db = `file:${join(dir, 'durable.db')}`;
    const first = await startCli(['--port', '0', '--db', db, '--no-auto-review']);
    const token = first.tokens[0]!;
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const saved = await call(first.url, 'POST', '/v1/applications', { token, body: validApplication({ contractNo: `DURABLE-${i}` }) });
      expect(saved.status).toBe(201);
      ids.push(saved.body.record.id as string);
    }
    const edited = await call(first.url, 'PUT', `/v1/applications/${ids[0]}`, { token, body: validApplication({ contractNo: 'DURABLE-EDITED' }), headers: { 'if-match': '"1"' } });
    expect(edited.status).toBe(200);
    first.child.kill('SIGKILL');
    expect((await exited(first.child)).signal).toBe('SIGKILL');

    const second = await startCli(['--port', '0', '--db', db, '--no-auto-review']);
    // The token issued by the killed process is in the database too.
    const listed = await call(second.url, 'GET', '/v1/applications?limit=100', { token });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: { id: string }) => item.id).sort()).toEqual([...ids].sort());
    const read = await call(second.url, 'GET', `/v1/applications/${ids[0]}`, { token });
    expect(read.body).toMatchObject({ version: 2, application: { contract: { no: 'DURABLE-EDITED' } } });
    second.child.kill('SIGINT');
    expect((await exited(second.child)).code).toBe(0);
  }, 120_000);
});
