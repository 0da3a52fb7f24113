import { describe, expect, it } from 'vitest';
import { checkCreditCode, checkEnterpriseCode, checkOrganizationCode, checkVin, creditCodeCheckCharacter, crossCheckEnterpriseCode } from './identifiers';

describe('checkCreditCode', () => {
  it.each([
    ['91350100M000100Y43', true, undefined],
    ['289999997763675559', false, 'checkCharacter'],
    ['91350100M000100Y4', false, 'length'],
    ['91350100M000100Y433', false, 'length'],
    ['91350100M000100I43', false, 'charset'],
    ['91350100m000100Y43', false, 'charset'],
    ['', false, 'length'],
    [12345, false, 'type'],
  ] as const)('%s → valid %s (%s)', (code, valid, failure) => {
    const result = checkCreditCode(code);
    expect(result.valid).toBe(valid);
    if (!result.valid) expect(result.failure).toBe(failure);
  });

  it('names the right check character of the manual test enterprise', () => {
    const result = checkCreditCode('289999997763675559');
    expect(result).toMatchObject({ valid: false, failure: 'checkCharacter', expected: creditCodeCheckCharacter('28999999776367555') });
    expect(result.valid === false && result.message.zh).toContain('校验位');
  });

  it('reports an embedded organisation code whose own check digit is wrong', () => {
    // Characters 9-17 "776367554" fail GB 11714; the 18th character is then recomputed so only that check fails.
    const body = '28999999776367554';
    const result = checkCreditCode(body + creditCodeCheckCharacter(body));
    expect(result).toMatchObject({ valid: false, failure: 'organizationCode' });
  });
});

describe('checkOrganizationCode', () => {
  it.each([
    ['776367555', true, undefined],
    ['77636755-5', true, undefined],
    ['776367554', false, 'checkCharacter'],
    ['M000100Y4', true, undefined],
    ['77636755', false, 'length'],
    ['77636755a', false, 'charset'],
  ] as const)('%s → valid %s (%s)', (code, valid, failure) => {
    const result = checkOrganizationCode(code);
    expect(result.valid).toBe(valid);
    if (!result.valid) expect(result.failure).toBe(failure);
  });
});

describe('checkEnterpriseCode', () => {
  it.each([
    ['1100776367555', true, undefined],
    ['110077636755', false, 'length'],
    ['11A0776367555', false, 'regionCode'],
    ['1100776367554', false, 'checkCharacter'],
    ['110077636755*', false, 'organizationCode'],
  ] as const)('%s → valid %s (%s)', (code, valid, failure) => {
    const result = checkEnterpriseCode(code);
    expect(result.valid).toBe(valid);
    if (!result.valid) expect(result.failure).toBe(failure);
  });
});

describe('crossCheckEnterpriseCode', () => {
  it('accepts the manual enterprise code and credit code, which share 776367555', () => {
    expect(crossCheckEnterpriseCode('1100776367555', '289999997763675559')).toEqual({ valid: true });
  });
  it('refuses codes of two organisations', () => {
    expect(crossCheckEnterpriseCode('1100776367555', '91350100M000100Y43')).toMatchObject({ valid: false, failure: 'mismatch' });
  });
});

describe('checkVin', () => {
  it.each([
    ['1M8GDM9AXKP042788', true, undefined], // the check-digit example of 49 CFR 565 / ISO 3779 literature
    ['1M8GDM9AXKP042788'.toLowerCase(), true, undefined],
    ['1M8GDM9A1KP042788', false, 'checkCharacter'],
    ['1M8GDM9AXKP04278', false, 'length'],
    ['1M8GDM9AXKP04278O', false, 'charset'],
    ['IM8GDM9AXKP042788', false, 'charset'],
    ['1M8GDM9AXKP0427Q8', false, 'charset'],
  ] as const)('%s → valid %s (%s)', (vin, valid, failure) => {
    const result = checkVin(vin);
    expect(result.valid).toBe(valid);
    if (!result.valid) expect(result.failure).toBe(failure);
  });

  it('gives the expected check digit', () => {
    expect(checkVin('1M8GDM9A1KP042788')).toMatchObject({ expected: 'X' });
  });
});
