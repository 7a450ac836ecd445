import { generateSync } from 'otplib';
import { checkTotp, newTotpSecret, totpUri } from './totp';

const NOW = 1_800_000_000_000; // a fixed instant on a step boundary ± nothing special
const codeAt = (secret: string, ms: number) => generateSync({ secret, epoch: Math.floor(ms / 1000) });

describe('checkTotp', () => {
  const secret = newTotpSecret();
  const step = Math.floor(NOW / 30_000);

  it('accepts the current code and reports its step', () => {
    expect(checkTotp(secret, codeAt(secret, NOW), null, NOW)).toEqual({ ok: true, step });
  });

  it('accepts one step either side, not two', () => {
    expect(checkTotp(secret, codeAt(secret, NOW - 30_000), null, NOW)).toEqual({ ok: true, step: step - 1 });
    expect(checkTotp(secret, codeAt(secret, NOW + 30_000), null, NOW)).toEqual({ ok: true, step: step + 1 });
    expect(checkTotp(secret, codeAt(secret, NOW - 90_000), null, NOW)).toEqual({ ok: false, reason: 'wrong' });
  });

  it('refuses a code whose step was already used', () => {
    expect(checkTotp(secret, codeAt(secret, NOW), step, NOW)).toEqual({ ok: false, reason: 'replayed' });
    expect(checkTotp(secret, codeAt(secret, NOW + 30_000), step, NOW)).toEqual({ ok: true, step: step + 1 });
  });

  it('refuses malformed codes without throwing', () => {
    expect(checkTotp(secret, '12345', null, NOW)).toEqual({ ok: false, reason: 'wrong' });
    expect(checkTotp(secret, 'abcdef', null, NOW)).toEqual({ ok: false, reason: 'wrong' });
  });
});

describe('totpUri', () => {
  it('names the issuer and the account', () => {
    const uri = totpUri('JBSWY3DPEHPK3PXP', 'alice');
    expect(uri).toMatch(/^otpauth:\/\/totp\/cLAN%20panel:alice\?/);
    expect(uri).toContain('secret=JBSWY3DPEHPK3PXP');
    expect(uri).toContain('issuer=cLAN%20panel');
  });
});
