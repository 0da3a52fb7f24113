// Compiles the reviewable rule source (src/rule-sets/<version>.source.ts) to the json-rules-engine
// rule set both interpreters load (src/rule-sets/<version>.json). Run after editing the source:
//   npm run build:rules -w @exlic/rules
// The drift test (src/authoring/rule-source.test.ts) fails when the JSON is not what the source compiles to.
import { writeFileSync } from 'node:fs';
import { compileRuleSetSource } from '../src/authoring/rule-source';
import { ruleSetSource } from '../src/rule-sets/2026.1.source';

const target = new URL(`../src/rule-sets/${ruleSetSource.version}.json`, import.meta.url);
const ruleSet = compileRuleSetSource(ruleSetSource);
writeFileSync(target, `${JSON.stringify(ruleSet, null, 2)}\n`);
console.log(`wrote ${target.pathname}: ${ruleSet.rules.length} rules`);
