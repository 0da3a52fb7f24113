import { isActive } from './internal/compile';
import { scopesOf } from './internal/evaluate';
import { createContext, readApplication } from './internal/normalize';
import { normalizeCheckOptions } from './options';
import type { FieldPath, RequiredFieldsOptions } from './types';

/**
 * The fields mandatory for this application now (to paint yellow): they follow the goods class, the
 * number of spec rows and the switches in `other`. Read from the rule set's `required` rules.
 * Empty in the `save` phase, where nothing is mandatory. Throws `CheckOptionsError` for options it cannot use, as `check` does.
 * @example requiredFields(application).some((path) => path.join('.') === 'goods.approvalNo')
 */
export function requiredFields(application: unknown, options?: RequiredFieldsOptions): FieldPath[] {
  const { phase, compiled, asOf, catalog } = normalizeCheckOptions(options);
  if (phase === 'save') return [];
  const ctx = createContext(readApplication(application).application, { asOf, catalog });
  const scopes = scopesOf(ctx);
  const paths: FieldPath[] = [];
  const seen = new Set<string>();
  for (const rule of compiled.rules) {
    if (!rule.when || !isActive(rule.def, ctx.appliedOn, 'declare')) continue;
    for (const scope of scopes[rule.def.scope]) {
      if (!rule.when(scope)) continue;
      const path = scope.index < 0 ? rule.def.path : rule.def.path.map((key) => (key === '#' ? scope.index : key));
      const key = JSON.stringify(path);
      if (!seen.has(key)) {
        seen.add(key);
        paths.push(path);
      }
    }
  }
  return paths;
}
