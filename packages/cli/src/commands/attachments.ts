import { writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { uploadFile } from '@exlic/client/node';
import { EXIT, UsageError, say, type Bilingual, type CliIo } from '../io';
import { clientFrom, formatOf, noMoreThan, output, parseClientArgs, printHelp, refuseLarger, required } from './client-command';

/** The largest attachment read for an upload (exlic sandbox takes 10 MiB by default; a server may take more). */
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

const USAGE: Bilingual = {
  en: `Usage: exlic attachments VERB [arguments] [options]

  upload ID --type TYPE FILE [--file-name NAME]
                                   upload FILE to application ID as an attachment of TYPE (a code of the
                                   attachmentTypes table: "exlic lookup attachmentTypes ht"); the name the
                                   server keeps is FILE's own name unless --file-name says otherwise
  list ID                          the application's attachments
  download ID ATTACHMENT --out FILE
                                   write an attachment's content to FILE (--out - writes to standard output)
  delete ID ATTACHMENT             delete an attachment (while the application is a draft)

Examples:
  exlic attachments upload 01J… --type CONTRACT contract.pdf
  exlic attachments list 01J…
  exlic attachments download 01J… att-1 --out copy.pdf
`,
  zh: `用法：exlic attachments 动作 [参数] [选项]

  upload ID --type 类型 文件 [--file-name 名称]
                                   把文件作为该类型（attachmentTypes 代码表中的代码："exlic lookup attachmentTypes ht"）
                                   的附件上传到申请 ID；服务器保存的文件名默认取文件本身的名称
  list ID                          申请的附件
  download ID 附件编号 --out 文件  把附件内容写入文件（--out - 写到标准输出）
  delete ID 附件编号               删除附件（申请仍为草稿时）

示例：
  exlic attachments upload 01J… --type CONTRACT contract.pdf
  exlic attachments list 01J…
  exlic attachments download 01J… att-1 --out copy.pdf
`,
};

const VERBS = ['upload', 'list', 'download', 'delete'] as const;

/** `exlic attachments upload|list|download|delete`. */
export async function runAttachments(args: string[], io: CliIo): Promise<number> {
  const { values, positionals, lang } = parseClientArgs(args, io, { type: { type: 'string' }, 'file-name': { type: 'string' }, out: { type: 'string' } });
  if (values.help === true) return printHelp(io, lang, USAGE);
  const usage = say(lang, USAGE);
  const [verb] = positionals;
  if (verb === undefined || !(VERBS as readonly string[]).includes(verb)) throw new UsageError({ en: `${verb === undefined ? 'missing the verb' : `unknown attachments verb "${verb}"`}; one of ${VERBS.join(', ')}\n\n${usage}`, zh: `${verb === undefined ? '缺少动作' : `未知动作 "${verb}"`}；可选 ${VERBS.join(', ')}\n\n${usage}` });
  const format = formatOf(values.format);
  const id = required(positionals, 1, { en: 'the application id', zh: '申请编号' }, usage);
  noMoreThan(positionals, verb === 'list' ? 2 : 3);
  const client = clientFrom(values, io);

  if (verb === 'upload') {
    const file = required(positionals, 2, { en: 'the FILE to upload', zh: '要上传的文件' }, usage);
    if (values.type === undefined) throw new UsageError({ en: 'upload needs --type TYPE (a code of the attachmentTypes table, e.g. CONTRACT; "exlic lookup attachmentTypes ht" finds it)', zh: 'upload 需要 --type 类型（attachmentTypes 代码表中的代码，如 CONTRACT；"exlic lookup attachmentTypes ht" 可查）' });
    const path = isAbsolute(file) ? file : join(io.cwd, file);
    // stat first: a missing file then fails as "PATH: no such file"; a folder or a huge file is refused before it is read
    // (the client reads an upload whole, to hash it).
    await refuseLarger(path, file, MAX_UPLOAD_BYTES);
    const uploaded = await uploadFile(client, id, { type: values.type, path, fileName: values['file-name'] ?? basename(path) });
    output(io, format, uploaded, [uploaded], ['id', 'type', 'fileName', 'size', 'sha256'], lang);
    return EXIT.ok;
  }
  if (verb === 'list') {
    const attachments = await client.attachments.list(id);
    output(io, format, attachments, attachments, ['id', 'type', 'fileName', 'size', 'uploadedAt'], lang);
    return EXIT.ok;
  }
  const attachment = required(positionals, 2, { en: 'the attachment id ("exlic attachments list ID" shows them)', zh: '附件编号（"exlic attachments list ID" 可查）' }, usage);
  if (verb === 'download') {
    if (values.out === undefined) throw new UsageError({ en: 'download needs --out FILE (or --out - for standard output)', zh: 'download 需要 --out 文件（或 --out - 写到标准输出）' });
    const bytes = await client.attachments.download(id, attachment);
    if (values.out === '-') {
      io.stdout.write(bytes);
      return EXIT.ok;
    }
    await writeFile(isAbsolute(values.out) ? values.out : join(io.cwd, values.out), bytes);
    if (format === 'json') output(io, format, { file: values.out, size: bytes.length }, [], []);
    else io.stderr.write(say(lang, { en: `wrote ${values.out} (${bytes.length} bytes)\n`, zh: `已写入 ${values.out}（${bytes.length} 字节）\n` }));
    return EXIT.ok;
  }
  await client.attachments.delete(id, attachment);
  if (format === 'json') output(io, format, { id: attachment, deleted: true }, [], []);
  else io.stdout.write(say(lang, { en: `deleted attachment ${attachment}\n`, zh: `已删除附件 ${attachment}\n` }));
  return EXIT.ok;
}
