import { generateSecret, generateURI, verifySync } from 'otplib';

export const TOTP_ISSUER = 'cLAN panel';
const PERIOD_SECONDS = 30;
/** ±30 s = one step either side, for clock drift and slow typing (RFC 6238 §5.2). */
const TOLERANCE_SECONDS = PERIOD_SECONDS;

export function newTotpSecret(): string {
  return generateSecret(); // 20 random bytes, base32
}

export function totpUri(secret: string, username: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: username, secret, period: PERIOD_SECONDS, digits: 6 });
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'wrong' | 'replayed' };

/**
 * Checks a 6-digit code (RFC 6238, SHA-1, 30 s). `lastStep` is the last
 * accepted time step: a code from it or earlier is a replay.
 */
export function checkTotp(secret: string, code: string, lastStep: number | null, nowMs = Date.now()): TotpCheck {
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'wrong' };
  const r = verifySync({ secret, token: code, epoch: Math.floor(nowMs / 1000), epochTolerance: TOLERANCE_SECONDS, period: PERIOD_SECONDS });
  // The functional API's result type also covers HOTP, which has no timeStep.
  if (!r.valid || !('timeStep' in r)) return { ok: false, reason: 'wrong' };
  if (lastStep !== null && r.timeStep <= lastStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step: r.timeStep };
}
