// Compiles the reviewable rule source (src/rule-sets/<version>.source.ts) to the json-rules-engine rule set
// both interpreters load (src/rule-sets/<version>.json), and that rule set to the straight-line module
// check() runs (src/rule-sets/<version>.generated.ts). Run after editing the source:
//   npm run build:rules -w @exlic/rules
// The drift tests (src/authoring/rule-source.test.ts, src/authoring/generate-code.test.ts) fail when either
// file is not what the source compiles to.
import { writeFileSync } from 'node:fs';
import { generateRuleSetModule } from '../src/authoring/generate-code';
import { compileRuleSetSource } from '../src/authoring/rule-source';
import { ruleSetSource } from '../src/rule-sets/2026.1.source';
import { loadRuleSet } from '../src/rule-set';

const json = `${ruleSetSource.version}.json`;
const ruleSet = compileRuleSetSource(ruleSetSource);
const jsonTarget = new URL(`../src/rule-sets/${json}`, import.meta.url);
writeFileSync(jsonTarget, `${JSON.stringify(ruleSet, null, 2)}\n`);
console.log(`wrote ${jsonTarget.pathname}: ${ruleSet.rules.length} rules`);
// Generated from the rule set as loadRuleSet checks it, so a malformed rule fails here and not at run time.
const codeTarget = new URL(`../src/rule-sets/${ruleSetSource.version}.generated.ts`, import.meta.url);
writeFileSync(codeTarget, generateRuleSetModule(loadRuleSet(JSON.parse(JSON.stringify(ruleSet))), json));
console.log(`wrote ${codeTarget.pathname}`);
