import { writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { ApplicationFilters, ApplicationRecord } from '@exlic/client';
import { STATUSES, isIsoDate, type Status } from '@exlic/core';
import { EXIT, OperationError, UsageError, say, type Bilingual, type CliIo, type Lang } from '../io';
import { SIGNER_USAGE, clientFrom, formatOf, noMoreThan, output, parseClientArgs, positiveInt, printHelp, readJsonFile, renderFields, required, signerFrom } from './client-command';

const USAGE: Bilingual = {
  en: `Usage: exlic applications VERB [arguments] [options]

  list [filters] [--limit N] [--all]      your applications, newest first (--all walks every page)
       filters: --status S[,S…] --scope mine|enterprise --mofcom-no NO --licence-no NO --hs-code CODE
                --country CODE --year YYYY --created-from YYYY-MM-DD --created-to YYYY-MM-DD --cursor C
  count [filters]                         how many applications match
  get ID                                  one application
  save FILE [--id ID --version N]         save FILE (JSON) as a new draft, or replace draft ID at version N
  delete ID [--version N]                 delete a draft (only if still at version N, when given)
  copy ID [--count N]                     N new drafts (1-50) from an application
  declare ID [--signer S] [--version N] [--idempotency-key K]
                                          sign the stored version with the e-key and declare it (申报)
  declare-many ID… [--signer S]           declare several; one line per application
  withdraw ID [--reason TEXT]             ask to withdraw (撤销) a declared application
  print ID [--out FILE.pdf]               print (打印) an approved application; --out writes the printable
                                          application form (a PDF, one page) the server renders
  opinions ID                             the review opinions (审批意见)
  status-changes ID                       every status change, oldest first

Examples:
  exlic applications save examples/applications/steel-valid.json
  exlic applications list --status approved,printed --year 2026 --all
  exlic applications declare 01J… --signer control        # PIN from EXLIC_PIN
  exlic applications print 01J… --out licence.pdf
  exlic applications get 01J… --format json | jq .licenceNo

${SIGNER_USAGE.en}`,
  zh: `用法：exlic applications 动作 [参数] [选项]

  list [筛选] [--limit N] [--all]         本人的申请，新的在前（--all 读取全部页）
       筛选：--status 状态[,状态…] --scope mine|enterprise --mofcom-no 申请号 --licence-no 许可证号
             --hs-code 商品编码 --country 国家代码 --year 年度 --created-from 日期 --created-to 日期 --cursor 游标
  count [筛选]                            符合条件的申请数
  get ID                                  查看一份申请
  save 文件 [--id ID --version N]         把 JSON 文件暂存为新草稿，或替换版本为 N 的草稿 ID
  delete ID [--version N]                 删除草稿（给出 N 时仅当仍为该版本）
  copy ID [--count N]                     从一份申请复制 N 份新草稿（1-50）
  declare ID [--signer S] [--version N] [--idempotency-key K]
                                          用电子钥匙签名当前版本并申报
  declare-many ID… [--signer S]           批量申报，每份一行结果
  withdraw ID [--reason 理由]             申请撤销已申报的申请
  print ID [--out 文件.pdf]               打印已批准的申请；--out 写入服务器生成的申请表（PDF，一页）
  opinions ID                             审批意见
  status-changes ID                       全部状态变化，旧的在前

示例：
  exlic applications save examples/applications/steel-valid.json
  exlic applications list --status approved,printed --year 2026 --all
  exlic applications declare 01J… --signer control        # 口令取自 EXLIC_PIN
  exlic applications print 01J… --out licence.pdf
  exlic applications get 01J… --format json | jq .licenceNo

${SIGNER_USAGE.zh}`,
};

const VERBS = ['list', 'count', 'get', 'save', 'delete', 'copy', 'declare', 'declare-many', 'withdraw', 'print', 'opinions', 'status-changes'] as const;
const COLUMNS = ['id', 'version', 'status', 'mofcomApplicationNo', 'licenceNo', 'contract', 'updatedAt'] as const;
const row = (record: ApplicationRecord) => ({ ...record, contract: record.application.contract?.no });

function fieldsOf(record: ApplicationRecord): [string, unknown][] {
  const doc = record.application;
  return [
    ['id', record.id],
    ['version', record.version],
    ['status', record.status],
    ['mofcomApplicationNo', record.mofcomApplicationNo],
    ['licenceNo', record.licenceNo],
    ['exporter', doc.exporter ? `${doc.exporter.code} ${doc.exporter.name ?? ''}`.trim() : undefined],
    ['hsCode', doc.goods?.hsCode],
    ['importingCountry', doc.importingCountry],
    ['contract', doc.contract?.no],
    ['total', doc.goods?.totalAmount === undefined ? undefined : `${doc.goods.totalAmount} ${doc.goods.priceCurrency ?? ''}`.trim()],
    ['attachments', (doc.attachments ?? []).map((attachment) => `${attachment.type}:${attachment.id}`).join(', ')],
    ['allowed', record.allowedOperations.join(', ')],
    ['createdAt', record.createdAt],
    ['declaredAt', record.declaredAt],
    ['approvedAt', record.approvedAt],
    ['updatedAt', record.updatedAt],
  ];
}

/** The filters of list and count from the options. */
function filtersOf(values: Record<string, unknown>): Omit<ApplicationFilters, 'limit'> {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const status = text('status')?.split(',').map((item) => item.trim());
  for (const item of status ?? []) {
    if (!(STATUSES as readonly string[]).includes(item)) throw new UsageError({ en: `unknown status "${item}"; one of ${STATUSES.join(', ')}`, zh: `未知状态 "${item}"；可选 ${STATUSES.join(', ')}` });
  }
  const scope = text('scope');
  if (scope !== undefined && scope !== 'mine' && scope !== 'enterprise') throw new UsageError({ en: `--scope must be mine or enterprise, got "${scope}"`, zh: `--scope 只能是 mine 或 enterprise，而不是 "${scope}"` });
  for (const name of ['created-from', 'created-to']) {
    const date = text(name);
    if (date !== undefined && !isIsoDate(date)) throw new UsageError({ en: `--${name} must be a date written YYYY-MM-DD, got "${date}"`, zh: `--${name} 必须是 YYYY-MM-DD 格式的日期，而不是 "${date}"` });
  }
  const year = text('year');
  if (year !== undefined && !/^\d{4}$/.test(year)) throw new UsageError({ en: `--year must be four digits, got "${year}"`, zh: `--year 必须是四位年份，而不是 "${year}"` });
  const filters: Omit<ApplicationFilters, 'limit'> = {
    ...(status ? { status: status as Status[] } : {}),
    ...(scope ? { scope } : {}),
    ...(text('mofcom-no') ? { mofcomApplicationNo: text('mofcom-no') } : {}),
    ...(text('licence-no') ? { licenceNo: text('licence-no') } : {}),
    ...(text('hs-code') ? { hsCode: text('hs-code') } : {}),
    ...(text('country') ? { importingCountry: text('country') } : {}),
    ...(year ? { year: Number(year) } : {}),
    ...(text('created-from') ? { createdFrom: text('created-from') } : {}),
    ...(text('created-to') ? { createdTo: text('created-to') } : {}),
    ...(text('cursor') ? { cursor: text('cursor') } : {}),
  };
  return filters;
}

/** The bytes of a print answer when they are a PDF (`%PDF-`); undefined for anything else. */
async function pdfBytes(answer: unknown): Promise<Uint8Array | undefined> {
  let bytes: Uint8Array | undefined;
  if (answer instanceof Uint8Array) bytes = answer;
  else if (answer instanceof ArrayBuffer) bytes = new Uint8Array(answer);
  else if (typeof Blob !== 'undefined' && answer instanceof Blob) bytes = new Uint8Array(await answer.arrayBuffer());
  if (bytes === undefined || bytes.length < 5) return undefined;
  return new TextDecoder('latin1').decode(bytes.subarray(0, 5)) === '%PDF-' ? bytes : undefined;
}

function violationLines(io: CliIo, lang: Lang, violations: readonly { severity: string; path: (string | number)[]; message: Bilingual; rule: string }[]): void {
  for (const violation of violations) io.stderr.write(`  ${violation.severity} ${violation.path.join('.') || '(application)'}: ${say(lang, violation.message)} (${violation.rule})\n`);
}

/** `exlic applications …`: the applicant's operations on applications. */
export async function runApplications(args: string[], io: CliIo): Promise<number> {
  const { values, positionals, lang } = parseClientArgs(args, io, {
    status: { type: 'string' },
    scope: { type: 'string' },
    'mofcom-no': { type: 'string' },
    'licence-no': { type: 'string' },
    'hs-code': { type: 'string' },
    country: { type: 'string' },
    year: { type: 'string' },
    'created-from': { type: 'string' },
    'created-to': { type: 'string' },
    cursor: { type: 'string' },
    limit: { type: 'string' },
    all: { type: 'boolean', default: false },
    id: { type: 'string' },
    version: { type: 'string' },
    count: { type: 'string' },
    signer: { type: 'string', default: 'virtual' },
    'idempotency-key': { type: 'string' },
    reason: { type: 'string' },
    out: { type: 'string' },
  });
  const [verb] = positionals;
  if (values.help === true) return printHelp(io, lang, USAGE);
  const usage = say(lang, USAGE);
  if (verb === undefined) throw new UsageError({ en: `missing the verb\n\n${usage}`, zh: `缺少动作\n\n${usage}` });
  if (!(VERBS as readonly string[]).includes(verb)) throw new UsageError({ en: `unknown applications verb "${verb}"; one of ${VERBS.join(', ')}`, zh: `未知动作 "${verb}"；可选 ${VERBS.join(', ')}` });
  const format = formatOf(values.format);
  const id = (what: Bilingual = { en: 'the application id', zh: '申请编号' }) => required(positionals, 1, what, usage);
  const version = positiveInt('version', values.version);
  const key = values['idempotency-key'];
  const show = (record: ApplicationRecord) => (format === 'json' ? output(io, format, record, [], []) : io.stdout.write(renderFields(fieldsOf(record))));
  if (verb !== 'declare-many') noMoreThan(positionals, verb === 'list' || verb === 'count' ? 1 : 2);
  const client = clientFrom(values, io);

  switch (verb) {
    case 'list': {
      const limit = positiveInt('limit', values.limit, 100);
      const filters: ApplicationFilters = { ...filtersOf(values), ...(limit ? { limit } : {}) };
      const records: ApplicationRecord[] = [];
      let nextCursor: string | null = null;
      if (values.all) for await (const record of client.applications.list(filters)) records.push(record);
      else {
        const page = await client.applications.list(filters);
        records.push(...page.items);
        nextCursor = page.nextCursor;
      }
      // JSON is always the array of records (as every list command prints); the cursor of the next page goes to stderr.
      output(io, format, records, records.map(row), COLUMNS, lang);
      if (nextCursor) io.stderr.write(say(lang, { en: `more: --cursor ${nextCursor} (or --all)\n`, zh: `还有更多：--cursor ${nextCursor}（或 --all）\n` }));
      return EXIT.ok;
    }
    case 'count': {
      const count = await client.applications.count(filtersOf(values));
      io.stdout.write(format === 'json' ? `${JSON.stringify({ count })}\n` : `${count}\n`);
      return EXIT.ok;
    }
    case 'get':
      show(await client.applications.get(id()));
      return EXIT.ok;
    case 'save': {
      const file = id({ en: 'the JSON file to save', zh: '要暂存的 JSON 文件' });
      const application = await readJsonFile(io, file);
      if ((values.id === undefined) !== (version === undefined)) throw new UsageError({ en: 'replacing a draft needs both --id and --version', zh: '替换草稿需要同时给出 --id 和 --version' });
      const saved = await client.applications.save(application as never, values.id !== undefined && version !== undefined ? { id: values.id, version } : {});
      show(saved.record);
      violationLines(io, lang, saved.violations);
      return EXIT.ok;
    }
    case 'delete': {
      const target = id();
      await client.applications.delete(target, version === undefined ? {} : { version });
      if (format === 'json') output(io, format, { id: target, deleted: true }, [], []);
      else io.stdout.write(say(lang, { en: `deleted ${target}\n`, zh: `已删除 ${target}\n` }));
      return EXIT.ok;
    }
    case 'copy': {
      const records = await client.applications.copy(id(), positiveInt('count', values.count, 50) ?? 1, key ? { idempotencyKey: key } : {});
      output(io, format, records, records.map(row), COLUMNS, lang);
      return EXIT.ok;
    }
    case 'declare': {
      const target = id();
      const { signer, fresh } = await signerFrom(values.signer, io, lang);
      try {
        if (fresh) await client.ekey.bind({ signer });
        show(await client.applications.declare(target, { signer, ...(version ? { version } : {}), ...(key ? { idempotencyKey: key } : {}) }));
      } finally {
        await signer.close();
      }
      return EXIT.ok;
    }
    case 'declare-many': {
      const ids = positionals.slice(1);
      if (ids.length === 0) throw new UsageError({ en: `declare-many needs one or more application ids\n\n${usage}`, zh: `declare-many 需要一个或多个申请编号\n\n${usage}` });
      const { signer, fresh } = await signerFrom(values.signer, io, lang);
      try {
        if (fresh) await client.ekey.bind({ signer });
        const result = await client.applications.declareMany(ids, { signer, ...(key ? { idempotencyKey: key } : {}) });
        const rows = result.items.map((item) => (item.ok ? { id: item.id, ok: 'yes', status: item.value.status, mofcomApplicationNo: item.value.mofcomApplicationNo } : { id: item.id, ok: 'no', error: `${item.error.code}: ${item.error.problem?.detail ?? item.error.message}` }));
        output(io, format, { succeeded: result.succeeded, failed: result.failed, items: result.items.map((item) => (item.ok ? { id: item.id, ok: true, record: item.value } : { id: item.id, ok: false, error: item.error.toJSON() })) }, rows, ['id', 'ok', 'status', 'mofcomApplicationNo', 'error'], lang);
        if (result.failed > 0) io.stderr.write(`exlic applications: ${say(lang, { en: `${result.failed} of ${ids.length} not declared (see the error column)`, zh: `${ids.length} 份中有 ${result.failed} 份未申报（见 error 列）` })}\n`);
        return result.failed === 0 ? EXIT.ok : EXIT.finding;
      } finally {
        await signer.close();
      }
    }
    case 'withdraw':
      show(await client.applications.withdraw(id(), { ...(values.reason ? { reason: values.reason } : {}), ...(key ? { idempotencyKey: key } : {}) }));
      return EXIT.ok;
    case 'print': {
      const target = id();
      const keyed = key ? { idempotencyKey: key } : {};
      if (values.out === undefined) {
        show(await client.applications.print(target, { ...keyed, as: 'record' }));
        return EXIT.ok;
      }
      // --out asks the server for the printable form (Accept: application/pdf) and writes it as it came.
      const pdf = await pdfBytes(await client.applications.print(target, { ...keyed, as: 'pdf' }));
      if (pdf === undefined) {
        throw new OperationError({
          en: `this server did not answer print with a PDF, so nothing was written to ${values.out}: point --server at an exlic sandbox (or a server of exlic's contract) that prints the application form`,
          zh: `此服务器的打印应答不是 PDF，未写入 ${values.out}：请让 --server 指向能打印申请表的 exlic 沙箱（或实现 exlic 接口的服务器）`,
        });
      }
      await writeFile(isAbsolute(values.out) ? values.out : join(io.cwd, values.out), pdf);
      io.stdout.write(say(lang, { en: `wrote ${values.out} (${pdf.length} bytes)\n`, zh: `已写入 ${values.out}（${pdf.length} 字节）\n` }));
      return EXIT.ok;
    }
    case 'opinions': {
      const opinions = await client.applications.opinions(id());
      output(io, format, opinions, opinions, ['stage', 'decision', 'text', 'reviewer', 'at'], lang);
      return EXIT.ok;
    }
    case 'status-changes': {
      const changes = await client.applications.history(id());
      output(io, format, changes, changes, ['seq', 'at', 'event', 'from', 'to', 'actor', 'opinion'], lang);
      return EXIT.ok;
    }
  }
  return EXIT.usage;
}
