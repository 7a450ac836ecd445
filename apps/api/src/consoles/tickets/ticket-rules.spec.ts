import { Privilege } from '@clan/contracts';
import { checkPresented, claimsFor, isWellFormedTicket, judgeTaken, newTicket, ticketHash } from './ticket-rules';

const T0 = 1_800_000_000_000;
const TARGET = 'serial:7d3f6b8e-2c1a-4b5d-9e8f-0a1b2c3d4e5f/web';
const claims = claimsFor('user-1', TARGET, Privilege.MachineConsole, T0, 30_000);

describe('console ticket rules', () => {
  it('makes unguessable, well-formed tickets and stores only their hash', () => {
    const a = newTicket();
    const b = newTicket();
    expect(a).not.toBe(b);
    expect(isWellFormedTicket(a)).toBe(true);
    expect(a).toMatch(/^ct_[A-Za-z0-9_-]{43}$/);
    expect(ticketHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(ticketHash(a)).not.toContain(a.slice(3));
  });

  it('binds user, target and privilege, and expires after the lifetime', () => {
    expect(claims).toEqual({ userId: 'user-1', target: TARGET, privilege: 'Machine.Console', issuedAt: T0, expiresAt: T0 + 30_000 });
  });

  it('refuses a connection without a ticket (401) and a malformed one before touching the store', () => {
    expect(checkPresented(undefined)).toMatchObject({ ok: false, refusal: { status: 401, reason: 'missing' } });
    expect(checkPresented('')).toMatchObject({ ok: false, refusal: { status: 401, reason: 'missing' } });
    expect(checkPresented('ct_short')).toMatchObject({ ok: false, refusal: { status: 401, reason: 'malformed' } });
    expect(checkPresented(`clan_${'a'.repeat(43)}`)).toMatchObject({ ok: false, refusal: { reason: 'malformed' } });
    expect(checkPresented(newTicket())).toBeNull();
  });

  it('accepts a fresh ticket for its own target', () => {
    expect(judgeTaken({ claims }, TARGET, T0 + 29_999)).toEqual({ ok: true, claims });
  });

  it('refuses an expired ticket (401), even by one millisecond', () => {
    const r = judgeTaken({ claims }, TARGET, T0 + 30_000);
    expect(r).toMatchObject({ ok: false, refusal: { status: 401, reason: 'expired' } });
    expect(r.ok || r.refusal.message).toMatch(/expired \(issued 30 s ago\)/);
  });

  it('refuses a ticket that was already used (401) and one the store does not know (401)', () => {
    expect(judgeTaken('used', TARGET, T0)).toMatchObject({ ok: false, refusal: { status: 401, reason: 'used' } });
    expect(judgeTaken(null, TARGET, T0)).toMatchObject({ ok: false, refusal: { status: 401, reason: 'unknown' } });
  });

  it('refuses a ticket presented for another console (403): another machine, another kind, no target', () => {
    for (const other of [
      'serial:7d3f6b8e-2c1a-4b5d-9e8f-0a1b2c3d4e5f/db',
      'vnc:7d3f6b8e-2c1a-4b5d-9e8f-0a1b2c3d4e5f/web',
      'serial:00000000-0000-4000-8000-000000000000/web',
      'host:new',
      null,
    ]) {
      expect(judgeTaken({ claims }, other, T0)).toMatchObject({ ok: false, refusal: { status: 403, reason: 'wrong-target' } });
    }
  });
});
