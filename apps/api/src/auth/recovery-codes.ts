import { createHash, randomInt } from 'node:crypto';

/** No 0/o, 1/l/i: codes get copied from paper. 31 symbols × 10 ≈ 49 bits each. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = [4, 4, 2];
export const RECOVERY_CODE_COUNT = 10;
const CODE_LENGTH = GROUPS.reduce((a, b) => a + b, 0);

/** One code, formatted like "k7wd-2mqp-x9". */
export function generateRecoveryCode(): string {
  return GROUPS.map((n) => Array.from({ length: n }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')).join('-');
}

export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(generateRecoveryCode());
  return [...codes];
}

/** Case, spaces and dashes do not matter when a code is typed back in. */
export function normalizeRecoveryCode(input: string): string | null {
  const c = input.toLowerCase().replace(/[\s-]/g, '');
  if (c.length !== CODE_LENGTH || [...c].some((ch) => !ALPHABET.includes(ch))) return null;
  return c;
}

/** What is stored: sha256 of the normalized code (the codes are random, so no slow hash is needed). */
export function hashRecoveryCode(code: string): string {
  const normalized = normalizeRecoveryCode(code);
  if (!normalized) throw new Error('not a recovery code');
  return createHash('sha256').update(normalized, 'utf8').digest('hex');
}
