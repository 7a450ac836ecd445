import { createHash, randomBytes } from 'node:crypto';
import type { Privilege } from '@clan/contracts';

/**
 * Console tickets (Proxmox's vncproxy/termproxy flow): the authenticated API
 * issues a short-lived, single-use random ticket bound to a user, a target and
 * a privilege; the WebSocket handshake redeems it. These are the rules alone,
 * free of Redis, so they can be tested one by one.
 */
export interface TicketClaims {
  userId: string;
  /** targetKey() of what the ticket opens. */
  target: string;
  privilege: Privilege;
  issuedAt: number;
  expiresAt: number;
}

export type TicketRefusalReason = 'missing' | 'malformed' | 'unknown' | 'expired' | 'used' | 'wrong-target';

export interface TicketRefusal {
  status: 401 | 403;
  reason: TicketRefusalReason;
  message: string;
}

export type RedeemOutcome = { ok: true; claims: TicketClaims } | { ok: false; refusal: TicketRefusal };

/** What the store found when the ticket was taken: its claims (now deleted), a "used" marker, or nothing. */
export type Taken = { claims: TicketClaims } | 'used' | null;

export const TICKET_PREFIX = 'ct_';
const TICKET_RE = /^ct_[A-Za-z0-9_-]{43}$/;

/** 32 random bytes: unguessable, and never stored as such (see ticketHash). */
export function newTicket(): string {
  return TICKET_PREFIX + randomBytes(32).toString('base64url');
}

/** The store keys tickets by their hash, so reading Redis does not yield usable tickets. */
export function ticketHash(ticket: string): string {
  return createHash('sha256').update(ticket, 'utf8').digest('hex');
}

export function isWellFormedTicket(ticket: string): boolean {
  return TICKET_RE.test(ticket);
}

export function claimsFor(userId: string, target: string, privilege: Privilege, now: number, ttlMs: number): TicketClaims {
  return { userId, target, privilege, issuedAt: now, expiresAt: now + ttlMs };
}

const refuse = (status: 401 | 403, reason: TicketRefusalReason, message: string): RedeemOutcome => ({
  ok: false,
  refusal: { status, reason, message },
});

/** Checks what the URL carries before the store is touched. */
export function checkPresented(ticket: string | null | undefined): RedeemOutcome | null {
  if (!ticket)
    return refuse(401, 'missing', 'A console needs a ticket: ask for one with POST …/console/ticket, then connect with ?ticket=.');
  if (!isWellFormedTicket(ticket)) return refuse(401, 'malformed', 'The console ticket is malformed.');
  return null;
}

/**
 * Judges a ticket the store has just taken (taking deletes it, so a second
 * use always finds nothing or the "used" marker). A ticket presented for
 * another target than its own is refused and stays spent.
 */
export function judgeTaken(taken: Taken, requestedTarget: string | null, now: number): RedeemOutcome {
  if (taken === 'used') return refuse(401, 'used', 'The console ticket was already used; tickets open one connection. Ask for a new one.');
  if (taken === null) return refuse(401, 'unknown', 'The console ticket is unknown or expired. Ask for a new one.');
  const { claims } = taken;
  if (claims.expiresAt <= now) {
    const age = Math.round((now - claims.issuedAt) / 1000);
    return refuse(401, 'expired', `The console ticket expired (issued ${age} s ago). Ask for a new one.`);
  }
  if (requestedTarget !== claims.target) return refuse(403, 'wrong-target', 'The console ticket was issued for another console.');
  return { ok: true, claims };
}
