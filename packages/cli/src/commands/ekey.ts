import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { certificateFingerprint, createEKeySigner, isSignerError, parseCertificate, verifySignature } from '@exlic/signer';
import type { EKeyDescriptor, TransportFactory } from '@exlic/signer';
import { hidEKeys } from '@exlic/signer/node';
import { createRecordingTransport } from '@exlic/signer/protocol';
import { describeFailure } from '../failure';
import { EXIT, OperationError, UsageError, say, type Bilingual, type CliIo, type Lang } from '../io';
import { SIGNER_USAGE, clientFrom, formatOf, output, parseClientArgs, pinFrom, printHelp, renderFields, signerFrom } from './client-command';

const USAGE: Bilingual = {
  en: `Usage: exlic ekey bind [--signer S] [connection options]
       exlic ekey list
       exlic ekey info [--key PATH] [--pem]
       exlic ekey record --out FILE [--key PATH] [--message TEXT]

  bind     binds an e-key to your operator account (绑卡): signs the server's one-time challenge; the
           token's operator then declares with this key. --signer as for "exlic applications declare"
  list     the USB e-keys plugged in (path, product, serial number)
  info     the certificate on a key: holder, enterprise, serial, validity, key type, SM3 fingerprint
           (reading it needs no PIN); --pem prints the certificate itself
  record   reads the certificate and signs one message, then writes the session as a replay fixture
           ("=> command", "<= answer", hex) with the PIN masked as [PIN]; the signature is verified first

Options:
  --key PATH       which key (a path from "list"); default the first one
  --out FILE       record: where to write the fixture
  --message TEXT   record: what to sign (default "exlic ekey record")

The PIN is read from the environment variable EXLIC_PIN, never from the command line (which other users
of the machine can see); EXLIC_EKEY_PIN and EXLIC_HID_PIN still work, with a note.

Examples:
  EXLIC_PIN=… exlic ekey bind --signer hid
  exlic ekey list
  EXLIC_PIN=… exlic ekey record --out session.apdu

${SIGNER_USAGE.en}`,
  zh: `用法：exlic ekey bind [--signer S] [连接选项]
      exlic ekey list
      exlic ekey info [--key 路径] [--pem]
      exlic ekey record --out 文件 [--key 路径] [--message 文本]

  bind     把电子钥匙绑定到操作员账号（绑卡）：签名服务器的一次性挑战；之后该令牌的操作员用此钥匙申报。
           --signer 与 "exlic applications declare" 相同
  list     已插入的 USB 电子钥匙（路径、产品、序列号）
  info     钥匙上的证书：持有人、企业、序列号、有效期、密钥类型、SM3 指纹（无需口令）；--pem 打印证书本身
  record   读取证书并签名一条消息，把会话写成回放文件（"=> 命令"、"<= 应答"，十六进制），口令遮盖为 [PIN]；
           写入前先验证签名

选项：
  --key 路径       使用哪把钥匙（"list" 给出的路径）；默认第一把
  --out 文件       record：回放文件写到哪里
  --message 文本   record：签名的内容（默认 "exlic ekey record"）

口令只从环境变量 EXLIC_PIN 读取，绝不从命令行读取（本机其他用户可以看到命令行）；EXLIC_EKEY_PIN 和
EXLIC_HID_PIN 仍可使用，但会提示已弃用。

示例：
  EXLIC_PIN=… exlic ekey bind --signer hid
  exlic ekey list
  EXLIC_PIN=… exlic ekey record --out session.apdu

${SIGNER_USAGE.zh}`,
};

const line = (label: string, value: string) => `${label.padEnd(12)} ${value}\n`;

/** `exlic ekey list|info|record`: lists USB e-keys, reads a key's certificate, records a signing session to a replay fixture. `factory` replaces the USB backend (tests pass virtual keys). */
export async function runEKey(args: string[], io: CliIo, factory: TransportFactory = hidEKeys): Promise<number> {
  const { values, positionals, lang } = parseClientArgs(args, io, {
    key: { type: 'string' },
    out: { type: 'string' },
    message: { type: 'string', default: 'exlic ekey record' },
    pem: { type: 'boolean', default: false },
    signer: { type: 'string', default: 'virtual' },
  });
  if (values.help) return printHelp(io, lang, USAGE);
  const usage = say(lang, USAGE);
  const [verb, ...extra] = positionals;
  if (verb === undefined || extra.length > 0 || !['bind', 'list', 'info', 'record'].includes(verb)) throw new UsageError({ en: `expected bind, list, info or record\n\n${usage}`, zh: `应为 bind、list、info 或 record\n\n${usage}` });
  if (verb === 'record' && values.out === undefined) throw new UsageError({ en: `record needs --out FILE\n\n${usage}`, zh: `record 需要 --out 文件\n\n${usage}` });
  if (verb === 'bind') return bind(values, io, lang);

  const descriptor = async (): Promise<EKeyDescriptor> => {
    const keys = await factory.list();
    const found = values.key === undefined ? keys[0] : keys.find((key) => key.path === values.key);
    if (!found) {
      throw new OperationError(
        values.key === undefined
          ? { en: 'no USB e-key is plugged in: plug it in and try again', zh: '未插入 USB 电子钥匙：请插好后重试' }
          : { en: `no e-key at ${values.key}; "exlic ekey list" shows the paths`, zh: `${values.key} 上没有电子钥匙；"exlic ekey list" 列出路径` },
      );
    }
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
    const pin = pinFrom(io, lang);
    if (pin === undefined || pin === '') {
      await transport.close();
      throw new UsageError({ en: 'record signs once, so it needs the PIN: set EXLIC_PIN', zh: 'record 要签名一次，需要口令：请设置 EXLIC_PIN' });
    }
    const recorder = createRecordingTransport({ transport });
    const signer = createEKeySigner({ transport: recorder, pin });
    const message = new TextEncoder().encode(values.message);
    try {
      const result = await signer.sign(message);
      if (!verifySignature({ message, result })) {
        io.stderr.write(`exlic ekey: ${say(lang, { en: 'the key answered with a signature that does not verify; nothing was written.', zh: '钥匙返回的签名验证不通过；未写入任何内容。' })}\n`);
        return EXIT.finding;
      }
    } finally {
      await signer.close();
    }
    const header = `# exlic ekey record, ${new Date().toISOString()}\n# message (UTF-8): ${JSON.stringify(values.message)}\n`;
    const file = resolve(io.cwd, values.out!);
    await writeFile(file, header + recorder.fixture());
    io.stdout.write(say(lang, { en: `Recorded the session to ${file} (PIN masked as [PIN]).\n`, zh: `会话已录制到 ${file}（口令遮盖为 [PIN]）。\n` }));
    return EXIT.ok;
  } catch (error) {
    // Called with a factory from tests as well as from main: a key's failure is described the same way here.
    if (!isSignerError(error)) throw error;
    io.stderr.write(`exlic ekey: ${describeFailure(error, { lang })!.lines[0]}\n`);
    return EXIT.finding;
  }
}

/** \`exlic ekey bind\`: binds the signer's e-key to the token's operator. */
async function bind(values: { signer: string; format?: unknown; server?: unknown; token?: unknown }, io: CliIo, lang: Lang): Promise<number> {
  const format = formatOf(values.format);
  const client = clientFrom(values, io);
  const { signer } = await signerFrom(values.signer, io, lang);
  try {
    const binding = await client.ekey.bind({ signer });
    if (format === 'json') output(io, format, binding, [], []);
    else io.stdout.write(renderFields([['fingerprint', binding.certificateFingerprint], ['subject', binding.subject], ['boundAt', binding.boundAt]]));
    return EXIT.ok;
  } finally {
    await signer.close();
  }
}
