// README.md against what the repository holds: its package table lists every workspace package under
// packages/ (read from their package.json files), its command table every command `exlic --help` lists,
// and its prose never installs @exlic/* from the registry, where they are not published.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../src/io';
import { main } from '../src/main';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** Every package folder under packages/ with its package.json name. */
function workspacePackages(): { name: string; folder: string }[] {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, 'packages', entry.name, 'package.json')))
    .map((entry) => ({ name: (JSON.parse(readFileSync(join(root, 'packages', entry.name, 'package.json'), 'utf8')) as { name: string }).name, folder: `packages/${entry.name}` }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The command names `exlic --help` lists under "Commands:" (English help, whatever the machine's locale). */
async function helpCommands(): Promise<string[]> {
  let out = '';
  const io: CliIo = { stdout: { write: (text: string) => (out += text) }, stderr: { write: () => true }, stdin: (async function* () {})(), env: { LANG: 'C' }, cwd: root };
  expect(await main(['--help'], io)).toBe(0);
  const section = out.slice(out.indexOf('Commands:'));
  const block = section.slice(0, section.search(/\n\s*\n/));
  return [...block.matchAll(/^ {2}([a-z][\w-]*)(?= |$)/gm)].map((match) => match[1]!).sort();
}

describe('README.md', () => {
  it('lists every workspace package, linked to its folder', () => {
    const rows = [...readme.matchAll(/^\| \[`(@exlic\/[\w-]+)`\]\(([\w/-]+)\) \|/gm)].map((match) => ({ name: match[1]!, folder: match[2]! })).sort((a, b) => a.name.localeCompare(b.name));
    const packages = workspacePackages();
    expect(packages.length).toBeGreaterThanOrEqual(6);
    expect(rows).toEqual(packages);
  });

  it('lists every command of exlic --help, and no other', async () => {
    const rows = [...readme.matchAll(/^\| `exlic ([\w-]+)` \|/gm)].map((match) => match[1]!).sort();
    const commands = await helpCommands();
    expect(commands.length).toBeGreaterThanOrEqual(9);
    expect(rows).toEqual(commands);
  });

  it('installs from a clone or tarballs, never from the registry, and keeps npm test and npm run demo', () => {
    for (const file of ['README.md', 'docs/getting-started.en.md', 'docs/getting-started.zh.md']) {
      const text = readFileSync(join(root, file), 'utf8');
      // Only as a warning ("never npm i @exlic/…"), never as a step in a shell block.
      const blocks = [...text.matchAll(/^```(?:sh|bash|shell)[^\n]*\n([\s\S]*?)^```/gm)].map((match) => match[1]!).join('\n');
      expect(blocks, file).not.toMatch(/npm (i|install)( -[gD])? @exlic\/|npx @exlic\/|npx (?!--no-install )exlic\b/);
      expect(text, file).toMatch(/npm pack/);
      expect(text, file).toMatch(/^## (What is real|哪些是真实的)$/m);
    }
    expect(readme).toMatch(/^npm ci && npm test\b/m);
    expect(readme).toMatch(/^npm ci && npm run demo\b/m);
  });
});
