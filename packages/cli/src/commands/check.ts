import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isIsoDate, todayIsoDate, type Catalog } from '@exlic/core';
import { createBatchChecker, readRuleSetFile, type Batch, type BatchChecker, type BatchFile, type BatchResult, type CheckerSetup } from '../check/checker';
import { expectFileFor } from '../check/expect';
import { collectFiles, displayPath, loadCatalogFile, openSample, type InputError, type LoadedCatalog, type SampleFile } from '../check/inputs';
import { createPool, type CheckPool } from '../check/pool';
import { HUGE_LINE_BYTES, readJson, readNdjsonLines } from '../check/read-json';
import { SummaryCounter, createWriter, type WriterOptions } from '../check/report';
import { EXIT, UsageError, colorEnabled, languageOf, type CliIo } from '../io';

/** The usage text of `exlic check` (also printed by `exlic help check`). */
export const CHECK_USAGE = `Usage: exlic check [options] PATH...

Checks export licence applications against the Single Window form rules.
PATH is a .json file (one application or an array), an .ndjson file, a folder of those, or - for standard input.
Files are read as streams, so a batch of any size runs in flat memory; large batches are checked on
worker threads, and results come out in input order.

Options:
  --phase save|declare        save: format checks only; declare: every rule (default declare)
  --profile production|test   test: check-character failures of credit codes are warnings (default production)
  --as-of YYYY-MM-DD          today's date for date rules (default today)
  --catalog FILE              commodity catalog (.json or .csv) for every PATH; otherwise a folder's
                              catalog.json / catalog.csv applies to the files under it, else the bundled snapshot
  --rules FILE                a rule-set JSON file (default: the bundled rule set)
  --format table|json|junit   report format (default table)
  --lang zh|en                language of messages in table and junit (default from LANG, else en)
  --expect                    compare each sample with NAME.expect.json beside it; exit 1 on any difference
                              (the file may set the sample's own phase, profile and asOf: see the README)
  --jobs N                    threads that check once a run passes 2,000 applications (at once for
                              an NDJSON file over 2 MB): this one and N-1 workers; default one per
                              core, at most 8; 1 (or 0) checks on this thread only. The report is
                              the same either way
  -h, --help                  this help

Examples:
  exlic check examples/applications/steel-valid.json
  exlic check --expect --format junit examples/applications > report.xml

Exit: 0 all valid (or all as expected), 1 any invalid (or any difference),
      2 bad usage, unreadable input, or nothing checked.
`;

/** The usage text of \`exlic check\` in Chinese. */
export const CHECK_USAGE_ZH = `用法：exlic check [选项] 路径...

按单一窗口表单规则校验出口许可证申请。
路径可以是 .json 文件（一份申请或数组）、.ndjson 文件、包含这些文件的文件夹，或 - 表示标准输入。
文件以流方式读取，任意规模的批量都占用恒定内存；大批量在工作线程中校验，结果按输入顺序输出。

选项：
  --phase save|declare        save：只做格式校验；declare：全部规则（默认 declare）
  --profile production|test   test：统一社会信用代码校验位错误只作警告（默认 production）
  --as-of YYYY-MM-DD          日期规则使用的"今天"（默认今天）
  --catalog 文件              所有路径使用的商品目录（.json 或 .csv）；否则文件夹中的 catalog.json / catalog.csv
                              适用于其下的文件，再否则使用内置快照
  --rules 文件                规则集 JSON 文件（默认：内置规则集）
  --format table|json|junit   报告格式（默认 table）
  --lang zh|en                table 和 junit 中信息的语言（默认按 LC_ALL / LC_MESSAGES / LANG）
  --expect                    把每个样例与旁边的 NAME.expect.json 比较；有差异则退出码 1
  --jobs N                    超过 2,000 份（或超过 2 MB 的 NDJSON 文件）时用于校验的线程数：主线程加 N-1 个
                              工作线程；默认每个核一个（最多 8 个）；1（或 0）只用主线程。无论几个线程，报告都相同
  -h, --help                  本帮助

示例：
  exlic check examples/applications/steel-valid.json
  exlic check --expect --format junit examples/applications > report.xml

退出码：0 全部有效（或全部符合预期），1 有无效（或有差异），2 用法有误、输入无法读取或没有可校验的内容。
`;

const BATCH = 500;
const BATCH_CHARS = 256 * 1024;
// Each worker holds its own rules, catalogs and heap (some 40-50 MB): past 8 the memory grows faster than the speed.
const MAX_DEFAULT_JOBS = 8;
const WORKER_AFTER = 2000;
const LOCAL_WHEN_WAITING = 3;

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError({ en: `--${name} must be ${allowed.join(' or ')}, not "${value}"`, zh: `--${name} 只能是 ${allowed.join(' 或 ')}，而不是 "${value}"` });
  return value as T;
}

/** Writes to stdout in large pieces and waits when the stream asks (backpressure), so a slow reader never makes output pile up. */
class Output {
  private pending: string[] = [];
  private size = 0;

  constructor(private readonly stream: CliIo['stdout']) {}

  /** Text, or text a worker thread has already encoded as UTF-8 (written as it is). */
  async write(text: string | Uint8Array): Promise<void> {
    if (text.length === 0) return;
    if (typeof text !== 'string') {
      await this.flush();
      await this.send(text);
      return;
    }
    this.pending.push(text);
    this.size += text.length;
    if (this.size >= 64 * 1024) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.size = 0;
    await this.send(text);
  }

  private async send(piece: string | Uint8Array): Promise<void> {
    const ok = this.stream.write(piece);
    const once = (this.stream as { once?: (event: string, listener: () => void) => unknown }).once;
    if (ok === false && typeof once === 'function') await new Promise<void>((resolve) => once.call(this.stream, 'drain', resolve));
  }
}

// The built worker beside this file (dist/check-worker.js); absent when running from source, where checks stay on this thread.
function workerFile(): string | undefined {
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  const file = path.join(path.dirname(here), 'check-worker.js');
  return existsSync(file) ? file : undefined;
}

/** What the queue holds, in input order: a batch being checked, or a part of a file that could not be read. */
type Entry = { readonly kind: 'error'; readonly error: InputError } | { readonly kind: 'batch'; readonly result: Promise<BatchResult>; readonly catalog?: string };

/** `exlic check`: checks applications and reports as a table, JSON or JUnit, streaming; returns the exit code. */
export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      phase: { type: 'string' },
      profile: { type: 'string' },
      'as-of': { type: 'string' },
      catalog: { type: 'string' },
      rules: { type: 'string' },
      format: { type: 'string' },
      lang: { type: 'string' },
      expect: { type: 'boolean' },
      jobs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const lang = languageOf(io.env, values.lang);
  if (values.help) {
    io.stdout.write(lang === 'zh' ? CHECK_USAGE_ZH : CHECK_USAGE);
    return EXIT.ok;
  }
  const phase = oneOf('phase', values.phase, ['save', 'declare'], 'declare');
  const profile = oneOf('profile', values.profile, ['production', 'test'], 'production');
  const format = oneOf('format', values.format, ['table', 'json', 'junit'], 'table');
  oneOf('lang', values.lang, ['zh', 'en'], lang);
  const asOf = values['as-of'] ?? todayIsoDate();
  if (!isIsoDate(asOf)) throw new UsageError({ en: `--as-of must be a date written YYYY-MM-DD, not "${asOf}"`, zh: `--as-of 必须是 YYYY-MM-DD 格式的日期，而不是 "${asOf}"` });
  if (values.jobs !== undefined && !/^(0|[1-9]\d?)$/.test(values.jobs)) throw new UsageError({ en: `--jobs takes a whole number from 0 to 99, not "${values.jobs}"`, zh: `--jobs 必须是 0 到 99 的整数，而不是 "${values.jobs}"` });
  if (positionals.length === 0) throw new UsageError({ en: `no PATH given\n\n${CHECK_USAGE}`, zh: `未给出路径\n\n${CHECK_USAGE_ZH}` });
  if (values.expect && positionals.includes('-')) throw new UsageError({ en: '--expect reads NAME.expect.json beside each file, so it cannot check standard input', zh: '--expect 读取每个文件旁的 NAME.expect.json，因此不能校验标准输入' });
  const note = (text: string) => io.stderr.write(`exlic check: note: ${text}\n`);

  const rulesFile = values.rules ? path.resolve(io.cwd, values.rules) : undefined;
  let ruleSetVersion: string;
  try {
    ruleSetVersion = rulesFile ? (await readRuleSetFile(rulesFile)).version : (await import('@exlic/rules')).getBundledRuleSet().version;
  } catch (error) {
    throw new UsageError({ en: `${displayPath(io, rulesFile ?? '')}: not a usable rule set: ${(error as Error).message}`, zh: `${displayPath(io, rulesFile ?? '')}：不是可用的规则集：${(error as Error).message}` });
  }
  let fixedCatalog: LoadedCatalog | undefined;
  if (values.catalog) {
    try {
      fixedCatalog = await loadCatalogFile(io, values.catalog, { note });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }

  const collected = await collectFiles(io, positionals, fixedCatalog === undefined);
  for (const text of collected.notes) note(text);
  const errors: InputError[] = [];
  const counter = new SummaryCounter(Boolean(values.expect));
  const report: WriterOptions = {
    format,
    lang,
    color: colorEnabled(io, io.stdout),
    expect: Boolean(values.expect),
    meta: { ruleSet: ruleSetVersion, phase, profile, asOf },
    header: [
      lang === 'zh'
        ? `exlic check · 规则 ${ruleSetVersion} · ${phase === 'save' ? '暂存' : '申报'} · ${profile === 'test' ? '联调' : '生产'} · 校验日期 ${asOf}${fixedCatalog ? ` · 商品目录 ${fixedCatalog.file}` : ''}`
        : `exlic check · rules ${ruleSetVersion} · ${phase} · ${profile} · as of ${asOf}${fixedCatalog ? ` · catalog ${fixedCatalog.file}` : ''}`,
    ],
  };
  const writer = createWriter(report);
  const out = new Output(io.stdout);
  const reportError = async (error: InputError) => {
    errors.push(error);
    counter.addError();
    if (format !== 'table') io.stderr.write(`exlic check: ${error.source}: ${error.message}\n`);
    await out.write(writer.error(error));
  };
  await out.write(writer.begin());

  // Folder catalogs: read once here, so an unreadable one is one error and its files are skipped.
  const catalogs = new Map<string, Catalog>();
  const badCatalogs = new Set<string>();
  if (fixedCatalog) catalogs.set(path.resolve(io.cwd, values.catalog!), fixedCatalog.catalog);
  const samples = collected.files.filter((item): item is SampleFile => item.kind === 'file');
  for (const file of new Set(samples.map((sample) => sample.catalogFile).filter((name): name is string => name !== undefined))) {
    try {
      catalogs.set(file, (await loadCatalogFile(io, file, { note })).catalog);
    } catch (error) {
      badCatalogs.add(file);
      await reportError({ source: displayPath(io, file), message: (error as Error).message.replace(/^[^:]*: /, '') });
    }
  }

  const setup: CheckerSetup = { phase, profile, asOf, cwd: io.cwd, report, ...(rulesFile ? { rulesFile } : {}) };
  // Checks start on this thread; once a run proves large (more than WORKER_AFTER applications), worker threads take the
  // later batches, so a single file of one application never pays for starting them. The queue keeps the order either way.
  // By default one checking thread per core: this one and a worker for each other core. The workers decode, parse, check
  // and format whole batches; this thread cuts the input at line breaks, writes their text in order, and checks a batch
  // itself whenever every worker has enough waiting (see send). (With one worker fewer than cores and this thread not
  // checking, a 2-core machine had a single checking thread and was slower than the plain library: issue 22.)
  const jobs = values.jobs !== undefined ? Number(values.jobs) : Math.min(MAX_DEFAULT_JOBS, availableParallelism());
  const worker = jobs > 1 ? workerFile() : undefined;
  // This thread's own checker, made when first needed: a large run that goes to workers from its start never loads
  // the rules here (a worker whose thread dies has its batches checked again by it).
  let made: Promise<BatchChecker> | undefined;
  const local: BatchChecker = (batch) => (made ??= createBatchChecker(setup, catalogs)).then((checker) => checker(batch));
  let pool: CheckPool | undefined;
  let run: BatchChecker = local;
  let maxInFlight = 1;
  let sent = 0;
  const tick = progress(io);

  // What the table and JSON need to know of the results before a batch: the catalog named last, and whether any came.
  let lastCatalog: string | undefined;
  const inFlight: Entry[] = [];
  const settleHead = async () => {
    const head = inFlight.shift()!;
    if (head.kind === 'error') {
      await reportError(head.error);
      return;
    }
    const result = await head.result;
    for (const error of result.errors) {
      errors.push(error);
      counter.addError();
      if (format !== 'table') io.stderr.write(`exlic check: ${error.source}: ${error.message}\n`);
    }
    await out.write(result.head);
    if (result.checked > 0) {
      const { catalog } = head;
      if (catalog !== lastCatalog) {
        lastCatalog = catalog;
        if (catalog) await out.write(writer.catalogLine(catalog));
      }
      if (counter.summary.checked > 0) await out.write(writer.separator);
      counter.add(result);
      await out.write(result.body);
      tick?.(counter.summary.checked);
    }
  };
  const enqueue = async (entry: Entry) => {
    inFlight.push(entry);
    while (inFlight.length > maxInFlight) await settleHead();
  };
  const send = async (batch: Batch, count: number, large = false, huge = false) => {
    if (huge) {
      // One line of megabytes: checked here, where the heap is large (see HUGE_LINE_BYTES in read-json.ts).
      await enqueue({ kind: 'batch', result: local(batch), ...(batch.file.catalogName ? { catalog: batch.file.catalogName } : {}) });
      return;
    }
    if (worker && !pool && (values.jobs !== undefined || large || sent >= WORKER_AFTER)) {
      try {
        pool = await createPool(jobs - 1, setup, worker, local, (error) => note(`a checking thread stopped (${error.message}); its applications are checked again on this thread`));
        run = pool.run;
        maxInFlight = jobs * 4;
      } catch (error) {
        note(`cannot start worker threads (${(error as Error).message}); checking on one thread`);
        maxInFlight = 1;
        pool = { run: local, saturated: () => false, close: async () => {} };
      }
    }
    sent += count;
    // This thread checks too, whenever every worker has enough waiting: it reads and writes in a few percent of its time,
    // and it checks faster than a worker (a worker's isolate took some 15 % more CPU for the same checks).
    const here = pool !== undefined && pool.saturated(LOCAL_WHEN_WAITING);
    await enqueue({ kind: 'batch', result: here ? local(batch) : run(batch), ...(batch.file.catalogName ? { catalog: batch.file.catalogName } : {}) });
  };

  try {
    for (const file of collected.files) {
      if (file.kind === 'error') {
        await enqueue(file);
        continue;
      }
      if (file.catalogFile !== undefined && badCatalogs.has(file.catalogFile)) continue; // reported once, above
      const catalogFile = fixedCatalog ? path.resolve(io.cwd, values.catalog!) : file.catalogFile;
      const catalogName = fixedCatalog?.file ?? (file.catalogFile ? displayPath(io, file.catalogFile) : undefined);
      const ndjson = file.absolute.endsWith('.ndjson');
      const batchFile: BatchFile = {
        shown: file.shown,
        ndjson,
        ...(catalogFile ? { catalogFile } : {}),
        ...(catalogName ? { catalogName } : {}),
        ...(values.expect ? { expectFile: expectFileFor(file.absolute) } : {}),
      };
      let pendingValues: { index: number; line: number; text: string }[] = [];
      let size = 0;
      const sendValues = async () => {
        if (pendingValues.length === 0) return;
        const items = pendingValues;
        pendingValues = [];
        size = 0;
        await send({ kind: 'values', file: batchFile, items }, items.length);
      };
      try {
        if (ndjson) {
          // A file this large holds more than WORKER_AFTER applications: workers from its first line.
          const large = file.absolute !== '-' && ((await stat(file.absolute).catch(() => undefined))?.size ?? 0) > WORKER_AFTER * 1024;
          for await (const item of readNdjsonLines(openSample(io, file))) {
            if (item.kind === 'lines') await send({ kind: 'lines', file: batchFile, bytes: item.bytes, firstLine: item.firstLine, firstIndex: item.firstIndex }, item.count, large, item.huge);
            else if (item.kind === 'error') await enqueue({ kind: 'error', error: { source: `${file.shown}:${item.line}`, message: item.message } });
          }
        } else {
          for await (const item of readJson(openSample(io, file))) {
            if (item.kind === 'error') {
              await sendValues();
              await enqueue({ kind: 'error', error: { source: `${file.shown}:${item.line}`, message: item.message } });
              continue;
            }
            if (item.text.length >= HUGE_LINE_BYTES / 2) {
              // A value of megabytes: alone, on this thread (see HUGE_LINE_BYTES).
              await sendValues();
              await send({ kind: 'values', file: batchFile, items: [{ index: item.index, line: item.line, text: item.text }] }, 1, false, true);
              continue;
            }
            pendingValues.push({ index: item.index, line: item.line, text: item.text });
            size += item.text.length;
            if (pendingValues.length >= BATCH || size >= BATCH_CHARS) await sendValues();
          }
          await sendValues();
        }
      } catch (error) {
        // The file went away or became unreadable while being read: one error naming it; the run goes on.
        await sendValues();
        await enqueue({ kind: 'error', error: { source: file.shown, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` } });
      }
    }
    while (inFlight.length > 0) await settleHead();
  } finally {
    await pool?.close();
  }

  const summary = counter.summary;
  tick?.(summary.checked, true);
  await out.write(writer.end(summary, errors));
  await out.flush();
  if (summary.checked === 0) {
    io.stderr.write(
      `exlic check: nothing was checked: ${errors.length > 0 ? `every input failed to read (${errors.length} error(s) above)` : `no application found in ${positionals.join(', ')} (folders are searched for .json and .ndjson files; catalogs and .expect.json files are not samples)`}\n`,
    );
    return EXIT.usage;
  }
  if (errors.length > 0) return EXIT.usage;
  if (values.expect) return summary.expectFailures === 0 ? EXIT.ok : EXIT.finding;
  return summary.invalid === 0 ? EXIT.ok : EXIT.finding;
}

// A count on a terminal once a run passes 1,000 applications; the number of applications is not known ahead in a stream.
function progress(io: CliIo): ((done: number, end?: boolean) => void) | undefined {
  if (!io.stderr.isTTY) return undefined;
  let shown = 0;
  return (done, end = false) => {
    if (done <= 1000 || (!end && done - shown < 500)) return;
    shown = done;
    io.stderr.write(`\rexlic check: ${done.toLocaleString('en')} checked${end ? '\n' : ''}`);
  };
}
