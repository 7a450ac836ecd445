import { ErrorCode } from '@clan/contracts';
import { rateLimitedError, waitPhrase } from './login-rate-limiter';

describe('waitPhrase', () => {
  it.each([
    [900, 'in 15 minutes'],
    [61, 'in 2 minutes'],
    [60, 'in 1 minute'],
    [5, 'in 1 minute'],
  ])('%i s → %s', (s, phrase) => {
    expect(waitPhrase(s)).toBe(phrase);
  });
});

describe('rateLimitedError', () => {
  it('says whose attempts and when to retry, with Retry-After', () => {
    const e = rateLimitedError('account', 900);
    expect(e.code).toBe(ErrorCode.RateLimited);
    expect(e.message).toBe('Too many failed sign-in attempts for this account. Try again in 15 minutes.');
    expect(e.headers).toEqual({ 'Retry-After': '900' });
    expect(rateLimitedError('address', 30).message).toBe(
      'Too many failed sign-in attempts from your network address. Try again in 1 minute.',
    );
  });
});
