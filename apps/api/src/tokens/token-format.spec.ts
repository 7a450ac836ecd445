import { hashToken } from '../common/authz/access.service';
import { API_TOKEN_PATTERN, generateApiToken } from './token-format';

describe('generateApiToken', () => {
  it('makes clan_ + 40 base62 characters', () => {
    const { token } = generateApiToken();
    expect(token).toMatch(/^clan_[0-9A-Za-z]{40}$/);
    expect(token).toMatch(API_TOKEN_PATTERN);
  });

  it('keeps the first 12 characters as the display prefix and stores only the sha256', () => {
    const t = generateApiToken();
    expect(t.prefix).toBe(t.token.slice(0, 12));
    expect(t.prefix.startsWith('clan_')).toBe(true);
    expect(t.secretHash).toBe(hashToken(t.token));
    expect(t.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(t.secretHash).not.toContain(t.token.slice(5));
  });

  it('never repeats and uses the whole alphabet', () => {
    const tokens = Array.from({ length: 500 }, () => generateApiToken().token);
    expect(new Set(tokens).size).toBe(tokens.length);
    const chars = new Set(tokens.map((t) => t.slice(5)).join(''));
    expect(chars.size).toBe(62);
  });
});
