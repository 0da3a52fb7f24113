// The workload both rules benches measure (check.bench.ts and check-input.bench.ts), defined once so that they are
// the same 10,000 generated applications of every goods class, valid and invalid, against the same catalog and date.
import { compileRuleSet } from '../src/internal/compile';
import type { AppContext } from '../src/internal/context';
import { createContext, readApplication } from '../src/internal/normalize';
import { getBundledRuleSet } from '../src/rule-set';
import { generateApplications, testCatalog } from '../test/generate';

export const COUNT = 10_000;
export const asOf = '2026-09-01';
export const catalog = testCatalog();
export const ruleSet = getBundledRuleSet();
export const compiled = compileRuleSet(ruleSet);
export const applications = generateApplications(COUNT, 7);
/** Read and normalised once up front: the rules' own cost is what the benches time on them. */
const contexts = applications.map((application) => createContext(readApplication(application).application, { asOf, catalog }));
/** Contexts `from`..`to` with an empty memo (the closures and the engine cache facts there), made before a clock starts. */
export const fresh = (from = 0, to = COUNT): AppContext[] => contexts.slice(from, to).map((ctx) => ({ ...ctx, memo: new Map<string, unknown>() }));
