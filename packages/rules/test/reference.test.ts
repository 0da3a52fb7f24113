// docs/reference/ is generated from the code; this fails when a change to the fields, code tables or
// rules is not followed by `npm run gen:reference`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CODE_TABLE_NAMES, FIELDS } from '@exlic/core';
import { getBundledRuleSet } from '@exlic/rules';
import { renderReference } from '../../../scripts/reference';

const pages = renderReference();
const checkedIn = (name: string) => readFileSync(new URL(`../../../docs/reference/${name}`, import.meta.url), 'utf8');

describe('docs/reference', () => {
  it.each(Object.keys(pages))('%s matches the code (run npm run gen:reference after changing fields, tables or rules)', (name) => {
    expect(checkedIn(name)).toBe(pages[name]);
  });

  it('lists every field, code table and rule', () => {
    for (const meta of FIELDS) expect(pages['fields.md']).toContain(`| \`${meta.path}\` |`);
    for (const name of CODE_TABLE_NAMES) expect(pages['code-tables.md']).toContain(`## ${name}\n`);
    for (const rule of getBundledRuleSet().rules) expect(pages['rules.md']).toContain(`| \`${rule.id}\` |`);
  });
});
