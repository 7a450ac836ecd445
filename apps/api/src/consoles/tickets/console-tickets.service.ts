import { Privilege } from '@clan/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { REDIS } from '../../services/redis/redis.module';
import { type ConsoleTarget, privilegeFor, targetKey } from './console-target';
import {
  checkPresented,
  claimsFor,
  judgeTaken,
  newTicket,
  type RedeemOutcome,
  type Taken,
  type TicketClaims,
  ticketHash,
} from './ticket-rules';

/** How long a taken ticket's "used" marker and an expired ticket's claims are kept, for precise refusals. */
const AFTERLIFE_MS = 120_000;

/**
 * GETDEL makes a ticket single-use across every panel process; in the same
 * step a "used" marker is left so a second attempt is told why it failed.
 * KEYS: ticket, used marker. ARGV: marker lifetime (ms).
 */
const TAKE = `
local v = redis.call('GETDEL', KEYS[1])
if v then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
  return v
end
if redis.call('EXISTS', KEYS[2]) == 1 then return '!used' end
return false`;

export interface IssuedTicket {
  ticket: string;
  expiresAt: Date;
  target: string;
}

/** Issues and redeems console tickets, kept in Redis so every panel process agrees. */
@Injectable()
export class ConsoleTickets {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private key(hash: string): string {
    return `${this.config.queuePrefix}:console-ticket:${hash}`;
  }

  async issue(userId: string, target: ConsoleTarget, privilege: Privilege = privilegeFor(target)): Promise<IssuedTicket> {
    const ticket = newTicket();
    const ttlMs = this.config.consoles.ticketSeconds * 1000;
    const claims = claimsFor(userId, targetKey(target), privilege, Date.now(), ttlMs);
    // The key outlives the ticket a little, so a late attempt hears "expired" rather than "unknown".
    await this.redis.set(this.key(ticketHash(ticket)), JSON.stringify(claims), 'PX', ttlMs + AFTERLIFE_MS);
    return { ticket, expiresAt: new Date(claims.expiresAt), target: claims.target };
  }

  /** Takes the ticket (whatever the outcome, it cannot be used again) and judges it. */
  async redeem(ticket: string | null | undefined, requestedTarget: string | null): Promise<RedeemOutcome> {
    const early = checkPresented(ticket);
    if (early || !ticket) return early ?? { ok: false, refusal: { status: 401, reason: 'missing', message: 'No ticket.' } };
    const hash = ticketHash(ticket);
    const raw = (await this.redis.eval(TAKE, 2, this.key(hash), `${this.key(hash)}:used`, String(AFTERLIFE_MS))) as string | null;
    let taken: Taken = null;
    if (raw === '!used') taken = 'used';
    else if (raw) taken = { claims: JSON.parse(raw) as TicketClaims };
    return judgeTaken(taken, requestedTarget, Date.now());
  }
}
