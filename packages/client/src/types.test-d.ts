// The client's request and response types pinned to the contract's schemas in @exlic/core (vitest typecheck): a change on either side that the other does not follow fails here.
import type * as wire from '@exlic/core';
import type { ExportLicenceApplication, Status } from '@exlic/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { ClientError, Client, InvalidResponseError, Page, PagedList, Problem, StatusNotAllowedError, UploadedAttachment, ValidationError, ConflictError } from './index';

type Answer<TMethod extends (...args: never[]) => unknown> = Awaited<ReturnType<TMethod>>;
type Wire<TSchema extends z.ZodType> = z.output<TSchema>;
type WireInput<TSchema extends z.ZodType> = z.input<TSchema>;
/** print(id) with no options: the overload a plain call picks. */
declare const client: Client;
const printDefault = (id: string) => client.applications.print(id);

describe('the answers are the contract\'s', () => {
  it('applications', () => {
    type Applications = Client['applications'];
    expectTypeOf<Answer<Applications['get']>>().toEqualTypeOf<Wire<typeof wire.ApplicationRecord>>();
    expectTypeOf<Answer<Applications['save']>>().toEqualTypeOf<Wire<typeof wire.SaveResult>>();
    expectTypeOf<Answer<Applications['list']>>().toEqualTypeOf<Wire<typeof wire.ApplicationPage>>();
    expectTypeOf<Answer<Applications['earlierYears']>>().toEqualTypeOf<Wire<typeof wire.ApplicationPage>>();
    expectTypeOf<Answer<Applications['count']>>().toEqualTypeOf<Wire<typeof wire.CountResult>['count']>();
    expectTypeOf<Answer<Applications['copy']>>().toEqualTypeOf<Wire<typeof wire.CopyResult>['items']>();
    expectTypeOf<Answer<Applications['copyFromEarlierYear']>>().toEqualTypeOf<Wire<typeof wire.CopyResult>['items']>();
    expectTypeOf<Answer<Applications['declare']>>().toEqualTypeOf<Wire<typeof wire.ApplicationRecord>>();
    expectTypeOf<Answer<Applications['withdraw']>>().toEqualTypeOf<Wire<typeof wire.ApplicationRecord>>();
    expectTypeOf<Answer<Applications['print']>>().toEqualTypeOf<Wire<typeof wire.ApplicationRecord>>(); // the { as: 'record' } form
    expectTypeOf(printDefault).returns.resolves.toEqualTypeOf<Uint8Array>(); // print(id): the PDF
    expectTypeOf<Answer<Applications['opinions']>>().toEqualTypeOf<Wire<typeof wire.OpinionList>['items']>();
    expectTypeOf<Answer<Applications['history']>>().toEqualTypeOf<Wire<typeof wire.StatusChangeList>['items']>();
    // A batch item's value is the record the contract's BatchItem carries.
    type Declared = Extract<Answer<Applications['declareMany']>['items'][number], { ok: true }>['value'];
    expectTypeOf<Declared>().toEqualTypeOf<NonNullable<Wire<typeof wire.BatchItem>['record']>>();
  });

  it('the other resources', () => {
    expectTypeOf<Answer<Client['me']>>().toEqualTypeOf<Wire<typeof wire.Me>>();
    expectTypeOf<Answer<Client['attachments']['list']>>().toEqualTypeOf<Wire<typeof wire.AttachmentList>['items']>();
    expectTypeOf<Answer<Client['attachments']['upload']>>().toEqualTypeOf<UploadedAttachment>();
    expectTypeOf<UploadedAttachment>().toExtend<Wire<typeof wire.AttachmentRecord>>();
    expectTypeOf<Answer<Client['contractDetails']['get']>>().toEqualTypeOf<Wire<typeof wire.ContractDetailsDocument>>();
    expectTypeOf<Answer<Client['contractDetails']['save']>>().toEqualTypeOf<Wire<typeof wire.ApplicationRecord>>();
    expectTypeOf<Answer<Client['customs']['status']>>().toEqualTypeOf<Wire<typeof wire.CustomsStatus>>();
    expectTypeOf<Answer<Client['writeOffs']['list']>>().toEqualTypeOf<Wire<typeof wire.WriteOffPage>>();
    expectTypeOf<Answer<Client['statistics']>>().toEqualTypeOf<Wire<typeof wire.Statistics>>();
    expectTypeOf<Answer<Client['tables']['list']>>().toEqualTypeOf<Wire<typeof wire.CodeTableList>['names']>();
    expectTypeOf<Answer<Client['tables']['get']>>().toExtend<Wire<typeof wire.CodeTableDocument>>();
    expectTypeOf<Answer<Client['ekey']['challenge']>>().toEqualTypeOf<Wire<typeof wire.EKeyChallenge>>();
    expectTypeOf<Answer<Client['ekey']['bind']>>().toEqualTypeOf<Wire<typeof wire.EKeyBinding>>();
    expectTypeOf<Answer<Client['subscriptions']['create']>>().toEqualTypeOf<Wire<typeof wire.SubscriptionCreated>>();
    expectTypeOf<Answer<Client['subscriptions']['list']>>().toEqualTypeOf<Wire<typeof wire.SubscriptionList>['items']>();
    expectTypeOf<Answer<Client['events']['list']>>().toEqualTypeOf<Wire<typeof wire.ReceiptPage>>();
    expectTypeOf<Client['events']['list']>().returns.toEqualTypeOf<PagedList<Wire<typeof wire.Receipt>>>();
    expectTypeOf<Page<Wire<typeof wire.WriteOff>>>().toEqualTypeOf<Wire<typeof wire.WriteOffPage>>();
  });

  it('the errors carry the contract\'s problem and violations', () => {
    expectTypeOf<ClientError['problem']>().toEqualTypeOf<Wire<typeof wire.Problem> | undefined>();
    expectTypeOf<Problem>().toEqualTypeOf<Wire<typeof wire.Problem>>();
    expectTypeOf<ValidationError['violations'][number]>().toEqualTypeOf<Wire<typeof wire.Violation>>();
    expectTypeOf<StatusNotAllowedError['applicationStatus']>().toEqualTypeOf<Wire<typeof wire.Problem>['applicationStatus']>();
    expectTypeOf<StatusNotAllowedError['allowedIn'][number]>().toEqualTypeOf<NonNullable<Wire<typeof wire.Problem>['allowedIn']>[number]>();
    expectTypeOf<ConflictError['currentVersion']>().toEqualTypeOf<Wire<typeof wire.Problem>['currentVersion']>();
    expectTypeOf<InvalidResponseError['reason']>().toEqualTypeOf<'notJson' | 'empty' | 'shape' | 'cursorLoop'>();
  });
});

describe('what the client sends is what the contract accepts', () => {
  it('an application, both ways', () => {
    type Saved = Parameters<Client['applications']['save']>[0];
    expectTypeOf<Saved>().toExtend<WireInput<typeof wire.ApplicationDocument>>();
    expectTypeOf<WireInput<typeof wire.ApplicationDocument>>().toExtend<Saved>();
    expectTypeOf<ExportLicenceApplication>().toExtend<Saved>();
    // Contract details go out as the model's parsed form, which the contract's input accepts.
    expectTypeOf<Parameters<Client['contractDetails']['save']>[1]>().toEqualTypeOf<Wire<typeof wire.ContractDetailsDocument>>();
    expectTypeOf<Parameters<Client['contractDetails']['save']>[1]>().toExtend<WireInput<typeof wire.ContractDetailsDocument>>();
  });

  it('the writes\' parameters', () => {
    expectTypeOf<Parameters<Client['subscriptions']['create']>[0]['mode']>().toEqualTypeOf<WireInput<typeof wire.SubscriptionCreate>['mode']>();
    expectTypeOf<NonNullable<Parameters<Client['applications']['withdraw']>[1]>['reason']>().toEqualTypeOf<WireInput<typeof wire.WithdrawBody>['reason']>();
    expectTypeOf<NonNullable<Parameters<Client['applications']['copy']>[1]>>().toEqualTypeOf<NonNullable<WireInput<typeof wire.CopyBody>['count']>>();
    expectTypeOf<Parameters<Client['ekey']['bind']>[0]['challenge']>().toEqualTypeOf<Wire<typeof wire.EKeyChallenge> | undefined>();
    // Filters name the lifecycle's statuses, the ones the contract's records carry.
    expectTypeOf<Status>().toEqualTypeOf<Wire<typeof wire.ApplicationRecord>['status']>();
  });

  it('refuses what the contract refuses', () => {
    const client = null as unknown as Client;
    // @ts-expect-error a status the lifecycle does not have
    void client.applications.list({ status: 'lost' });
    // @ts-expect-error a subscription mode the contract does not have
    void client.subscriptions.create({ mode: 'everyone', url: 'http://127.0.0.1/hook' });
    // @ts-expect-error contract details are checked field by field
    void client.contractDetails.save('app_1', { applicantEnterprise: { name: 1 } }, { version: 1 });
  });
});
