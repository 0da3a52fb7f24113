/** What every handler and the in-process API share: the database, the options, the pushes. */
import { createHash, randomBytes } from 'node:crypto';
import type { Sm2Engine } from '@exlic/signer';
import type { Receipt } from './records';
import type { Db } from './db';
import type { SandboxFaults } from '../faults';
import type { NormalizedSandboxOptions } from '../options';

/** The authenticated caller. */
export interface Identity {
  operator: string;
  operatorName: string;
  enterprise: string;
}

/** The sandbox's shared state. */
export interface Ctx {
  db: Db;
  options: NormalizedSandboxOptions;
  engine: Sm2Engine;
  /** The injected faults (the admin route sets them). */
  faults: SandboxFaults;
  /** Called after a unit of work committed, with the receipts it produced. */
  publish(receipts: Receipt[]): void;
}

/** The current time as an ISO timestamp with offset (UTC). */
export function nowIso(ctx: Ctx): string {
  return ctx.options.now().toISOString();
}

/** A random id with a prefix, e.g. `app_3f2a…`. */
export function randomId(prefix: string, bytes = 10): string {
  return `${prefix}_${randomBytes(bytes).toString('hex')}`;
}

/** SHA-256 hex of text or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
