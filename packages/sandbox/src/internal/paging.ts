/** Opaque cursors and page sizes. */
import { refuse } from './problem';

/** The page size of a query's `limit` (validated by the contract): 1-100, default 20. */
export function pageLimit(limit: unknown): number {
  return typeof limit === 'number' ? limit : 20;
}

/** An opaque cursor for a position `n` in a list of kind `kind`. */
export function encodeCursor(kind: string, n: number): string {
  return Buffer.from(`${kind}:${n}`).toString('base64url');
}

/** The position a cursor names, or undefined without one; a cursor of another list or junk is refused. */
export function decodeCursor(cursor: unknown, kind: string): number | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const text = typeof cursor === 'string' ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = new RegExp(`^${kind}:(\\d{1,15})$`).exec(text);
  if (match === null) throw refuse('invalidRequest', 'The cursor is not one this list returned: pass back nextCursor unchanged, or omit it for the first page.');
  return Number(match[1]);
}
