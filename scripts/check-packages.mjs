// Packaging checks for every workspace package: what `npm pack` would publish (LICENSE, README.md,
// package.json and dist, plus what a package's `files` names beside dist for a reason given below),
// the metadata npm provenance and the registry page need, publint (strict), @arethetypeswrong/cli,
// and the browser-bundle size budget (scripts/check-size.mjs).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = JSON.parse(readFileSync('package.json', 'utf8'));
const license = readFileSync('LICENSE', 'utf8');
// Beyond dist, derived from the manifest: the bins it declares (the CLI's committed launcher, which npm
// links before the build), and a `<subpath>/package.json` stub for each subpath in `exports`, which
// points resolvers without `exports` support at that subpath's dist files.
const extraFiles = (manifest) => {
  const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  const subpaths = Object.keys(manifest.exports ?? {}).filter((key) => /^\.\/[\w-]+$/.test(key)).map((key) => `${key.slice(2)}/package.json`);
  return new Set([...bins.map((bin) => bin.replace(/^\.\//, '')), ...subpaths]);
};
const REQUIRED_FILES = ['LICENSE', 'README.md', 'package.json'];

let failed = 0;
const fail = (message) => {
  failed += 1;
  console.error(message);
};

for (const dir of root.workspaces) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  // Private workspaces (examples/portal) are never published.
  if (manifest.private) continue;
  for (const field of ['license', 'repository', 'homepage', 'bugs', 'keywords']) {
    if (manifest[field] === undefined) fail(`${dir}/package.json has no "${field}": npm provenance and the registry page need it`);
  }
  if (manifest.repository?.directory !== dir) fail(`${dir}/package.json: repository.directory should be "${dir}"`);
  if (readFileSync(join(dir, 'LICENSE'), 'utf8') !== license) fail(`${dir}/LICENSE differs from the root LICENSE: copy it over`);

  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' }));
  const files = pack.files.map((file) => file.path);
  for (const file of REQUIRED_FILES) if (!files.includes(file)) fail(`${dir}: npm pack leaves out ${file}`);
  if (!files.some((file) => file.startsWith('dist/'))) fail(`${dir}: npm pack has no dist/ (build first)`);
  const allowed = extraFiles(manifest);
  const stray = files.filter((file) => !REQUIRED_FILES.includes(file) && !file.startsWith('dist/') && !allowed.has(file));
  if (stray.length > 0) fail(`${dir}: npm pack would publish ${stray.join(', ')}: only LICENSE, README.md, package.json and dist belong in the tarball`);
  const extras = files.filter((file) => allowed.has(file));
  console.log(`${manifest.name}: npm pack lists ${files.length} files: ${[...REQUIRED_FILES, 'dist/…', ...extras].join(', ')}`);

  for (const [tool, args] of [
    ['publint', ['--strict', dir]],
    ['attw', ['--pack', dir, '--format', 'table-flipped']],
  ]) {
    try {
      execFileSync('npx', ['--no-install', tool, ...args], { stdio: 'inherit' });
    } catch {
      fail(`${tool} failed for ${dir}`);
    }
  }
}

try {
  execFileSync(process.execPath, ['scripts/check-size.mjs'], { stdio: 'inherit' });
} catch {
  fail('the browser-bundle size budget failed');
}
if (failed > 0) process.exit(1);
console.log(`packaging checks passed for the published packages of ${root.workspaces.length} workspaces`);
