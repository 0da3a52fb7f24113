import { createReadStream } from 'node:fs';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { PINYIN_TERM_READINGS, createCatalog, readCatalogFile, type Catalog } from '@exlic/core';
import type { CliIo } from '../io';
import { csvRecordLines } from './csv-lines';

/** A file or line that could not be read: the report names it and the reason; the rest is still checked. */
export interface InputError {
  readonly source: string;
  readonly message: string;
}

/** A catalog read from a file, by display path. */
export interface LoadedCatalog {
  readonly file: string;
  readonly catalog: Catalog;
}

/** One sample file (or standard input) to read, with the folder catalog that applies to it. */
export interface SampleFile {
  readonly kind: 'file';
  /** Absolute path, or `-` for standard input. */
  readonly absolute: string;
  /** The path as the report shows it. */
  readonly shown: string;
  /** Absolute path of the folder catalog that applies, if any. */
  readonly catalogFile?: string;
}

const CATALOG_NAMES = ['catalog.json', 'catalog.csv'];

/** True for files `exlic check` reads from a folder: `.json` and `.ndjson`, not catalogs or expectation files. */
function isSampleFile(name: string): boolean {
  return (name.endsWith('.json') || name.endsWith('.ndjson')) && !CATALOG_NAMES.includes(name) && !name.endsWith('.expect.json');
}

/** Forward-slash path relative to the working directory, as reports show it. */
export function displayPath(io: Pick<CliIo, 'cwd'>, absolute: string): string {
  const relative = path.relative(io.cwd, absolute);
  return (relative === '' ? '.' : relative.startsWith('..') ? absolute : relative).split(path.sep).join('/');
}

/** The bytes of a sample: the file streamed in chunks, or standard input. */
export function openSample(io: CliIo, file: SampleFile): AsyncIterable<Uint8Array | string> {
  return file.absolute === '-' ? io.stdin : createReadStream(file.absolute, { highWaterMark: 256 * 1024 });
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** Walks a folder: sample files in name order, folders recursively; symbolic links followed once each, loops noticed. */
async function walk(io: CliIo, dir: string, state: WalkState): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    state.list.push({ kind: 'error', error: { source: displayPath(io, dir), message: `cannot read the folder: ${errorCode(error)}` } });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const info = await stat(full);
        isDirectory = info.isDirectory();
        isFile = info.isFile();
      } catch (error) {
        state.list.push({ kind: 'error', error: { source: displayPath(io, full), message: `a symbolic link that cannot be followed: ${errorCode(error)}` } });
        continue;
      }
    }
    if (isDirectory) {
      let real: string;
      try {
        real = await realpath(full);
      } catch (error) {
        state.list.push({ kind: 'error', error: { source: displayPath(io, full), message: `cannot read the folder: ${errorCode(error)}` } });
        continue;
      }
      if (state.folders.has(real)) {
        state.notes.push(`${displayPath(io, full)}: a link to a folder already read (${displayPath(io, real)}); not read twice`);
        continue;
      }
      state.folders.add(real);
      await walk(io, full, state);
    } else if (isFile && isSampleFile(entry.name)) {
      await addFile(io, full, state);
    }
  }
}

async function addFile(io: CliIo, file: string, state: WalkState): Promise<void> {
  let real = file;
  try {
    real = await realpath(file);
  } catch {
    // Reading it will report the problem.
  }
  if (state.files.has(real)) {
    state.notes.push(`${displayPath(io, file)}: the same file as one already read (${displayPath(io, real)}); not checked twice`);
    return;
  }
  state.files.add(real);
  state.list.push({ kind: 'file', file, root: state.root });
}

interface WalkState {
  readonly notes: string[];
  readonly folders: Set<string>;
  readonly files: Set<string>;
  list: ({ kind: 'file'; file: string; root: string } | { kind: 'error'; error: InputError })[];
  root: string;
}

/** A path that could not be read, in its place among the files. */
interface PathError {
  readonly kind: 'error';
  readonly error: InputError;
}

/** What the PATH arguments name: the files to read in order, the paths that could not be read, and notes for the user. */
export interface CollectedFiles {
  /** Files to read, and paths that could not be read, in the order the arguments and folders give them. */
  readonly files: (SampleFile | PathError)[];
  /** Things the user should know that are not errors (a folder reached twice by a link). */
  readonly notes: string[];
}

/** Lists the PATH arguments: files, folders (recursively, links followed once) and `-` for standard input. Never throws for a path. */
export async function collectFiles(io: CliIo, paths: readonly string[], useFolderCatalogs: boolean): Promise<CollectedFiles> {
  const state: WalkState = { notes: [], folders: new Set(), files: new Set(), list: [], root: io.cwd };
  const files: (SampleFile | PathError)[] = [];
  for (const given of paths) {
    if (given === '-') {
      files.push({ kind: 'file', absolute: '-', shown: '-' });
      continue;
    }
    const absolute = path.resolve(io.cwd, given);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      files.push({ kind: 'error', error: { source: displayPath(io, absolute), message: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : `cannot read: ${errorCode(error)}` } });
      continue;
    }
    state.list = [];
    if (info.isDirectory()) {
      state.root = absolute;
      state.folders.add(await realpath(absolute).catch(() => absolute));
      await walk(io, absolute, state);
    } else {
      state.root = path.dirname(absolute);
      await addFile(io, absolute, state);
    }
    for (const item of state.list) {
      if (item.kind === 'error') {
        files.push(item);
        continue;
      }
      const catalogFile = useFolderCatalogs ? await folderCatalogFor(item.file, item.root) : undefined;
      files.push({ kind: 'file', absolute: item.file, shown: displayPath(io, item.file), ...(catalogFile ? { catalogFile } : {}) });
    }
  }
  return { files, notes: state.notes };
}

/** A text file read for a command, with the path to show the user. */
export interface TextFile {
  readonly absolute: string;
  /** The path as the report shows it (relative to the working folder when inside it). */
  readonly shown: string;
  readonly text: string;
  /** Set when the text was not UTF-8 and was read as GB18030 (CSV only). */
  readonly encoding?: 'gb18030';
}

/**
 * Reads a text file named on the command line, as strict UTF-8; a CSV file that is not UTF-8 is read
 * as GB18030 (what a Chinese Excel saves) and says so. Throws an Error naming the file, what it was for
 * and why it failed (`ENOENT`, `EISDIR`, not UTF-8, …).
 */
export async function readTextFile(io: Pick<CliIo, 'cwd'>, file: string, what: string, options: { gb18030Fallback?: boolean } = {}): Promise<TextFile> {
  const absolute = path.resolve(io.cwd, file);
  const shown = displayPath(io, absolute);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    throw new Error(`${shown}: cannot read the ${what}: ${errorCode(error)}`);
  }
  try {
    return { absolute, shown, text: stripBom(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    if (!options.gb18030Fallback) throw new Error(`${shown}: the ${what} is not UTF-8 text; save it as UTF-8`);
  }
  try {
    return { absolute, shown, text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), encoding: 'gb18030' };
  } catch {
    throw new Error(`${shown}: the ${what} is neither UTF-8 nor GB18030 text; save it as UTF-8`);
  }
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** Options of {@link loadCatalogFile}. */
export interface LoadCatalogOptions {
  /** Full pinyin for the rows, so `lookup` finds a caller's rows by pinyin (loads pinyin-pro; `check` does not need it). */
  readonly pinyin?: boolean;
  /** Where to say that a CSV file was read as GB18030. */
  readonly note?: (text: string) => void;
}

/** Reads a catalog file (JSON or CSV by extension); throws an Error whose message names the file, and for CSV the line and column. */
export async function loadCatalogFile(io: Pick<CliIo, 'cwd'>, file: string, options: LoadCatalogOptions = {}): Promise<LoadedCatalog> {
  const csv = file.toLowerCase().endsWith('.csv');
  const { shown, text, encoding } = await readTextFile(io, file, 'catalog', { gb18030Fallback: csv });
  if (encoding) options.note?.(`${shown}: not UTF-8; read as GB18030 (the encoding a Chinese Excel saves). Save it as UTF-8 to silence this note.`);
  const parsed = readCatalogFile(text, csv ? 'csv' : 'json');
  if (!parsed.success) {
    // Every problem, by file line: a catalog never half-loads. A stray quote comes first, by line and column:
    // it swallows what follows it, so the lines the parser blames are later than the mistake.
    const stray = csv ? csvRecordLines(stripBom(text)).strayQuote : undefined;
    const problems = [
      ...(stray ? [`${shown}:${stray.line}:${stray.column}: a quote inside an unquoted field (a field with quotes must be quoted whole, each quote doubled)`] : []),
      ...parsed.issues.map((issue) => (issue.line === undefined && issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)),
    ];
    throw new Error(`${shown}: not a catalog (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`);
  }
  let label = shown;
  if (!csv) {
    try {
      const json = JSON.parse(text) as { source?: unknown };
      if (json && !Array.isArray(json) && typeof json.source === 'string') label = `${shown} (${json.source})`;
    } catch {
      // Already parsed above; a label is only a courtesy.
    }
  }
  const pinyin = options.pinyin ? await pinyinReader() : undefined;
  return { file: shown, catalog: createCatalog(parsed.data.entries, { source: label, partialYears: parsed.data.partialYears, ...(pinyin ? { pinyin } : {}) }) };
}

/** Full pinyin for a caller's catalog, which carries none (the bundled data has it precomputed); pinyin-pro is loaded only here. */
async function pinyinReader(): Promise<(text: string) => string> {
  const { customPinyin, pinyin } = await import('pinyin-pro');
  customPinyin(PINYIN_TERM_READINGS);
  return (text) => pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join(' ');
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
