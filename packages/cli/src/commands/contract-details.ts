import type { ContractDetails } from '@exlic/client';
import { EXIT, UsageError, say, type Bilingual, type CliIo } from '../io';
import { clientFrom, flatten, formatOf, noMoreThan, output, parseClientArgs, positiveInt, printHelp, readJsonFile, renderFields, required } from './client-command';

const USAGE: Bilingual = {
  en: `Usage: exlic contract-details get ID
       exlic contract-details put ID FILE [--version N]

The contract details (合同信息表) of an application: the applicant enterprise, the foreign contract and its
parties. put replaces them with FILE (JSON, the ContractDetails model) on the application at version N
(default: the version it is at now; pass --version to refuse a change made since you read it).

Examples:
  exlic contract-details get 01J… --format json > details.json
  exlic contract-details put 01J… details.json --version 3
`,
  zh: `用法：exlic contract-details get ID
      exlic contract-details put ID 文件 [--version N]

申请的合同信息表：申请企业、外贸合同及其当事方。put 用文件（JSON，ContractDetails 模型）替换版本为 N 的申请中的
合同信息（默认取当前版本；给出 --version 可在他人已改动时拒绝覆盖）。

示例：
  exlic contract-details get 01J… --format json > details.json
  exlic contract-details put 01J… details.json --version 3
`,
};

/** `exlic contract-details get|put`. */
export async function runContractDetails(args: string[], io: CliIo): Promise<number> {
  const { values, positionals, lang } = parseClientArgs(args, io, { version: { type: 'string' } });
  if (values.help === true) return printHelp(io, lang, USAGE);
  const usage = say(lang, USAGE);
  const [verb] = positionals;
  if (verb !== 'get' && verb !== 'put') throw new UsageError({ en: `expected get or put\n\n${usage}`, zh: `应为 get 或 put\n\n${usage}` });
  const format = formatOf(values.format);
  const id = required(positionals, 1, { en: 'the application id', zh: '申请编号' }, usage);
  noMoreThan(positionals, verb === 'get' ? 2 : 3);
  const client = clientFrom(values, io);
  if (verb === 'get') {
    const details = await client.contractDetails.get(id);
    if (format === 'json') output(io, format, details, [], []);
    else io.stdout.write(renderFields(flatten(details)));
    return EXIT.ok;
  }
  const details = (await readJsonFile(io, required(positionals, 2, { en: 'the JSON FILE', zh: 'JSON 文件' }, usage))) as ContractDetails;
  const version = positiveInt('version', values.version) ?? (await client.applications.get(id)).version;
  const record = await client.contractDetails.save(id, details, { version });
  if (format === 'json') output(io, format, record, [], []);
  else io.stdout.write(say(lang, { en: `saved the contract details of ${id}: now version ${record.version}\n`, zh: `已保存 ${id} 的合同信息表：现为版本 ${record.version}\n` }));
  return EXIT.ok;
}
