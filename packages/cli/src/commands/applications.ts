import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ApplicationRecord } from '@exlic/client';
import { STATUSES, type Status } from '@exlic/core';
import { EXIT, UsageError, type CliIo } from '../io';
import { CLIENT_OPTIONS, CLIENT_USAGE, clientFrom, formatOf, output, runClientCommand, signerFrom } from './client-command';

const USAGE = `Usage: exlic applications list|get|save|declare|withdraw [arguments] [options]

  list [--status S[,S…]] [--limit N] [--all]   your applications, newest first (--all walks every page)
  get ID                                       one application
  save FILE [--id ID --version N]              save FILE (JSON) as a new draft, or replace draft ID at version N
  declare ID [--signer S] [--version N] [--idempotency-key K]
                                               sign the stored version with the e-key and declare it
  withdraw ID [--reason TEXT] [--idempotency-key K]

Signer (declare): --signer virtual (default; a fresh virtual e-key, bound first), control (the client control
on 127.0.0.1), hid (a USB e-key), pem:KEY,CERT (PEM files); control and hid read the PIN from EXLIC_PIN.

${CLIENT_USAGE}`;

const COLUMNS = ['id', 'version', 'status', 'mofcomApplicationNo', 'licenceNo', 'contract', 'updatedAt'] as const;
const row = (record: ApplicationRecord) => ({ ...record, contract: record.application.contract?.no });

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} must be a positive whole number, got "${value}"`);
  return Number(value);
}

/** `exlic applications …`: the applicant's operations on the Single Window. */
export async function runApplications(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...CLIENT_OPTIONS,
      status: { type: 'string' },
      limit: { type: 'string' },
      all: { type: 'boolean', default: false },
      id: { type: 'string' },
      version: { type: 'string' },
      signer: { type: 'string', default: 'virtual' },
      'idempotency-key': { type: 'string' },
      reason: { type: 'string' },
    },
    strict: true,
  });
  const [verb, target] = positionals;
  if (values.help === true || verb === undefined) {
    io.stdout.write(USAGE);
    return values.help === true ? EXIT.ok : EXIT.usage;
  }
  const format = formatOf(values.format);
  const need = (what: string): string => {
    if (target === undefined) throw new UsageError(`applications ${verb} needs ${what}`);
    return target;
  };
  const client = clientFrom(values, io);
  const version = positiveInt('version', values.version);
  const key = values['idempotency-key'];
  const show = (record: ApplicationRecord) => output(io, format, record, [row(record)], COLUMNS);
  return runClientCommand('applications', io, async () => {
    switch (verb) {
      case 'list': {
        const status = values.status?.split(',').map((item) => item.trim());
        for (const item of status ?? []) if (!(STATUSES as readonly string[]).includes(item)) throw new UsageError(`unknown status "${item}"; one of ${STATUSES.join(', ')}`);
        const filters = { ...(status ? { status: status as Status[] } : {}), ...(values.limit ? { limit: positiveInt('limit', values.limit)! } : {}) };
        const records: ApplicationRecord[] = [];
        if (values.all) for await (const record of client.applications.list(filters)) records.push(record);
        else records.push(...(await client.applications.list(filters)).items);
        output(io, format, records, records.map(row), COLUMNS);
        return EXIT.ok;
      }
      case 'get':
        show(await client.applications.get(need('an application id')));
        return EXIT.ok;
      case 'save': {
        const file = need('a JSON file');
        let application: unknown;
        try {
          application = JSON.parse(await readFile(isAbsolute(file) ? file : join(io.cwd, file), 'utf8'));
        } catch (error) {
          throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
        }
        if ((values.id === undefined) !== (version === undefined)) throw new UsageError('replacing a draft needs both --id and --version');
        const saved = await client.applications.save(application as never, values.id !== undefined && version !== undefined ? { id: values.id, version } : {});
        show(saved.record);
        for (const violation of saved.violations) io.stderr.write(`  ${violation.severity} ${violation.path.join('.')}: ${violation.message.en}\n`);
        return EXIT.ok;
      }
      case 'declare': {
        const id = need('an application id');
        const { signer, fresh } = await signerFrom(values.signer, io);
        try {
          if (fresh) await client.ekey.bind({ signer });
          show(await client.applications.declare(id, { signer, ...(version ? { version } : {}), ...(key ? { idempotencyKey: key } : {}) }));
        } finally {
          await signer.close();
        }
        return EXIT.ok;
      }
      case 'withdraw':
        show(await client.applications.withdraw(need('an application id'), { ...(values.reason ? { reason: values.reason } : {}), ...(key ? { idempotencyKey: key } : {}) }));
        return EXIT.ok;
      default:
        throw new UsageError(`unknown applications verb "${verb}"; one of list, get, save, declare, withdraw`);
    }
  });
}
