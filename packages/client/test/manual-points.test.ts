// Issue 19 through the client: a used vehicle's documents uploaded per row, and the printable form as PDF bytes.
import { createCatalog } from '@exlic/core';
import { serveSandbox, type ServedSandbox } from '@exlic/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPageTexts } from '../../../test-support/pdf-text';
import { createClient, type Client } from '../src/index';
import { ENTERPRISE, createTestKey, validApplication } from './helpers';

const USED_VEHICLE = '8703235990';
/** A test-only catalog entry for used vehicles (the class assignment is for tests, not a fact). */
const catalog = createCatalog([{ year: 2026, hsCode: USED_VEHICLE, name: 'test used vehicle', unit: '辆', goodsClass: 'vehicleUsed' }], { source: 'exlic client test catalog' });

describe('issue 19 through the client', () => {
  let served: ServedSandbox;
  let client: Client;
  const key = createTestKey();

  beforeAll(async () => {
    // The sandbox's day is 2026-11-29.
    served = await serveSandbox({ enterprises: [{ ...ENTERPRISE, operators: [{ id: 'a-op' }] }], catalog, now: () => new Date('2026-11-29T10:00:00Z') });
    client = createClient({ baseUrl: served.url, token: await served.sandbox.issueToken({ enterprise: ENTERPRISE.code, operator: 'a-op' }) });
    await client.ekey.bind({ signer: key });
  });
  afterAll(async () => {
    await served?.close();
  });

  it('declares and approves a used vehicle registered 120 days before the application, its after-sales confirmation uploaded with client.attachments.upload; print(id, { as: "pdf" }) returns the form', async () => {
    const { validUntil: _, ...base } = validApplication();
    const application = {
      ...base,
      goods: { priceCurrency: 'USD', hsCode: USED_VEHICLE },
      specs: [{ brand: 'B', model: 'M1', vin: 'LSVAU218XN2183294', registeredOn: '2026-08-01', transferredOn: '2026-11-01', totalValue: '9000' }],
    };
    const { record } = await client.applications.save(application);
    await client.attachments.upload(record.id, { type: 'CONTRACT', file: new TextEncoder().encode('contract'), fileName: 'contract.pdf' });
    await client.attachments.upload(record.id, { type: 'VEHICLE_DOC', file: new TextEncoder().encode('registration'), fileName: 'registration.pdf', row: 0 });
    const confirmation = await client.attachments.upload(record.id, { type: 'AFTER_SALES_CONFIRMATION', file: new TextEncoder().encode('after-sales'), fileName: 'after-sales.pdf', row: 0 });
    expect(confirmation.type).toBe('AFTER_SALES_CONFIRMATION');
    const declared = await client.applications.declare(record.id, { signer: key });
    expect(declared.status).toBe('pendingFirstReview');
    expect(declared.application.specs?.[0]?.attachments).toContain(confirmation.id);
    await served.sandbox.review(record.id, 'firstReviewPassed');
    const approved = await served.sandbox.review(record.id, 'secondReviewPassed');
    expect(approved.status).toBe('approved');

    const pdf = await client.applications.print(record.id);
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    const pages = await pdfPageTexts(pdf);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain(approved.licenceNo);
    expect(pages[0]).toContain(ENTERPRISE.code);
    expect(pages[0]).toContain(ENTERPRISE.name);
    expect((await client.applications.get(record.id)).status).toBe('printed');
  }, 60_000);
});
