// ERP → Single Window: map an order to an application, check it, save it, upload its contract, declare it with an e-key, wait for the receipts.
// Usage: EXLIC_SERVER=http://127.0.0.1:8787 EXLIC_TOKEN=… npx tsx examples/erp-integration/declare-order.ts [order.json]
import { readFileSync } from 'node:fs';
import { createClient, type Receipt } from '@exlic/client';
import { uploadFile } from '@exlic/client/node';
import { check } from '@exlic/rules';
import { createEKeySigner, createVirtualEKey } from '@exlic/signer';

const orderPath = process.argv[2] ?? new URL('order.json', import.meta.url).pathname;
const order = JSON.parse(readFileSync(orderPath, 'utf8'));
const client = createClient({ baseUrl: process.env.EXLIC_SERVER ?? 'http://127.0.0.1:8787', token: process.env.EXLIC_TOKEN ?? '' });

// 1. The order, in the Single Window's words.
const application = {
  schemaVersion: 1, year: Number(order.signedOn.slice(0, 4)), customsPort: order.port, exporter: order.seller, consignor: order.seller,
  tradeMode: '0110', importingCountry: order.customer.country, transportMode: '2', validUntil: order.shipBy, paymentMethod: 'TT',
  importer: { nameZh: order.customer.nameZh, nameEn: order.customer.nameEn },
  contract: { no: order.orderNo, signedOn: order.signedOn, validUntil: order.shipBy, currency: order.currency },
  goods: { priceCurrency: order.currency, hsCode: order.lines[0].hsCode },
  specs: order.lines.map((line: { unitPrice: string; quantity: string }) => ({ unitPrice: line.unitPrice, quantity: line.quantity })),
  other: { oneBatchOneLicence: true, issuingAuthority: 'QLAB', appliedOn: new Date().toISOString().slice(0, 10), applicantName: '张三', applicantContact: '010-00000000' },
  pledge: true,
};

// 2. Check it locally with the same rules the server runs (minus the attachment, uploaded next).
const checked = check(application, { phase: 'declare' });
const blocking = checked.violations.filter((v) => v.severity === 'error' && v.path[0] !== 'attachments');
if (blocking.length > 0) throw new Error(`Order ${order.orderNo} cannot be declared:\n${blocking.map((v) => `  ${v.path.join('.')}: ${v.message.en}`).join('\n')}`);

// 3. Save, upload the contract, bind the e-key (a virtual one here; createEKeySigner over USB HID in production).
const { record } = await client.applications.save(checked.application);
await uploadFile(client, record.id, { type: 'CONTRACT', path: new URL(order.contractFile, new URL(orderPath, 'file://')).pathname });
const key = createVirtualEKey({ pin: '12345678' });
const signer = createEKeySigner({ transport: key.openTransport(), pin: '12345678' });
await client.ekey.bind({ signer });

// 4. Declare: the order number as idempotency key, so a rerun after a crash never declares twice.
let start: string | undefined;
for await (const page of client.events.list({ limit: 100 }).pages()) start = page.nextCursor ?? start;
const declared = await client.applications.declare(record.id, { signer, idempotencyKey: `erp-${order.orderNo}` });
console.log(`declared ${record.id} as ${declared.mofcomApplicationNo}`);

// 5. Wait for the receipts until the authority decides (the event feed catches up on pushes a receiver missed).
const final = new Set(['approved', 'firstReviewReturned', 'secondReviewReturned']);
for (let after = start, done = false; !done; await new Promise((r) => setTimeout(r, 200))) {
  const page = await client.events.list({ after, limit: 100 });
  for (const receipt of page.items.filter((r: Receipt) => r.applicationId === record.id)) {
    console.log(`receipt ${receipt.event}: ${receipt.from} → ${receipt.to}${receipt.licenceNo ? ` licence ${receipt.licenceNo}` : ''}`);
    done ||= final.has(receipt.to);
  }
  after = page.nextCursor ?? after;
}
await signer.close();
