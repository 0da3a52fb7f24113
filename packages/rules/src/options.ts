import { getBundledCatalog, isIsoDate, isUsdRateTable, todayIsoDate, type Catalog, type UsdRateTable } from '@exlic/core';
import { CheckOptionsError, isRuleDefinitionError } from './errors';
import { compileRuleSet, type CompiledRuleSet } from './internal/compile';
import { getBundledRuleSet, loadRuleSet } from './rule-set';
import type { CheckOptions, Phase, Profile, RuleSet } from './types';

/** The options with defaults applied. */
export interface NormalizedCheckOptions {
  readonly phase: Phase;
  readonly profile: Profile;
  readonly asOf: string;
  readonly compiled: CompiledRuleSet;
  readonly catalog: Catalog;
  readonly usdRate?: string | number;
  readonly usdRates?: UsdRateTable;
}

// Rule sets already read by loadRuleSet (or given before and checked): checked once, not per application.
const checkedRuleSets = new WeakSet<object>();

function readRuleSet(value: unknown): CompiledRuleSet {
  if (value === undefined) return compileRuleSet(getBundledRuleSet());
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CheckOptionsError('ruleSet', `ruleSet must be a rule set (from getBundledRuleSet() or loadRuleSet(json)), not ${describe(value)}`);
  }
  if (!checkedRuleSets.has(value)) {
    try {
      loadRuleSet(value);
    } catch (error) {
      const why = isRuleDefinitionError(error) ? error.message : String(error);
      throw new CheckOptionsError('ruleSet', `ruleSet is not a usable rule set: ${why}. Read rule files with loadRuleSet(json) to see the problem early.`, { cause: error });
    }
    checkedRuleSets.add(value);
  }
  return compileRuleSet(value as RuleSet);
}

function isCatalog(value: unknown): value is Catalog {
  const catalog = value as Partial<Catalog> | null;
  return typeof catalog === 'object' && catalog !== null && typeof catalog.find === 'function' && Array.isArray(catalog.years) && typeof catalog.source === 'string';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/**
 * Checks the options of `check` and applies the defaults; throws {@link CheckOptionsError} naming the
 * option, what it got and what it takes, rather than quietly using a default.
 */
export function normalizeCheckOptions(options: unknown): NormalizedCheckOptions {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new CheckOptionsError('options', `the options must be an object such as { phase: 'declare', asOf: '2026-09-01' } or left out, not ${describe(options)}`);
  }
  const given = options as Record<keyof CheckOptions, unknown>;
  const { phase, profile, asOf, catalog, usdRate, usdRates } = given;
  if (phase !== undefined && phase !== 'save' && phase !== 'declare') throw new CheckOptionsError('phase', `phase must be "save" or "declare", not ${describe(phase)}`);
  if (profile !== undefined && profile !== 'production' && profile !== 'test') throw new CheckOptionsError('profile', `profile must be "production" or "test", not ${describe(profile)}`);
  if (asOf !== undefined && !isIsoDate(asOf)) {
    throw new CheckOptionsError('asOf', `asOf must be a real calendar date written YYYY-MM-DD (e.g. "2026-09-01"), not ${describe(asOf)}; leave it out for today`);
  }
  if (catalog !== undefined && !isCatalog(catalog)) throw new CheckOptionsError('catalog', `catalog must be a Catalog (from createCatalog or getBundledCatalog()), not ${describe(catalog)}`);
  if (usdRate !== undefined && typeof usdRate !== 'string' && !(typeof usdRate === 'number' && Number.isFinite(usdRate))) {
    throw new CheckOptionsError('usdRate', `usdRate must be a decimal such as "0.1385" (a string or a finite number), not ${describe(usdRate)}`);
  }
  if (usdRates !== undefined && !isUsdRateTable(usdRates)) {
    throw new CheckOptionsError('usdRates', `usdRates must be a rate table (from createUsdRateTable, or SANDBOX_USD_RATES), not ${describe(usdRates)}`);
  }
  return {
    phase: phase ?? 'declare',
    profile: profile ?? 'production',
    asOf: asOf ?? todayIsoDate(),
    compiled: readRuleSet(given.ruleSet),
    catalog: catalog ?? getBundledCatalog(),
    ...(usdRate !== undefined ? { usdRate } : {}),
    ...(usdRates !== undefined ? { usdRates } : {}),
  };
}
