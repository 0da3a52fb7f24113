/** A check's verdict: valid, or which check failed with a sentence in Chinese and English. */
export type IdentifierCheck =
  | { readonly valid: true }
  | {
      readonly valid: false;
      /** Which check failed. */
      readonly failure: IdentifierFailure;
      /** What failed, for people. */
      readonly message: { readonly zh: string; readonly en: string };
      /** The check character that would have been right, when the failure is one. */
      readonly expected?: string;
    };

/** The checks an identifier can fail. */
export type IdentifierFailure = 'type' | 'length' | 'charset' | 'checkCharacter' | 'organizationCode' | 'regionCode' | 'mismatch';

const VALID = { valid: true } as const;

function fail(failure: IdentifierFailure, zh: string, en: string, expected?: string): IdentifierCheck {
  return expected === undefined ? { valid: false, failure, message: { zh, en } } : { valid: false, failure, message: { zh, en }, expected };
}

// GB 32100-2015: the 31 characters of the code, in value order (no I, O, Z, S, V).
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
// GB 11714-1997: organisation code weights, modulus 11.
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
// The check character GB 11714 gives each remainder of the weighted sum modulo 11 (11 - r, with 11 → 0 and 10 → X).
const ORG_CHECK = '0X987654321';

// Char-code tables: the checks run on every application the rules see (twice each), so the valid path reads
// char codes through these instead of indexOf/regex/slice, and allocates nothing. -1 marks a character outside
// the alphabet. Failures rebuild their message by the readable path below, so every failure says exactly what
// it said before.
const USCC_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_CHARSET.length; i += 1) USCC_VALUE[USCC_CHARSET.charCodeAt(i)] = i;
const ORG_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 36; i += 1) ORG_VALUE[(i < 10 ? 48 : 55) + i] = i;

/** The value of the char code of `text` at `index` in `table`, or -1 outside it. */
function valueAt(table: Int8Array, text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code < 128 ? table[code]! : -1;
}

/** The remainder GB 11714 leaves for the 8 characters of `text` from `start`, or -1 when one is not `0-9 A-Z`. */
function organizationRemainder(text: string, start: number): number {
  let sum = 0;
  for (let i = 0; i < 8; i += 1) {
    const value = valueAt(ORG_VALUE, text, start + i);
    if (value < 0) return -1;
    sum += value * ORG_WEIGHTS[i]!;
  }
  return sum % 11;
}

/** True when the 9 characters of `text` from `start` are a valid organisation code without hyphens (the common case). */
function isPlainOrganizationCode(text: string, start: number): boolean {
  const remainder = organizationRemainder(text, start);
  return remainder >= 0 && text.charCodeAt(start + 8) === ORG_CHECK.charCodeAt(remainder);
}

/** The check character GB 11714 gives an organisation code's first 8 characters, or undefined if they are not 8 of `0-9 A-Z`. */
export function organizationCodeCheckCharacter(body: string): string | undefined {
  if (body.length !== 8) return undefined;
  const remainder = organizationRemainder(body, 0);
  return remainder < 0 ? undefined : ORG_CHECK[remainder];
}

/**
 * Checks a 9-character organisation code (组织机构代码, GB 11714): 8 characters of `0-9 A-Z` and a
 * check character (digit or `X`).
 */
export function checkOrganizationCode(value: unknown): IdentifierCheck {
  if (typeof value !== 'string') return fail('type', '组织机构代码应为文本', 'the organisation code must be text');
  if (value.length === 9 && isPlainOrganizationCode(value, 0)) return VALID;
  const code = value.replace(/-/g, '');
  if (code.length !== 9) return fail('length', `组织机构代码应为9位，实为${code.length}位`, `the organisation code must have 9 characters, not ${code.length}`);
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code)) return fail('charset', '组织机构代码只能含数字和大写字母，校验位为数字或X', 'the organisation code may hold only digits and capital letters, its check character a digit or X');
  const expected = organizationCodeCheckCharacter(code.slice(0, 8))!;
  if (code[8] !== expected) return fail('checkCharacter', `组织机构代码校验位错误，应为${expected}`, `the organisation code's check character is wrong: expected ${expected}`, expected);
  return VALID;
}

/** The GB 32100 check value (index into the charset) of the 17 characters of `text` from 0, or -1 when one is outside the charset. */
function creditCodeCheckValue(text: string): number {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = valueAt(USCC_VALUE, text, i);
    if (value < 0) return -1;
    sum += value * USCC_WEIGHTS[i]!;
  }
  return (31 - (sum % 31)) % 31;
}

/** The check character GB 32100 gives a credit code's first 17 characters, or undefined if they are not of its charset. */
export function creditCodeCheckCharacter(body: string): string | undefined {
  if (body.length !== 17) return undefined;
  const check = creditCodeCheckValue(body);
  return check < 0 ? undefined : USCC_CHARSET[check];
}

/**
 * Checks an 18-character unified social credit code (统一社会信用代码, GB 32100-2015): charset, the
 * check character, and the organisation code it embeds in characters 9-17 (GB 11714).
 * @example checkCreditCode('91350100M000100Y43') // { valid: true }
 */
export function checkCreditCode(value: unknown): IdentifierCheck {
  if (typeof value !== 'string') return fail('type', '统一社会信用代码应为文本', 'the credit code must be text');
  if (value.length !== 18) return fail('length', `统一社会信用代码应为18位，实为${value.length}位`, `the unified social credit code must have 18 characters, not ${value.length}`);
  const check = creditCodeCheckValue(value);
  if (check < 0 || valueAt(USCC_VALUE, value, 17) < 0) {
    // Name the first character outside the charset as a code point (a surrogate pair is one character).
    for (const char of value) {
      if (!USCC_CHARSET.includes(char)) {
        return fail('charset', `统一社会信用代码含非法字符“${char}”（不得含I、O、Z、S、V及小写字母）`, `the credit code contains "${char}"; only 0-9 and capital letters other than I, O, Z, S, V are allowed`);
      }
    }
  }
  if (value.charCodeAt(17) !== USCC_CHARSET.charCodeAt(check)) {
    const expected = USCC_CHARSET[check]!;
    return fail('checkCharacter', `统一社会信用代码校验位错误，应为${expected}`, `the credit code's check character is wrong: expected ${expected}`, expected);
  }
  if (isPlainOrganizationCode(value, 8)) return VALID;
  const org = checkOrganizationCode(value.slice(8, 17));
  if (!org.valid) return fail('organizationCode', `统一社会信用代码第9-17位的组织机构代码无效：${org.message.zh}`, `characters 9-17 of the credit code are not a valid organisation code: ${org.message.en}`);
  return VALID;
}

/**
 * Checks a 13-character enterprise code (出口商代码): a 4-digit region code and a 9-character
 * organisation code.
 * @example checkEnterpriseCode('1100776367555') // { valid: true }
 */
export function checkEnterpriseCode(value: unknown): IdentifierCheck {
  if (typeof value !== 'string') return fail('type', '企业代码应为文本', 'the enterprise code must be text');
  if (value.length !== 13) return fail('length', `企业代码应为13位，实为${value.length}位`, `the enterprise code must have 13 characters, not ${value.length}`);
  for (let i = 0; i < 4; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) return fail('regionCode', '企业代码前4位应为地区代码（数字）', 'the first 4 characters of the enterprise code must be a numeric region code');
  }
  if (isPlainOrganizationCode(value, 4)) return VALID;
  const org = checkOrganizationCode(value.slice(4));
  if (!org.valid) {
    return org.failure === 'checkCharacter'
      ? fail('checkCharacter', `企业代码后9位的组织机构代码校验位错误，应为${org.expected}`, `the organisation code in the enterprise code has a wrong check character: expected ${org.expected}`, org.expected)
      : fail('organizationCode', `企业代码后9位不是有效的组织机构代码：${org.message.zh}`, `the last 9 characters of the enterprise code are not a valid organisation code: ${org.message.en}`);
  }
  return VALID;
}

/**
 * Checks that an enterprise code and a credit code name the same organisation: the enterprise code's
 * last 9 characters equal the credit code's characters 9-17.
 */
export function crossCheckEnterpriseCode(enterpriseCode: string, creditCode: string): IdentifierCheck {
  const fromEnterprise = enterpriseCode.slice(4);
  const fromCredit = creditCode.slice(8, 17);
  if (enterpriseCode.length !== 13 || creditCode.length !== 18 || fromEnterprise !== fromCredit) {
    return fail('mismatch', `企业代码后9位（${fromEnterprise}）与统一社会信用代码第9-17位（${fromCredit}）不一致`, `the enterprise code's last 9 characters (${fromEnterprise}) differ from characters 9-17 of the credit code (${fromCredit})`);
  }
  return VALID;
}

// ISO 3779 / GB 16735 transliteration of letters to values, and the weights of the 17 positions.
const VIN_VALUES: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/**
 * Checks a vehicle identification number (车架号/VIN, GB 16735): 17 characters, no I, O or Q, and
 * the check digit in position 9 (0-9 or X).
 * @example checkVin('1M8GDM9AXKP042788') // { valid: true }
 */
export function checkVin(value: unknown): IdentifierCheck {
  if (typeof value !== 'string') return fail('type', '车架号应为文本', 'the VIN must be text');
  const vin = value.toUpperCase();
  if (vin.length !== 17) return fail('length', `车架号应为17位，实为${vin.length}位`, `the VIN must have 17 characters, not ${vin.length}`);
  if (!/^[0-9A-HJ-NPR-Z]{17}$/.test(vin)) return fail('charset', '车架号只能含数字和字母，且不得含I、O、Q', 'the VIN may hold only digits and letters other than I, O and Q');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const char = vin[i]!;
    const value = char >= '0' && char <= '9' ? Number(char) : VIN_VALUES[char]!;
    sum += value * VIN_WEIGHTS[i]!;
  }
  const remainder = sum % 11;
  const expected = remainder === 10 ? 'X' : String(remainder);
  if (vin[8] !== expected) return fail('checkCharacter', `车架号第9位校验位错误，应为${expected}`, `the VIN's check digit (position 9) is wrong: expected ${expected}`, expected);
  return VALID;
}
