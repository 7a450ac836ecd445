import { generateRecoveryCode, generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from './recovery-codes';

describe('recovery codes', () => {
  it('look like xxxx-xxxx-xx without ambiguous characters', () => {
    for (let i = 0; i < 200; i++) {
      expect(generateRecoveryCode()).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{2}$/);
    }
  });

  it('come ten at a time, all different', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
  });

  it('hash the same however the code is typed back', () => {
    const code = 'k7wd-2mqp-x9';
    const h = hashRecoveryCode(code);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode(' K7WD 2MQP X9 ')).toBe(h);
    expect(hashRecoveryCode('k7wd2mqpx9')).toBe(h);
    expect(hashRecoveryCode('k7wd-2mqp-x8')).not.toBe(h);
  });

  it('reject input that cannot be a code', () => {
    expect(normalizeRecoveryCode('k7wd-2mqp')).toBeNull();
    expect(normalizeRecoveryCode('k7wd-2mqp-x0')).toBeNull();
    expect(normalizeRecoveryCode('')).toBeNull();
    expect(() => hashRecoveryCode('nope')).toThrow();
  });
});
