import type * as z from 'zod';
import { getGoodsClass, type SpecRowSchema } from './goods-classes';
import { ExportLicenceApplication } from './models/application';
import type { GoodsClass } from './models/catalog';
import { GeneralSpecRow } from './models/spec-rows';

/** One problem found while parsing: where (a zod-style path), what kind, and a sentence saying what to fix. */
export interface ParseIssue {
  /** Keys and indices down to the field, e.g. `["specs", 1, "quantity"]`. */
  readonly path: readonly (string | number)[];
  /** The kind of problem: `invalid_type`, `unrecognized_keys`, `invalid_format`, `custom`, … (zod's codes). */
  readonly code: string;
  /** What is wrong and what was expected. */
  readonly message: string;
  /** The expected format, when the problem is one: `decimal`, `date`, … */
  readonly format?: string;
  /** The 1-based line of the file the problem is on, when the input was a file read line by line (a catalog CSV). */
  readonly line?: number;
}

/** The result of a parse: the data, or the issues. Never an exception. */
export type ParseResult<T> = { readonly success: true; readonly data: T } | { readonly success: false; readonly issues: readonly ParseIssue[] };

/** Turns zod issues into this SDK's plain issues (paths of strings and numbers only). */
export function toParseIssues(error: z.ZodError): ParseIssue[] {
  return error.issues.flatMap((issue): ParseIssue[] => {
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      // One issue per unknown key, pointing at the key itself, so a UI or a tester sees which name is wrong.
      return issue.keys.map((key) => ({ path: [...path, key], code: issue.code, message: `unknown field "${key}": the wire format has no such name (check its spelling)` }));
    }
    const format = (issue as { params?: { format?: unknown } }).params?.format ?? (issue as { format?: unknown }).format;
    const base = { path, code: issue.code, message: issue.message };
    return [typeof format === 'string' ? { ...base, format } : base];
  });
}

/**
 * Parses anything (a JSON value read from a file, a form's state) into an export licence application.
 * Decimals given as numbers become decimal strings; blank strings count as not filled. Never throws.
 * @example
 * const result = parseApplication(JSON.parse(text));
 * if (!result.success) for (const issue of result.issues) console.log(issue.path.join('.'), issue.message);
 */
export function parseApplication(input: unknown): ParseResult<ExportLicenceApplication> {
  let result;
  try {
    result = ExportLicenceApplication.safeParse(input);
  } catch (error) {
    // zod does not throw on data; this guards against hostile inputs such as throwing getters or proxies.
    return { success: false, issues: [{ path: [], code: 'custom', message: `the input could not be read: ${String(error)}` }] };
  }
  return result.success ? { success: true, data: result.data } : { success: false, issues: toParseIssues(result.error) };
}

/** The exact spec-row schema for a goods class (the registry's `rowSchema`; the general shape for an unknown class). */
export function specRowSchemaFor(goodsClass: GoodsClass): SpecRowSchema {
  return getGoodsClass(goodsClass)?.rowSchema ?? GeneralSpecRow;
}
