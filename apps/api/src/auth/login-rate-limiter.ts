import { ErrorCode } from '@clan/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DomainError } from '../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { REDIS } from '../services/redis/redis.module';

/**
 * Counts one attempt on each key (INCR; EXPIRE when the window starts) and
 * returns [count, ttl] per key. Atomic, so parallel guesses are all counted.
 */
const COUNT_ATTEMPT = `
local out = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 or redis.call('TTL', key) < 0 then redis.call('EXPIRE', key, ARGV[1]) end
  out[#out + 1] = n
  out[#out + 1] = redis.call('TTL', key)
end
return out`;

/** Takes back a counted attempt; never resurrects an expired key (a key without TTL would lock forever). */
const UNCOUNT_ATTEMPT = `
for i, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then redis.call('DECR', key) end
end
return 0`;

/** "in 15 minutes", "in 1 minute". */
export function waitPhrase(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export function rateLimitedError(scope: 'account' | 'address', retryAfterSeconds: number): DomainError {
  const who = scope === 'account' ? 'for this account' : 'from your network address';
  const seconds = Math.max(1, retryAfterSeconds);
  return new DomainError(ErrorCode.RateLimited, `Too many failed sign-in attempts ${who}. Try again ${waitPhrase(seconds)}.`, undefined, {
    'Retry-After': String(seconds),
  });
}

/** One sign-in attempt, counted as a failure unless settled otherwise. */
export interface LoginAttempt {
  /** The right credentials: forget this account's failures, take back the address's count. */
  succeeded(): Promise<void>;
  /** Not a failure (a second factor is still needed, or the server erred): take back both counts. */
  notCounted(): Promise<void>;
}

/**
 * Failed sign-ins per username and per client address in Redis (fixed
 * window of CLAN_LOGIN_WINDOW_SECONDS). Every attempt is counted *before*
 * the password is checked, so a burst of parallel guesses cannot slip past.
 */
@Injectable()
export class LoginRateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private keys(username: string, address: string): [string, string] {
    const base = `${this.config.queuePrefix}:login-failures`;
    return [`${base}:user:${encodeURIComponent(username)}`, `${base}:addr:${encodeURIComponent(address)}`];
  }

  /** Throws RATE_LIMITED (with Retry-After) when either counter is over the limit. */
  async begin(username: string, address: string): Promise<LoginAttempt> {
    const [userKey, addrKey] = this.keys(username, address);
    const [userCount, userTtl, addrCount, addrTtl] = (await this.redis.eval(
      COUNT_ATTEMPT,
      2,
      userKey,
      addrKey,
      String(this.config.loginWindowSeconds),
    )) as number[];
    const max = this.config.loginMaxFailures;
    if (userCount > max || addrCount > max) {
      // A refused attempt checks nothing, so it is not a failure either.
      await this.redis.eval(UNCOUNT_ATTEMPT, 2, userKey, addrKey);
      throw userCount > max ? rateLimitedError('account', userTtl) : rateLimitedError('address', addrTtl);
    }
    return {
      succeeded: async () => {
        await this.redis.del(userKey);
        await this.redis.eval(UNCOUNT_ATTEMPT, 1, addrKey);
      },
      notCounted: async () => {
        await this.redis.eval(UNCOUNT_ATTEMPT, 2, userKey, addrKey);
      },
    };
  }
}
