import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCreditCode,
  checkEnterpriseCode,
  checkOrganizationCode,
  creditCodeCheckCharacter,
  organizationCodeCheckCharacter,
  type IdentifierCheck,
  type IdentifierFailure,
} from './identifiers';

// The identifier checks as they were before they became table-driven (verbatim, renamed `old*`): the oracle
// the fast versions must match on every input, verdict, failure, message and expected character alike.
const VALID = { valid: true } as const;

function fail(failure: IdentifierFailure, zh: string, en: string, expected?: string): IdentifierCheck {
  return expected === undefined ? { valid: false, failure, message: { zh, en } } : { valid: false, failure, message: { zh, en }, expected };
}

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

function oldOrganizationCodeCheckCharacter(body: string): string | undefined {
  if (!/^[0-9A-Z]{8}$/.test(body)) return undefined;
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += parseInt(body[i]!, 36) * ORG_WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  return check === 11 ? '0' : check === 10 ? 'X' : String(check);
}

function oldCheckOrganizationCode(value: unknown): IdentifierCheck {
  if (typeof value !== 'string') return fail('type', '组织机构代码应为文本', 'the organisation code must be text');
  const code = value.replace(/-/g, '');
  if (code.length !== 9) return fail('length', `组织机构代码应为9位，实为${code.length}位`, `the organisation code must have 9 characters, not ${code.length}`);
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code)) return fail('charset', '组织机构代码只能含数字和大写字母，校验位为数字或X', 'the organisation code may hold only digits and capital letters, its check character a digit or X');
  const expected = oldOrganizationCodeCheckCharacter(code.slice(0, 8))!;
  if (code[8] !== expected) return fail('checkCharacter', `组织机构代码校验位错误，应为${expected}`, `the organisation code's check character is wrong: expected ${expected}`, expected);
  return VALID;
}

function oldCreditCodeCheckCharacter(body: string): string | undefined {
  if (body.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = USCC_CHARSET.indexOf(body[i]!);
    if (value < 0) return undefined;
    sum += value * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

function oldCheckCreditCode(value: unknown): IdentifierCheck {
  if (typeof value !== 'string') return fail('type', '统一社会信用代码应为文本', 'the credit code must be text');
  if (value.length !== 18) return fail('length', `统一社会信用代码应为18位，实为${value.length}位`, `the unified social credit code must have 18 characters, not ${value.length}`);
  for (const char of value) {
    if (!USCC_CHARSET.includes(char)) {
      return fail('charset', `统一社会信用代码含非法字符“${char}”（不得含I、O、Z、S、V及小写字母）`, `the credit code contains "${char}"; only 0-9 and capital letters other than I, O, Z, S, V are allowed`);
    }
  }
  const expected = oldCreditCodeCheckCharacter(value.slice(0, 17))!;
  if (value[17] !== expected) return fail('checkCharacter', `统一社会信用代码校验位错误，应为${expected}`, `the credit code's check character is wrong: expected ${expected}`, expected);
  const org = oldCheckOrganizationCode(value.slice(8, 17));
  if (!org.valid) return fail('organizationCode', `统一社会信用代码第9-17位的组织机构代码无效：${org.message.zh}`, `characters 9-17 of the credit code are not a valid organisation code: ${org.message.en}`);
  return VALID;
}

function oldCheckEnterpriseCode(value: unknown): IdentifierCheck {
  if (typeof value !== 'string') return fail('type', '企业代码应为文本', 'the enterprise code must be text');
  if (value.length !== 13) return fail('length', `企业代码应为13位，实为${value.length}位`, `the enterprise code must have 13 characters, not ${value.length}`);
  if (!/^\d{4}$/.test(value.slice(0, 4))) return fail('regionCode', '企业代码前4位应为地区代码（数字）', 'the first 4 characters of the enterprise code must be a numeric region code');
  const org = oldCheckOrganizationCode(value.slice(4));
  if (!org.valid) {
    return org.failure === 'checkCharacter'
      ? fail('checkCharacter', `企业代码后9位的组织机构代码校验位错误，应为${org.expected}`, `the organisation code in the enterprise code has a wrong check character: expected ${org.expected}`, org.expected)
      : fail('organizationCode', `企业代码后9位不是有效的组织机构代码：${org.message.zh}`, `the last 9 characters of the enterprise code are not a valid organisation code: ${org.message.en}`);
  }
  return VALID;
}

// The whole code alphabet (0-9 A-Z, so the letters the credit code forbids too), the hyphen an organisation code may
// carry, and junk: lower case, full-width forms, spaces, other scripts, an astral character and lone surrogates.
const ALPHABET = [
  ...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ...'-- X',
  ...'abcxyz',
  '０', '９', 'Ａ', 'Ｘ', '\u3000', '\t', '\n', '中', 'é', '\u{1F600}', '\uD800', '\uDC00', '\u0000', '\u007F', '\u0080', '\u00FF',
];
const char = fc.constantFrom(...ALPHABET);
const junkString = fc.nat({ max: 25 }).chain((length) => fc.array(char, { minLength: length, maxLength: length }).map((chars) => chars.join('')));
// Mostly-valid codes too, so the check characters are exercised, not only the charset: a credit code whose characters
// 9-17 are an organisation code with its check character, then its own check character; possibly one character replaced.
const uscc = fc.constantFrom(...USCC_CHARSET);
const nearlyValidCredit = fc
  .tuple(fc.array(uscc, { minLength: 8, maxLength: 8 }), fc.array(uscc, { minLength: 8, maxLength: 8 }), fc.nat({ max: 17 }), char, fc.boolean())
  .map(([head, org, at, replacement, mutate]) => {
    const body = head.join('') + org.join('') + oldOrganizationCodeCheckCharacter(org.join(''))!;
    const text = body + oldCreditCodeCheckCharacter(body)!;
    return mutate ? text.slice(0, at) + replacement + text.slice(at + 1) : text;
  });
const orgChar = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const nearlyValidEnterprise = fc
  .tuple(fc.array(fc.constantFrom(...'0123456789'), { minLength: 4, maxLength: 4 }), fc.array(orgChar, { minLength: 8, maxLength: 8 }), fc.nat({ max: 12 }), char, fc.boolean())
  .map(([region, body, at, replacement, mutate]) => {
    const text = region.join('') + body.join('') + oldOrganizationCodeCheckCharacter(body.join(''))!;
    return mutate ? text.slice(0, at) + replacement + text.slice(at + 1) : text;
  });
const input = fc.oneof(junkString, nearlyValidCredit, nearlyValidEnterprise, nearlyValidEnterprise.map((code) => code.slice(4)));

const VECTORS: unknown[] = [
  '91350100M000100Y43', '289999997763675559', '91350100M000100Y4', '91350100M000100Y433', '91350100M000100I43', '91350100m000100Y43',
  '', 12345, null, undefined, {}, ['91350100M000100Y43'], '1100776367555', '110077636755', '11A0776367555', '1100776367554',
  '110077636755*', '776367555', '77636755-5', '776367554', 'M000100Y4', '77636755', '77636755a', '1100-77636755', '7763675-55',
  '289999997763675548', '91350100M000100Y4\u{1F600}', '９１350100M000100Y43', ' 91350100M000100Y43',
];

function expectSame(value: unknown): void {
  expect(checkCreditCode(value)).toEqual(oldCheckCreditCode(value));
  expect(checkEnterpriseCode(value)).toEqual(oldCheckEnterpriseCode(value));
  expect(checkOrganizationCode(value)).toEqual(oldCheckOrganizationCode(value));
  if (typeof value === 'string') {
    expect(creditCodeCheckCharacter(value)).toBe(oldCreditCodeCheckCharacter(value));
    expect(organizationCodeCheckCharacter(value)).toBe(oldOrganizationCodeCheckCharacter(value));
    // The bodies the check characters are computed from: the first 17 and 8 characters.
    expect(creditCodeCheckCharacter(value.slice(0, 17))).toBe(oldCreditCodeCheckCharacter(value.slice(0, 17)));
    expect(organizationCodeCheckCharacter(value.slice(0, 8))).toBe(oldOrganizationCodeCheckCharacter(value.slice(0, 8)));
  }
}

describe('table-driven identifier checks match the readable ones they replaced', () => {
  it.each(VECTORS.map((value) => [value]))('%j', (value) => {
    expectSame(value);
  });

  it('agrees on random strings of every length 0-25 and on nearly valid codes', () => {
    fc.assert(fc.property(input, (value) => expectSame(value)), { numRuns: 20000 });
  });

  it('meets valid codes of each kind in the random input (the comparison is not only of failures)', () => {
    const samples = fc.sample(input, { numRuns: 4000, seed: 22 });
    expect(samples.filter((value) => oldCheckCreditCode(value).valid).length).toBeGreaterThan(50);
    expect(samples.filter((value) => oldCheckEnterpriseCode(value).valid).length).toBeGreaterThan(50);
    expect(samples.filter((value) => oldCheckOrganizationCode(value).valid).length).toBeGreaterThan(50);
  });
});
