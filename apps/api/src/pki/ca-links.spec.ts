import { randomBytes } from 'node:crypto';
import { DomainError } from '../common/errors/domain-error';
import { SecretBox } from '../services/secrets/secret-box';
import { CA_LINK_SECONDS, caFormat, caLinks, checkSignedCaLink, signedCaLinks } from './ca-links';

const NET = '0b6f4f3e-8a4c-4c1e-9d0b-2a3f5c7e9a11';
const OTHER = '1c7f5a4e-9b5d-4d2f-8e1c-3b4a6d8f0b22';
const NOW = new Date('2026-12-07T10:00:00Z');

function parts(link: string) {
  const url = new URL(link, 'https://panel.example');
  const [, , , network, format] = url.pathname.split('/');
  return {
    network,
    format,
    expires: url.searchParams.get('expires') ?? undefined,
    signature: url.searchParams.get('signature') ?? undefined,
  };
}

function refusal(run: () => void): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return `${(error as DomainError).code}: ${(error as Error).message}`;
  }
  throw new Error('expected a refusal');
}

describe('CA download links', () => {
  const box = new SecretBox(randomBytes(32));

  it('gives members session links and phones signed links valid for a day', () => {
    expect(caLinks(NET)).toEqual({
      pem: `/api/networks/${NET}/ca.pem`,
      crt: `/api/networks/${NET}/ca.crt`,
      mobileconfig: `/api/networks/${NET}/ca.mobileconfig`,
    });
    const signed = signedCaLinks(box, NET, NOW);
    for (const format of ['pem', 'crt', 'mobileconfig'] as const) {
      const p = parts(signed[format]);
      expect([p.network, p.format, Number(p.expires)]).toEqual([NET, format, NOW.getTime() / 1000 + CA_LINK_SECONDS]);
      expect(p.signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(() => checkSignedCaLink(box, NET, format, p.expires, p.signature, NOW)).not.toThrow();
    }
  });

  it('refuses a link for another network, another format, a moved expiry, another panel, or none at all', () => {
    const p = parts(signedCaLinks(box, NET, NOW).mobileconfig);
    const notValid = /^FORBIDDEN: This download link is not valid: open your home page/;
    expect(refusal(() => checkSignedCaLink(box, OTHER, 'mobileconfig', p.expires, p.signature, NOW))).toMatch(notValid);
    expect(refusal(() => checkSignedCaLink(box, NET, 'pem', p.expires, p.signature, NOW))).toMatch(notValid);
    expect(refusal(() => checkSignedCaLink(box, NET, 'mobileconfig', String(Number(p.expires) + 3600), p.signature, NOW))).toMatch(
      notValid,
    );
    expect(refusal(() => checkSignedCaLink(new SecretBox(randomBytes(32)), NET, 'mobileconfig', p.expires, p.signature, NOW))).toMatch(
      notValid,
    );
    expect(refusal(() => checkSignedCaLink(box, NET, 'mobileconfig', undefined, undefined, NOW))).toMatch(notValid);
    expect(refusal(() => checkSignedCaLink(box, NET, 'mobileconfig', '1e9', p.signature, NOW))).toMatch(notValid);
  });

  it('refuses an expired link with what to do', () => {
    const p = parts(signedCaLinks(box, NET, NOW).crt);
    const later = new Date(NOW.getTime() + (CA_LINK_SECONDS + 1) * 1000);
    expect(refusal(() => checkSignedCaLink(box, NET, 'crt', p.expires, p.signature, later))).toBe(
      'FORBIDDEN: This download link has expired (links in QR codes work for a day): open your home page in the panel again for a new code.',
    );
  });

  it('names the formats for an unknown one', () => {
    expect(caFormat('crt')).toBe('crt');
    expect(refusal(() => caFormat('exe'))).toBe('VALIDATION_FAILED: format: must be one of pem, crt, mobileconfig.');
  });
});
