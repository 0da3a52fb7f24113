import { EXIT, UsageError, say, type Bilingual, type CliIo } from '../io';
import { clientFrom, formatOf, noMoreThan, output, parseClientArgs, printHelp, required } from './client-command';

const USAGE: Bilingual = {
  en: `Usage: exlic subscriptions create --url URL [--mode enterprise|user|document] [--application ID]
       exlic subscriptions list
       exlic subscriptions delete ID

Push subscriptions (状态推送): the server POSTs each review receipt to URL, signed the Standard Webhooks
way. create prints the signing secret (whsec_…) once: keep it to verify the pushes. --mode enterprise
(default) sends every application of the enterprise, user what this operator entered, document one
application (--application ID, or its MOFCOM application number SQ…).

Examples:
  exlic subscriptions create --url https://erp.example.com/exlic/receipts
  exlic subscriptions create --mode document --application 01J… --url http://127.0.0.1:9000/hook
  exlic subscriptions delete sub_…
`,
  zh: `用法：exlic subscriptions create --url 地址 [--mode enterprise|user|document] [--application ID]
      exlic subscriptions list
      exlic subscriptions delete ID

状态推送订阅：服务器把每条审核回执 POST 到该地址，按 Standard Webhooks 方式签名。create 只打印一次签名密钥
（whsec_…），请保存以验证推送。--mode enterprise（默认）推送本企业全部申请，user 推送本操作员录入的申请，
document 推送单份申请（--application ID 或其商务部申请号 SQ…）。

示例：
  exlic subscriptions create --url https://erp.example.com/exlic/receipts
  exlic subscriptions create --mode document --application 01J… --url http://127.0.0.1:9000/hook
  exlic subscriptions delete sub_…
`,
};

const COLUMNS = ['id', 'mode', 'target', 'url', 'createdAt'] as const;

/** `exlic subscriptions create|list|delete`. */
export async function runSubscriptions(args: string[], io: CliIo): Promise<number> {
  const { values, positionals, lang } = parseClientArgs(args, io, { url: { type: 'string' }, mode: { type: 'string', default: 'enterprise' }, application: { type: 'string' } });
  if (values.help === true) return printHelp(io, lang, USAGE);
  const usage = say(lang, USAGE);
  const [verb] = positionals;
  if (verb !== 'create' && verb !== 'list' && verb !== 'delete') throw new UsageError({ en: `expected create, list or delete\n\n${usage}`, zh: `应为 create、list 或 delete\n\n${usage}` });
  const format = formatOf(values.format);
  if (verb === 'create') {
    noMoreThan(positionals, 1);
    const mode = values.mode;
    if (mode !== 'enterprise' && mode !== 'user' && mode !== 'document') throw new UsageError({ en: `--mode must be enterprise, user or document, got "${mode}"`, zh: `--mode 只能是 enterprise、user 或 document，而不是 "${mode}"` });
    if (values.url === undefined) throw new UsageError({ en: 'create needs --url URL (where the receipts are POSTed)', zh: 'create 需要 --url 地址（回执推送到的地址）' });
    if (mode === 'document' && values.application === undefined) throw new UsageError({ en: '--mode document needs --application ID', zh: '--mode document 需要 --application ID' });
    const created = await clientFrom(values, io).subscriptions.create({ mode, url: values.url, ...(values.application ? { target: values.application } : {}) });
    output(io, format, created, [created], COLUMNS, lang);
    // The secret is what the user came for: it is shown once, on standard output, never logged elsewhere.
    if (format === 'table') io.stdout.write(say(lang, { en: `secret ${created.secret}  (shown once: keep it to verify the pushes)\n`, zh: `密钥 ${created.secret}（只显示一次：请保存以验证推送）\n` }));
    return EXIT.ok;
  }
  if (verb === 'list') {
    noMoreThan(positionals, 1);
    const items = await clientFrom(values, io).subscriptions.list();
    output(io, format, items, items, COLUMNS, lang);
    return EXIT.ok;
  }
  const id = required(positionals, 1, { en: 'the subscription id', zh: '订阅编号' }, usage);
  noMoreThan(positionals, 2);
  await clientFrom(values, io).subscriptions.delete(id);
  if (format === 'json') output(io, format, { id, deleted: true }, [], []);
  else io.stdout.write(say(lang, { en: `deleted subscription ${id}\n`, zh: `已删除订阅 ${id}\n` }));
  return EXIT.ok;
}
