// Every expected failure prints one line that says what happened and what to do, exits 2 (usage) or 1 (a failed
// operation), and shows a stack only with --debug. One test per case.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveSandbox, type ServedSandbox } from '@exlic/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailure } from '../src/failure';
import type { CliIo } from '../src/io';
import { main } from '../src/main';

const INVALID = fileURLToPath(new URL('../../../examples/applications/steel-invalid.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'exlic-cli-failures-'));
let served: ServedSandbox;
let token: string;

async function exlic(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string; lines: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: { write: (t: string | Uint8Array) => out.push(String(t)) }, stderr: { write: (t: string | Uint8Array) => err.push(String(t)) }, stdin: (async function* () {})(), env, cwd: dir };
  const code = await main(args, io);
  const stderr = err.join('');
  return { code, stdout: out.join(''), stderr, lines: stderr.split('\n').filter((line) => line !== '') };
}

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);

beforeAll(async () => {
  served = await serveSandbox({ seed: 'demo', now: () => new Date('2026-11-29T10:00:00Z') });
  token = (await served.sandbox.seeded()).find((entry) => entry.enterprise.code === '3501M000100Y4')!.token;
});
afterAll(async () => {
  await served.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('expected failures: one line, exit 1 or 2, no stack', () => {
  it('port in use (EADDRINUSE) on exlic sandbox --port', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const run = await exlic({}, 'sandbox', '--port', String(port));
      expect(run.code).toBe(1);
      expect(run.lines).toEqual([`exlic sandbox: the port is in use (127.0.0.1:${port}): another program listens there; pick another with --port N, or --port 0 for a free one`]);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('--db in a folder that does not exist', async () => {
    const run = await exlic({}, 'sandbox', '--port', '0', '--db', 'file:no-such-folder/sandbox.db');
    expect(run.code).toBe(2);
    expect(run.lines).toEqual([`exlic sandbox: --db file:no-such-folder/sandbox.db: the folder ${join(dir, 'no-such-folder')} does not exist; create it (mkdir -p ${join(dir, 'no-such-folder')}) or choose another path`]);
  });

  it('--db naming a folder, or a file that is not a database (libSQL errors)', async () => {
    const folder = await exlic({}, 'sandbox', '--port', '0', '--db', `file:${dir}`);
    expect(folder.code).toBe(2);
    expect(folder.lines).toEqual([`exlic sandbox: --db file:${dir}: ${dir} is a folder; name a database file inside it (file:${join(dir, 'sandbox.db')})`]);
    writeFileSync(join(dir, 'junk.db'), 'not a database, '.repeat(20));
    const junk = await exlic({}, 'sandbox', '--port', '0', '--db', 'file:junk.db');
    expect(junk.code).toBe(1);
    expect(junk.lines).toEqual(['exlic sandbox: file:junk.db is not an SQLite database: point --db at another file, or remove this one to start afresh']);
  });

  it('--signer pem: with files that do not exist', async () => {
    const run = await exlic({ EXLIC_SERVER: served.url, EXLIC_TOKEN: token }, 'applications', 'declare', 'app_x', '--signer', 'pem:missing-key.pem,missing-cert.pem');
    expect(run.code).toBe(2);
    expect(run.lines).toEqual([`exlic applications: ${join(dir, 'missing-key.pem')}: no such file; check the path and try again`]);
  });

  it('--signer control with no client control running', async () => {
    const url = `ws://127.0.0.1:${await closedPort()}`;
    const run = await exlic({ EXLIC_SERVER: served.url, EXLIC_TOKEN: token, EXLIC_PIN: '12345678', EXLIC_CONTROL_URL: url }, 'ekey', 'bind', '--signer', 'control');
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([`exlic ekey: no client control answers at ${url}: start the Single Window client control (客户端控件) with the e-key plugged in, or use another --signer`]);
  });

  it('--signer hid with no USB e-key (never tells a CLI user to "pass `filter`")', async () => {
    const run = await exlic({ EXLIC_SERVER: served.url, EXLIC_TOKEN: token, EXLIC_PIN: '12345678' }, 'ekey', 'bind', '--signer', 'hid');
    expect(run.code).toBe(1);
    expect(run.lines).toHaveLength(1);
    // No key on this machine, or no libusb for node-hid: either way one line saying what to do.
    expect(run.lines[0]).toMatch(/^exlic ekey: (no USB e-key is plugged in: plug it in and retry|USB e-keys cannot be reached on this machine)/);
    expect(run.stderr).not.toMatch(/filter/);
  });

  it('an unknown option: no unbalanced quote from Node\'s parseArgs text', async () => {
    const run = await exlic({}, 'applications', 'list', '--frobnicate');
    expect(run.code).toBe(2);
    expect(run.lines).toEqual(['exlic applications: unknown option --frobnicate; --help lists the options']);
    const value = await exlic({}, 'applications', 'list', '--status');
    expect(value.lines).toEqual(['exlic applications: option --status needs a value (--status VALUE); --help shows it']);
    for (const line of [...run.lines, ...value.lines]) expect(line.split("'").length % 2).toBe(1);
  });

  it('a token the server refuses (401)', async () => {
    const run = await exlic({ EXLIC_SERVER: served.url, EXLIC_TOKEN: 'not-a-token' }, 'applications', 'list');
    expect(run.code).toBe(2);
    expect(run.lines).toEqual(['exlic applications: the server refused the token (401): set EXLIC_TOKEN (or --token) to an operator token; "exlic sandbox" prints one per enterprise']);
    expect(run.stderr).not.toContain('not-a-token');
  });

  it('the server is down (ECONNREFUSED)', { timeout: 30_000 }, async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await exlic({ EXLIC_SERVER: url, EXLIC_TOKEN: token }, 'applications', 'list');
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([`exlic applications: nothing answers at ${url} (connection refused): start it ("exlic sandbox" prints its URL) or fix --server / EXLIC_SERVER`]);
    const withCredentials = await exlic({ EXLIC_SERVER: url.replace('http://', 'http://operator:s3cret-pass@'), EXLIC_TOKEN: token }, 'applications', 'list');
    expect(withCredentials.code).toBe(2);
    expect(withCredentials.lines).toEqual(['exlic applications: the server URL must not carry a user name or password: give the URL without them and the operator token in EXLIC_TOKEN']);
    expect(withCredentials.stderr).not.toContain('s3cret-pass');
  });

  it('a 4xx problem: its title and detail on one line, then one line per violation', async () => {
    const env = { EXLIC_SERVER: served.url, EXLIC_TOKEN: token };
    const saved = await exlic(env, 'applications', 'save', INVALID, '--format', 'json');
    const id = (JSON.parse(saved.stdout) as { id: string }).id;
    writeFileSync(join(dir, 'contract.pdf'), '%PDF-1.4\n');
    expect((await exlic(env, 'attachments', 'upload', id, '--type', 'CONTRACT', 'contract.pdf')).code).toBe(0);
    const run = await exlic(env, 'applications', 'declare', id, '--signer', 'virtual');
    expect(run.code).toBe(1);
    expect(run.lines[0]).toMatch(new RegExp(`^exlic applications: the server refused \\(422 validationFailed\\): The application does not pass the rules: Application ${id} does not pass the declare-phase rules \\(\\d+ errors?\\): fix the fields named in violations\\. \\[request \\S+\\]$`));
    expect(run.lines.length).toBeGreaterThan(1);
    for (const line of run.lines.slice(1)) expect(line).toMatch(/^ {2}(error|warning) \S+: .+ \([\w.]+\)$/);
    noStack(run.stderr);
  });

  it('a declaration before the e-key is bound says which command binds it (403 ekeyNotBound)', async () => {
    const env = { EXLIC_SERVER: served.url, EXLIC_TOKEN: (await served.sandbox.seeded()).find((entry) => entry.enterprise.code !== '3501M000100Y4')!.token };
    const saved = JSON.parse((await exlic(env, 'applications', 'save', INVALID, '--format', 'json')).stdout) as { id: string };
    const { createSelfSignedSm2Certificate, encodeSm2PrivateKeyPem, generateSm2KeyPair } = await import('@exlic/signer');
    const { privateKey } = generateSm2KeyPair();
    writeFileSync(join(dir, 'k.pem'), encodeSm2PrivateKeyPem(privateKey));
    writeFileSync(join(dir, 'c.pem'), createSelfSignedSm2Certificate({ privateKey, subject: { commonName: 'x' } }));
    const run = await exlic(env, 'applications', 'declare', saved.id, '--signer', 'pem:k.pem,c.pem');
    expect(run.code).toBe(1);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatch(/^exlic applications: the server refused \(403 ekeyNotBound\): No e-key bound: .* → bind the e-key first: "exlic ekey bind --signer …" \[request \S+\]$/);
  });

  it('a file too large to be an application or an attachment is refused before it is read', async () => {
    const env = { EXLIC_SERVER: served.url, EXLIC_TOKEN: token };
    const { truncateSync } = await import('node:fs');
    writeFileSync(join(dir, 'huge.json'), '');
    truncateSync(join(dir, 'huge.json'), 17 * 1024 * 1024); // sparse: no disk used
    const save = await exlic(env, 'applications', 'save', 'huge.json');
    expect(save.code).toBe(2);
    expect(save.lines).toEqual(['exlic applications: huge.json is 17.0 MiB, more than the 16.0 MiB this command reads: check that it is the right file']);
    writeFileSync(join(dir, 'huge.pdf'), '');
    truncateSync(join(dir, 'huge.pdf'), 65 * 1024 * 1024);
    const upload = await exlic(env, 'attachments', 'upload', 'app_x', '--type', 'CONTRACT', 'huge.pdf');
    expect(upload.code).toBe(2);
    expect(upload.lines).toEqual(['exlic attachments: huge.pdf is 65.0 MiB, more than the 64.0 MiB this command reads: check that it is the right file']);
    const folder = await exlic(env, 'attachments', 'upload', 'app_x', '--type', 'CONTRACT', '.');
    expect(folder.lines).toEqual(['exlic attachments: . is not a file']);
  });

  it('a --server that is not a URL', async () => {
    const run = await exlic({ EXLIC_TOKEN: token }, 'applications', 'list', '--server', 'localhost:8787');
    expect(run.code).toBe(2);
    expect(run.lines).toEqual(['exlic applications: the server must be an http(s) URL such as http://127.0.0.1:8787, got "localhost:8787" (--server or EXLIC_SERVER)']);
  });

  it('--debug adds the stack; without it there is none', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const plain = await exlic({ EXLIC_SERVER: url, EXLIC_TOKEN: token }, 'applications', 'get', 'app_x');
    noStack(plain.stderr);
    const debug = await exlic({ EXLIC_SERVER: url, EXLIC_TOKEN: token }, 'applications', 'get', 'app_x', '--debug');
    expect(debug.code).toBe(1);
    expect(debug.lines[0]).toBe(plain.lines[0]);
    expect(debug.stderr).toMatch(/^\s+at /m);
  });

  it('anything else is a bug: not described, so main lets it through (exit 70 with its stack in bin.ts)', () => {
    expect(describeFailure(new TypeError('x is undefined'), { lang: 'en' })).toBeUndefined();
  });
});

describe('one PIN variable', () => {
  it('reads EXLIC_PIN; EXLIC_EKEY_PIN and EXLIC_HID_PIN still work with a one-line deprecation note', async () => {
    const url = `ws://127.0.0.1:${await closedPort()}`;
    const base = { EXLIC_SERVER: served.url, EXLIC_TOKEN: token, EXLIC_CONTROL_URL: url };
    const none = await exlic(base, 'ekey', 'bind', '--signer', 'control');
    expect(none.code).toBe(2);
    expect(none.lines).toEqual(['exlic ekey: --signer control needs the e-key PIN: set EXLIC_PIN (never on the command line)']);
    for (const name of ['EXLIC_EKEY_PIN', 'EXLIC_HID_PIN']) {
      const old = await exlic({ ...base, [name]: '12345678' }, 'ekey', 'bind', '--signer', 'control');
      expect(old.lines[0]).toBe(`exlic: note: ${name} is deprecated; set EXLIC_PIN instead (it is read first)`);
      expect(old.lines[1]).toMatch(/^exlic ekey: no client control answers at/);
      expect(old.stderr).not.toContain('12345678');
    }
    const current = await exlic({ ...base, EXLIC_PIN: '12345678', EXLIC_EKEY_PIN: '87654321' }, 'ekey', 'bind', '--signer', 'control');
    expect(current.stderr).not.toMatch(/deprecated/);
  });
});

describe('Chinese under --lang zh or a zh locale', () => {
  it('prints the help, the exit codes and usage errors in Chinese for LANG=zh_CN.UTF-8; LC_ALL wins over LANG; --lang wins over both', async () => {
    const help = await exlic({ LANG: 'zh_CN.UTF-8' }, '--help');
    expect(help.stdout).toMatch(/^exlic — 出口许可证申请工具/);
    expect(help.stdout).toMatch(/退出码：\n {2}0 {3}完成\n {2}1 {3}校验发现问题/);
    expect((await exlic({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' }, '--help')).stdout).toMatch(/^exlic — export licence applications/);
    expect((await exlic({ LC_MESSAGES: 'zh_TW.UTF-8' }, '--help')).stdout).toMatch(/^exlic — 出口许可证申请工具/);
    expect((await exlic({ LANG: 'zh_CN.UTF-8' }, '--lang', 'en', '--help')).stdout).toMatch(/^exlic — export licence applications/);
    expect((await exlic({}, '--lang', 'zh', 'help', 'attachments')).stdout).toMatch(/^用法：exlic attachments 动作/);
    expect((await exlic({ LANG: 'zh_CN.UTF-8' }, 'applications', '--help')).stdout).toMatch(/^用法：exlic applications 动作[\s\S]*示例：[\s\S]*连接与输出/);
    const unknown = await exlic({ LANG: 'zh_CN.UTF-8' }, 'applications', 'list', '--frobnicate');
    expect(unknown.lines).toEqual(['exlic applications: 未知选项 --frobnicate；--help 列出全部选项']);
    const token = await exlic({ LANG: 'zh_CN.UTF-8' }, 'applications', 'list', '--server', served.url);
    expect(token.lines).toEqual(['exlic applications: 未指定令牌：请设置 EXLIC_TOKEN 或加 --token（"exlic sandbox" 为每个企业打印操作员令牌）']);
    const command = await exlic({}, '--lang', 'zh', 'frobnicate');
    expect(command.stderr).toMatch(/^exlic: 未知命令 "frobnicate"\n/);
  });

  it('prints the report headers and table headers in Chinese', async () => {
    const sample = fileURLToPath(new URL('../../../examples/applications/steel-valid.json', import.meta.url));
    const check = await exlic({ LANG: 'zh_CN.UTF-8', NO_COLOR: '1' }, 'check', '--as-of', '2026-11-29', sample);
    expect(check.stdout).toMatch(/^exlic check · 规则 \S+ · 申报 · 生产 · 校验日期 2026-11-29\n/);
    expect(check.stdout).toMatch(/已检查 1 份，有效 1，无效 0\n$/);
    const list = await exlic({ EXLIC_SERVER: served.url, EXLIC_TOKEN: token }, 'applications', 'list', '--lang', 'zh');
    expect(list.stdout).toMatch(/^编号\s+版本\s+状态\s+商务部申请号\s+许可证号\s+合同号\s+更新时间\n/);
  });

  it('every command answers --help with an example, in both languages', async () => {
    for (const name of ['applications', 'attachments', 'contract-details', 'history', 'customs', 'write-offs', 'subscriptions', 'events', 'statistics', 'ekey', 'lookup', 'check', 'sandbox']) {
      for (const lang of ['en', 'zh']) {
        const run = await exlic({}, name, '--help', '--lang', lang);
        expect(run.code, `${name} ${lang}`).toBe(0);
        expect(run.stdout, `${name} ${lang}`).toMatch(lang === 'zh' ? /示例：\n {2}(\S+=… )?exlic / : /Examples?:\n {2}(\S+=… )?exlic /);
      }
    }
  });
});
