import { deadInviteMessage, personInviteStatus } from './person-invites.service';

const now = Date.parse('2026-12-06T12:00:00Z');
const invite = (over: Partial<{ usedAt: Date | null; revokedAt: Date | null; expiresAt: Date; createdByName: string }>) => ({
  usedAt: null,
  revokedAt: null,
  expiresAt: new Date('2026-12-09T12:00:00Z'),
  createdByName: 'Anna Admin',
  ...over,
});

describe('personInviteStatus', () => {
  it('is used before revoked before expired before pending', () => {
    expect(personInviteStatus(invite({}), now)).toBe('pending');
    expect(personInviteStatus(invite({ expiresAt: new Date(now) }), now)).toBe('expired');
    expect(personInviteStatus(invite({ revokedAt: new Date(now), expiresAt: new Date(0) }), now)).toBe('revoked');
    expect(personInviteStatus(invite({ usedAt: new Date(now), revokedAt: new Date(now) }), now)).toBe('used');
  });
});

describe('deadInviteMessage', () => {
  it('says what happened and names whom to ask', () => {
    expect(deadInviteMessage(invite({ usedAt: new Date(now) }))).toBe(
      'This invitation has already been used. Ask Anna Admin for a new one.',
    );
    expect(deadInviteMessage(invite({ revokedAt: new Date(now) }))).toBe('This invitation was withdrawn. Ask Anna Admin for a new one.');
    expect(deadInviteMessage(invite({ expiresAt: new Date('2026-12-01T08:00:00Z') }))).toBe(
      'This invitation expired on 2026-12-01. Ask Anna Admin for a new one.',
    );
    expect(deadInviteMessage(invite({ usedAt: new Date(now), createdByName: '' }))).toBe(
      'This invitation has already been used. Ask the person who invited you for a new one.',
    );
  });
});
