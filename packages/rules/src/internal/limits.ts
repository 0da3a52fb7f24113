import type { FieldPath } from '../types';

/**
 * The size limits of the wire format, checked while the input is copied and before any per-row work,
 * so an oversized application costs one violation, not one per row. They sit far beyond what any form
 * allows, so an application over a class's own limit (4 spec rows, 20 for vehicles: `specs.maxRows`)
 * is still read and its rows still checked; only sizes no form can produce are refused unread. The
 * other lists are short in practice, and no field holds more than a few hundred characters (附加信息说明
 * is the longest, 330).
 */
export const LIMITS = {
  /**
   * Spec rows read: 200, ten times the largest class limit (20 vehicle rows). Up to it every row is checked and
   * `specs.maxRows` reports the class's limit; beyond it the rows are one `format.tooLarge` and are not read.
   */
  specRows: 200,
  /** Items read from any other list (producers, quality certificate numbers, attachments, a row's attachments). */
  listItems: 50,
  /** Keys read from one object; the wire format's largest object has about 30. */
  objectKeys: 100,
  /** Characters in one text value. */
  textLength: 2000,
  /** Nesting depth of objects and lists below the application; the wire format's deepest is 4 (`specs[0].attachments[0]`). */
  depth: 8,
  /** Violations reported per application before one that counts the rest. */
  violations: 100,
  /** Characters of a value echoed in a violation's `seen`, `expected` or message. */
  echo: 80,
} as const;

/** The largest number of items read from the list at `path`. */
export function listLimit(path: FieldPath): number {
  return path.length === 1 && path[0] === 'specs' ? LIMITS.specRows : LIMITS.listItems;
}

// C0 and C1 control characters, DEL and the bidi overrides: a terminal acts on them, and a report must only show text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

// The same characters, tested for without the copy and the global-flag bookkeeping of replace().
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Text cut to `max` characters (with an ellipsis and the total length) and stripped of control characters. */
export function cutText(text: string, max: number = LIMITS.echo): string {
  // Most messages and echoed values are short plain text, which the lines below would return as it is.
  if (text.length <= max && !HAS_CONTROL.test(text)) return text;
  const clean = text.length > max * 4 ? text.slice(0, max * 4).replace(CONTROL, '') : text.replace(CONTROL, '');
  if (clean.length <= max && text.length <= max * 4) return clean;
  return `${clean.slice(0, max)}… (${text.length.toLocaleString('en')} characters)`;
}

/**
 * A value safe to echo in a report: text cut and cleaned, numbers and booleans as they are, and a list
 * or object replaced by a short JSON preview (never serialised whole).
 */
export function echoValue(value: unknown): unknown {
  if (typeof value === 'string') return cutText(value);
  if (value === null || typeof value !== 'object') return value;
  return cutText(preview(value, LIMITS.echo + 1), LIMITS.echo);
}

// A JSON-like preview that stops once it has `budget` characters, so a list of a million rows costs as little as one of three.
function preview(value: unknown, budget: number): string {
  let out = '';
  const visit = (item: unknown, depth: number): void => {
    if (out.length >= budget) return;
    if (item === null || typeof item !== 'object') {
      out += typeof item === 'string' ? JSON.stringify(item.length > budget ? item.slice(0, budget) : item) : String(item);
      return;
    }
    if (depth > 3) {
      out += Array.isArray(item) ? '[…]' : '{…}';
      return;
    }
    if (Array.isArray(item)) {
      out += '[';
      for (let i = 0; i < item.length && out.length < budget; i += 1) {
        if (i > 0) out += ',';
        visit(item[i], depth + 1);
      }
      out += ']';
      return;
    }
    out += '{';
    let first = true;
    for (const key in item) {
      if (out.length >= budget) break;
      if (!Object.prototype.hasOwnProperty.call(item, key)) continue;
      out += `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      visit((item as Record<string, unknown>)[key], depth + 1);
    }
    out += '}';
  };
  try {
    visit(value, 0);
  } catch {
    out += '…';
  }
  return out;
}
