// Issue 19, point 1: every code of every code table, through every field that takes that table's codes: core's field
// metadata and schema, the lookups (findCode, hasCode, searchCodeTable, suggestCode) and the rules (save and declare).
// The lead extends the same walk to the HTTP routes (upload type, replace path) in the sandbox's tests.
import { CODE_TABLE_NAMES, FIELDS, findCode, getCodeTable, hasCode, parseApplication, searchCodeTable, suggestCode, toFieldPath, type CodeTableName } from '@exlic/core';
import { describe, expect, it } from 'vitest';
import { check } from '../src/index';
import { testCatalog, validApplication } from './generate';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the walk writes any field
const catalog = testCatalog();

/** Writes `value` at a field path such as `contract.currency` or `attachments[].type` (the first item). */
function setAt(app: Json, fieldPath: string, value: string): (string | number)[] {
  const wirePath: (string | number)[] = [];
  let node: Json = app;
  const keys = fieldPath.split('.');
  keys.forEach((raw, index) => {
    const list = raw.endsWith('[]');
    const key = list ? raw.slice(0, -2) : raw;
    wirePath.push(key);
    const last = index === keys.length - 1;
    if (list) {
      node[key] ??= [{}];
      if (node[key].length === 0) node[key].push({});
      wirePath.push(0);
      node = node[key][0];
    } else if (last) node[key] = value;
    else node = node[key] ??= {};
  });
  return wirePath;
}

const codeFields = FIELDS.filter((field) => field.table !== undefined);
const same = (a: readonly (string | number)[], b: readonly (string | number)[]) => a.length === b.length && a.every((key, i) => key === b[i]);

describe('every code of every code table', () => {
  it('has a field that takes each table, so the walk below covers every table', () => {
    const tables = new Set(codeFields.map((field) => field.table));
    expect(CODE_TABLE_NAMES.filter((name) => !tables.has(name))).toEqual([]);
  });

  it.each(CODE_TABLE_NAMES.map((name) => [name]))('%s: found by every lookup', (name) => {
    for (const entry of getCodeTable(name as CodeTableName).entries) {
      expect(hasCode(name as CodeTableName, entry.code), entry.code).toBe(true);
      expect(findCode(name as CodeTableName, entry.code)?.name).toBe(entry.name);
      expect(suggestCode(name as CodeTableName, entry.code), entry.code).toBeUndefined();
      expect(searchCodeTable(name as CodeTableName, entry.code, { limit: 200 }).map((hit) => hit.code), entry.code).toContain(entry.code);
    }
  });

  it.each(codeFields.map((field) => [field.path, field.table!]))('%s (%s): accepted by the field metadata, the schema and every rule', { timeout: 120_000 }, (fieldPath, table) => {
    const field = codeFields.find((candidate) => candidate.path === fieldPath)!;
    for (const entry of getCodeTable(table as CodeTableName).entries) {
      // Field metadata: a fixed length or a maximum never refuses a listed code.
      if (field.length !== undefined) expect(entry.code.length, `${fieldPath} length ${field.length} refuses ${entry.code}`).toBe(field.length);
      if (field.maxLength !== undefined) expect(entry.code.length, `${fieldPath} maxLength ${field.maxLength} refuses ${entry.code}`).toBeLessThanOrEqual(field.maxLength);
      const app = validApplication('general') as Json;
      const wirePath = setAt(app, fieldPath, entry.code);
      const parsed = parseApplication(app);
      expect(parsed.success ? [] : parsed.issues.filter((issue) => same(issue.path, wirePath)), `${fieldPath} = ${entry.code}`).toEqual([]);
      for (const phase of ['save', 'declare'] as const) {
        const refused = check(app, { asOf: '2026-09-01', catalog, phase }).violations.filter((violation) => same(violation.path, wirePath) && /^(format|code)\./.test(violation.rule));
        expect(refused.map((violation) => `${violation.rule}: ${violation.message.en}`), `${fieldPath} = ${entry.code} (${phase})`).toEqual([]);
      }
      expect(toFieldPath(wirePath)).toBe(fieldPath);
    }
  });
});
