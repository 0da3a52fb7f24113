/** Checks every handler shares: the lifecycle's operations matrix and optimistic concurrency (If-Match). */
import { canPerform, OPERATION_ALLOWED_IN, OPERATION_LABELS, type Operation } from '@exlic/core';
import type { AppRow } from './records';
import { refuse } from './problem';

/** Refuses an operation the lifecycle does not allow in the row's status, naming both. */
export function ensureAllowed(row: AppRow, operation: Operation): void {
  if (canPerform(row.status, operation)) return;
  const allowedIn = OPERATION_ALLOWED_IN[operation];
  throw refuse('operationNotAllowed', `"${operation}" (${OPERATION_LABELS[operation].zh}) is not allowed in status "${row.status}"; it is allowed in: ${allowedIn.join(', ')}.`, {
    applicationStatus: row.status,
    operation,
    allowedIn: [...allowedIn],
  });
}

/** The version an If-Match header names (`"3"`, `W/"3"`), or undefined when absent. */
function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (match === null) throw refuse('invalidRequest', `If-Match must be an ETag this sandbox sent, such as "3"; got ${JSON.stringify(header.slice(0, 40))}.`);
  return Number(match[1]);
}

/** Refuses a stale If-Match with the current version; `required` refuses a missing one (428). */
export function checkVersion(row: AppRow, header: string | undefined, required: boolean): void {
  const version = ifMatchVersion(header);
  if (version === undefined) {
    if (required) throw refuse('versionRequired', `Send If-Match: "${row.version}" (the ETag you read) to edit application ${row.id}.`, { currentVersion: row.version });
    return;
  }
  if (version !== row.version) {
    throw refuse('versionMismatch', `Application ${row.id} is at version ${row.version}, not ${version}: read it again, reapply your change and retry.`, { currentVersion: row.version });
  }
}
