import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { certificateFingerprint, createEKeySigner, isSignerError, parseCertificate, verifySignature } from '@exlic/signer';
import type { EKeyDescriptor, TransportFactory } from '@exlic/signer';
import { hidEKeys } from '@exlic/signer/node';
import { createRecordingTransport } from '@exlic/signer/protocol';
import { EXIT, UsageError, type CliIo } from '../io';

const PIN_VARIABLE = 'EXLIC_EKEY_PIN';

const USAGE = `Usage: exlic ekey list
       exlic ekey info [--key PATH] [--pem]
       exlic ekey record --out FILE [--key PATH] [--message TEXT]

Works with a USB e-key (HID) the way @exlic/signer does, so the owner of a real key can check that it
answers and record a session for a new key profile.

  list     the e-keys plugged in (path, product, serial number)
  info     the certificate on a key: holder, enterprise, serial, validity, key type, SM3 fingerprint
           (reading it needs no PIN); --pem prints the certificate itself
  record   reads the certificate and signs one message, then writes the session as a replay fixture
           ("=> command", "<= answer", hex) with the PIN masked as [PIN]; the signature is verified first

Options:
  --key PATH       which key (a path from "list"); default the first one
  --out FILE       record: where to write the fixture
  --message TEXT   record: what to sign (default "exlic ekey record")

The PIN is read from the environment variable ${PIN_VARIABLE}, never from the command line (which other
users of the machine can see). Exit codes: 0 done, 1 the key failed (message on stderr), 2 bad usage.
`;

const line = (label: string, value: string) => `${label.padEnd(12)} ${value}\n`;

/** `exlic ekey list|info|record`: lists USB e-keys, reads a key's certificate, records a signing session to a replay fixture. `factory` replaces the USB backend (tests pass virtual keys). */
export async function runEKey(args: string[], io: CliIo, factory: TransportFactory = hidEKeys): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      key: { type: 'string' },
      out: { type: 'string' },
      message: { type: 'string', default: 'exlic ekey record' },
      pem: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const [verb, ...extra] = positionals;
  if (verb === undefined || extra.length > 0 || !['list', 'info', 'record'].includes(verb)) throw new UsageError(`expected list, info or record\n\n${USAGE}`);
  if (verb === 'record' && values.out === undefined) throw new UsageError(`record needs --out FILE\n\n${USAGE}`);

  const descriptor = async (): Promise<EKeyDescriptor> => {
    const keys = await factory.list();
    const found = values.key === undefined ? keys[0] : keys.find((key) => key.path === values.key);
    if (!found) throw new UsageError(values.key === undefined ? 'no e-key is plugged in' : `no e-key at ${values.key}; "exlic ekey list" shows the paths`);
    return found;
  };

  try {
    if (verb === 'list') {
      const keys = await factory.list();
      if (keys.length === 0) io.stdout.write('No e-key is plugged in.\n');
      for (const key of keys) io.stdout.write(`${key.path}  ${key.product ?? '(no product name)'}${key.serialNumber ? `  serial ${key.serialNumber}` : ''}\n`);
      return EXIT.ok;
    }
    const transport = await factory.open({ descriptor: await descriptor() });
    if (verb === 'info') {
      const signer = createEKeySigner({ transport, pin: () => Promise.reject(new UsageError('reading the certificate needs no PIN')) });
      try {
        const pem = await signer.certificate();
        if (values.pem) {
          io.stdout.write(pem);
          return EXIT.ok;
        }
        const info = parseCertificate(pem);
        io.stdout.write(
          line('holder', info.subject.commonName) +
            line('enterprise', info.subject.organization ?? '') +
            line('serial', info.serialNumber) +
            line('valid', `${info.notBefore.toISOString().slice(0, 10)} to ${info.notAfter.toISOString().slice(0, 10)}`) +
            line('key', info.keyType) +
            line('SM3', certificateFingerprint(pem)),
        );
        return EXIT.ok;
      } finally {
        await signer.close();
      }
    }
    const pin = io.env[PIN_VARIABLE];
    if (pin === undefined || pin === '') {
      await transport.close();
      throw new UsageError(`record signs once, so it needs the PIN: set ${PIN_VARIABLE}`);
    }
    const recorder = createRecordingTransport({ transport });
    const signer = createEKeySigner({ transport: recorder, pin });
    const message = new TextEncoder().encode(values.message);
    try {
      const result = await signer.sign(message);
      if (!verifySignature({ message, result })) {
        io.stderr.write('exlic ekey: the key answered with a signature that does not verify; nothing was written.\n');
        return EXIT.finding;
      }
    } finally {
      await signer.close();
    }
    const header = `# exlic ekey record, ${new Date().toISOString()}\n# message (UTF-8): ${JSON.stringify(values.message)}\n`;
    const file = resolve(io.cwd, values.out!);
    await writeFile(file, header + recorder.fixture());
    io.stdout.write(`Recorded the session to ${file} (PIN masked as [PIN]).\n`);
    return EXIT.ok;
  } catch (error) {
    if (!isSignerError(error)) throw error;
    io.stderr.write(`exlic ekey: ${error.message}\n`);
    return EXIT.finding;
  }
}
