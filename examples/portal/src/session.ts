// What every screen shares: the account, the e-key, the application the status panel follows, the
// log of what was sent and received, the open tabs, and a counter the lists watch so that they read
// again after any change (a saved draft is in 申请单查询 at once, not only once it is declared).
import { createEKeySigner, createVirtualEKey, type Signer } from '@exlic/signer';
import type { ApplicationRecord, Me } from '@exlic/client';
import { STATUS_LABELS } from '@exlic/core';
import { reactive, ref, shallowRef } from 'vue';
import { client, describeError } from './api';
import { t } from './i18n';
import { ymdHms } from './dates';

/** The screens of the portal, one per part of the manual. */
export type ScreenId = 'apply' | 'query' | 'history' | 'customs' | 'writeOffs' | 'statistics' | 'push' | 'ekey';

/** One line of the status panel's log. */
export interface LogLine {
  readonly at: string;
  readonly text: string;
  readonly kind: 'sent' | 'received' | 'error';
}

export const session = reactive({
  me: undefined as Me | undefined,
  /** The application the status panel shows: the one last opened, saved or acted on. */
  current: undefined as ApplicationRecord | undefined,
  log: [] as LogLine[],
  /** Screens opened as tabs, in opening order; `active` is shown. */
  tabs: ['apply'] as ScreenId[],
  active: 'apply' as ScreenId,
  /** Bumped after every change of any application: lists and statistics read again. */
  changes: 0,
  /** What the application screen should open next (a row opened from a list); the controller decides whether its status lets it be edited. */
  opening: undefined as { id: string } | undefined,
  /** Applications shown in the print layout (打印, 批量打印); empty when it is closed. */
  printing: [] as ApplicationRecord[],
});

/** The signer of the bound e-key; undefined until 绑卡. */
export const signer = shallowRef<Signer | undefined>(undefined);
export const busy = ref(0);

/** Adds a line to the status panel's log. */
export function note(text: string, kind: LogLine['kind'] = 'received'): void {
  session.log.unshift({ at: ymdHms(new Date()), text, kind });
  if (session.log.length > 100) session.log.length = 100;
}

/** Opens a screen as a tab (or shows it if it is open). */
export function openScreen(screen: ScreenId): void {
  if (!session.tabs.includes(screen)) session.tabs.push(screen);
  session.active = screen;
}

/** Shows a record in the status panel and tells the lists that something changed. */
export function track(record: ApplicationRecord | undefined): void {
  const before = session.current;
  session.current = record;
  session.changes++;
  if (record && before?.id === record.id && before.status !== record.status) note(`${t('状态', 'status')}: ${t(STATUS_LABELS[before.status])} → ${t(STATUS_LABELS[record.status])}${record.licenceNo ? ` · ${t('许可证号', 'licence')} ${record.licenceNo}` : ''}`);
}

/** Reads the record the status panel shows again (the authority may have acted since), and shows it. */
export async function refreshCurrent(id: string): Promise<void> {
  track(await client.applications.get(id));
}

/** Runs a user's action: errors go to the log and come back as the message shown; busy while it runs. */
export async function guarded<T>(label: string, action: () => Promise<T>): Promise<T | undefined> {
  busy.value++;
  try {
    return await action();
  } catch (error) {
    const { message } = describeError(error);
    note(`${label} ${t('失败', 'failed')}: ${message}`, 'error');
    return undefined;
  } finally {
    busy.value--;
  }
}

/** The virtual e-key's PIN: a virtual key in a demo page, never a real user's PIN. */
const VIRTUAL_PIN = '12345678';

/**
 * 绑卡: binds an e-key to the operator. The page uses a virtual e-key (the e-key's APDU protocol in
 * software, from @exlic/signer); a production page would reach the user's USB key through the Single
 * Window's client control (createClientControlSigner) and ask for its PIN.
 */
export async function bindVirtualEKey(pin: string): Promise<void> {
  if (pin !== VIRTUAL_PIN) throw new Error(t('电子钥匙密码不正确，请重新输入', 'Wrong e-key PIN: enter it again'));
  const key = createVirtualEKey({ pin: VIRTUAL_PIN, subject: { commonName: 'exlic portal virtual e-key' } });
  const next = createEKeySigner({ transport: key.openTransport(), pin });
  note(`${t('绑卡', 'bind e-key')} → POST /v1/ekey/challenge, /v1/ekey/bind`, 'sent');
  const binding = await client.ekey.bind({ signer: next });
  signer.value = next;
  if (session.me) session.me = { ...session.me, ekey: binding };
  note(t('绑定成功', 'e-key bound'));
}
