import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createCatalog, readCatalogFile, type Catalog } from '@exlic/core';
import { pinyin } from 'pinyin-pro';
import type { CliIo } from '../io';

/** One application to check, with where it came from. */
export interface CheckInput {
  /** `dir/a.json#0`: the file as the user sees it and the application's index in it. */
  readonly source: string;
  /** The file part of `source`, `-` for standard input. */
  readonly file: string;
  readonly index: number;
  readonly value: unknown;
  /** The folder catalog that applies, if any (display path). */
  readonly catalogFile?: string;
}

/** A file that could not be read: the report names it and the reason; the other files are still checked. */
export interface InputError {
  readonly source: string;
  readonly message: string;
}

/** A catalog read from a file, by display path. */
export interface LoadedCatalog {
  readonly file: string;
  readonly catalog: Catalog;
}

const CATALOG_NAMES = ['catalog.json', 'catalog.csv'];

/** True for files `exlic check` reads from a folder: `.json` and `.ndjson`, not catalogs or expectation files. */
export function isSampleFile(name: string): boolean {
  return (name.endsWith('.json') || name.endsWith('.ndjson')) && !CATALOG_NAMES.includes(name) && !name.endsWith('.expect.json');
}

/** Forward-slash path relative to the working directory, as reports show it. */
export function displayPath(io: CliIo, absolute: string): string {
  const relative = path.relative(io.cwd, absolute);
  return (relative === '' ? '.' : relative.startsWith('..') ? absolute : relative).split(path.sep).join('/');
}

/** Splits a file's text into applications: a JSON value (an array is many), or NDJSON (one per non-blank line). */
export function splitApplications(text: string, ndjson: boolean): { values: unknown[] } | { error: string } {
  if (!ndjson) {
    try {
      const value: unknown = JSON.parse(text);
      return { values: Array.isArray(value) ? value : [value] };
    } catch (error) {
      return { error: `not valid JSON: ${(error as Error).message}` };
    }
  }
  const values: unknown[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      values.push(JSON.parse(line));
    } catch (error) {
      return { error: `line ${i + 1} is not valid JSON: ${(error as Error).message}` };
    }
  }
  return { values };
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(full)));
    else if (entry.isFile() && isSampleFile(entry.name)) files.push(full);
  }
  return files;
}

async function readStdin(io: CliIo): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/** A text file read for a command, with the path to show the user. */
export interface TextFile {
  readonly absolute: string;
  /** The path as the report shows it (relative to the working folder when inside it). */
  readonly shown: string;
  readonly text: string;
}

/** Reads a UTF-8 file named on the command line; throws an Error naming the file, what it was for and why it failed (`ENOENT`, `EISDIR`, …). */
export async function readTextFile(io: CliIo, file: string, what: string): Promise<TextFile> {
  const absolute = path.resolve(io.cwd, file);
  const shown = displayPath(io, absolute);
  try {
    return { absolute, shown, text: await readFile(absolute, 'utf8') };
  } catch (error) {
    throw new Error(`${shown}: cannot read the ${what}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Full pinyin for a caller's catalog, which carries none (the bundled data has it precomputed), so `lookup` finds its rows by pinyin too. */
const toPinyin = (text: string) => pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join(' ');

/** Reads a catalog file (JSON or CSV by extension); throws an Error whose message names the file and the problem. */
export async function loadCatalogFile(io: CliIo, file: string): Promise<LoadedCatalog> {
  const { absolute, shown, text } = await readTextFile(io, file, 'catalog');
  const parsed = readCatalogFile(text, absolute.endsWith('.csv') ? 'csv' : 'json');
  if (!parsed.success) {
    // Every problem, by file line: a catalog never half-loads.
    const problems = parsed.issues.map((issue) => (issue.line === undefined && issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
    throw new Error(`${shown}: not a catalog (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`);
  }
  let label = shown;
  try {
    const json = absolute.endsWith('.json') ? (JSON.parse(text) as { source?: unknown; catalog?: unknown }) : undefined;
    if (json && !Array.isArray(json) && typeof json.source === 'string') label = `${shown} (${json.source})`;
  } catch {
    // Already parsed above; a label is only a courtesy.
  }
  return { file: shown, catalog: createCatalog(parsed.data.entries, { source: label, pinyin: toPinyin, partialYears: parsed.data.partialYears }) };
}

/** Finds the folder catalog for a file: `catalog.json` or `catalog.csv` in its folder or a parent, up to the PATH given. */
async function folderCatalogFor(file: string, root: string): Promise<string | undefined> {
  let dir = path.dirname(file);
  for (;;) {
    for (const name of CATALOG_NAMES) {
      const candidate = path.join(dir, name);
      try {
        if ((await stat(candidate)).isFile()) return candidate;
      } catch {
        // Not there: look further up.
      }
    }
    if (dir === root || path.dirname(dir) === dir || !dir.startsWith(root)) return undefined;
    dir = path.dirname(dir);
  }
}

/** Everything the PATH arguments name: applications in order, and the files that could not be read. */
export interface CollectedInputs {
  readonly inputs: CheckInput[];
  readonly errors: InputError[];
  /** Folder catalogs found, by absolute path (read by the caller). */
  readonly folderCatalogs: Set<string>;
  /** Absolute path of each sample file, by display path (for `--expect`). */
  readonly files: Map<string, string>;
}

/** Reads the PATH arguments: files, folders (recursively) and `-` for standard input. */
export async function collectInputs(io: CliIo, paths: readonly string[], useFolderCatalogs: boolean): Promise<CollectedInputs> {
  const inputs: CheckInput[] = [];
  const errors: InputError[] = [];
  const folderCatalogs = new Set<string>();
  const files = new Map<string, string>();
  const addSplit = (split: ReturnType<typeof splitApplications>, shown: string, catalogFile: string | undefined) => {
    if ('error' in split) {
      errors.push({ source: shown, message: split.error });
      return;
    }
    split.values.forEach((value, index) =>
      inputs.push({ source: `${shown}#${index}`, file: shown, index, value, ...(catalogFile ? { catalogFile: displayPath(io, catalogFile) } : {}) }),
    );
  };
  for (const given of paths) {
    if (given === '-') {
      const text = await readStdin(io);
      // Standard input may be one JSON document or NDJSON: JSON first, then NDJSON when there are several lines.
      const asJson = splitApplications(text, false);
      addSplit('error' in asJson && text.trim().includes('\n') ? splitApplications(text, true) : asJson, '-', undefined);
      continue;
    }
    const absolute = path.resolve(io.cwd, given);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      errors.push({ source: displayPath(io, absolute), message: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : `cannot read: ${(error as Error).message}` });
      continue;
    }
    const list = info.isDirectory() ? await walk(absolute) : [absolute];
    const root = info.isDirectory() ? absolute : path.dirname(absolute);
    for (const file of list) {
      const shown = displayPath(io, file);
      files.set(shown, file);
      const catalogFile = useFolderCatalogs ? await folderCatalogFor(file, root) : undefined;
      if (catalogFile) folderCatalogs.add(catalogFile);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        errors.push({ source: shown, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
        continue;
      }
      addSplit(splitApplications(text, file.endsWith('.ndjson')), shown, catalogFile);
    }
  }
  return { inputs, errors, folderCatalogs, files };
}
