import { ErrorCode, HOST_ADMIN_ROLE, NETWORK_ROLES, NetworkRole, ROLE_RANK } from '@clan/contracts';
import { DomainError } from '../common/errors/domain-error';
import { type ActorRole, assertMayChangeRole, assertMayGrant, assertMayRemove } from './member-rules';

/** The error code a rule throws, or null when it allows the action. */
function outcome(fn: () => void): ErrorCode | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
}

const owner = (username = 'olga') => ({ username, role: NetworkRole.Owner });
const admin = (username = 'adam') => ({ username, role: NetworkRole.Admin });
const viewer = (username = 'vic') => ({ username, role: NetworkRole.Viewer });

describe('assertMayGrant', () => {
  it.each(NETWORK_ROLES.flatMap((actor) => NETWORK_ROLES.map((role) => [actor, role] as const)))(
    '%s granting %s is allowed only at or below their own rank',
    (actor, role) => {
      const expected = ROLE_RANK[role] <= ROLE_RANK[actor] ? null : ErrorCode.Forbidden;
      expect(outcome(() => assertMayGrant(actor, role))).toBe(expected);
    },
  );

  it.each(NETWORK_ROLES)('the host admin may grant %s', (role) => {
    expect(outcome(() => assertMayGrant(HOST_ADMIN_ROLE, role))).toBeNull();
  });

  it('explains the refusal in a sentence', () => {
    expect(() => assertMayGrant(NetworkRole.Admin, NetworkRole.Owner)).toThrow(
      'You are an admin of this network and cannot grant the owner role, which is above your own.',
    );
  });
});

describe('assertMayChangeRole', () => {
  it('lets an admin promote a viewer to admin but not to owner', () => {
    expect(outcome(() => assertMayChangeRole(NetworkRole.Admin, viewer(), NetworkRole.Admin, 1))).toBeNull();
    expect(outcome(() => assertMayChangeRole(NetworkRole.Admin, viewer(), NetworkRole.Owner, 1))).toBe(ErrorCode.Forbidden);
  });

  it('does not let an admin change an owner, even when other owners remain', () => {
    expect(outcome(() => assertMayChangeRole(NetworkRole.Admin, owner(), NetworkRole.Admin, 3))).toBe(ErrorCode.Forbidden);
    expect(() => assertMayChangeRole(NetworkRole.Admin, owner('olga'), NetworkRole.Viewer, 3)).toThrow(
      'Only an owner or the host admin can change the role of olga, who is an owner.',
    );
  });

  it('lets an admin change another admin', () => {
    expect(outcome(() => assertMayChangeRole(NetworkRole.Admin, admin(), NetworkRole.Member, 1))).toBeNull();
  });

  it('never demotes the last owner, whoever asks', () => {
    for (const actor of [NetworkRole.Owner, HOST_ADMIN_ROLE] as ActorRole[]) {
      for (const next of [NetworkRole.Admin, NetworkRole.Member, NetworkRole.Viewer]) {
        expect(outcome(() => assertMayChangeRole(actor, owner(), next, 1))).toBe(ErrorCode.Conflict);
      }
    }
    expect(() => assertMayChangeRole(NetworkRole.Owner, owner('olga'), NetworkRole.Admin, 1)).toThrow(
      'olga is the last owner of this network and cannot be demoted; make another member an owner first.',
    );
  });

  it('demotes an owner when another owner remains', () => {
    expect(outcome(() => assertMayChangeRole(NetworkRole.Owner, owner(), NetworkRole.Admin, 2))).toBeNull();
  });

  it('accepts re-stating the last owner as owner', () => {
    expect(outcome(() => assertMayChangeRole(NetworkRole.Owner, owner(), NetworkRole.Owner, 1))).toBeNull();
  });
});

describe('assertMayRemove', () => {
  it('does not let an admin remove an owner', () => {
    expect(outcome(() => assertMayRemove(NetworkRole.Admin, owner(), 2))).toBe(ErrorCode.Forbidden);
  });

  it('lets an admin remove admins and viewers', () => {
    expect(outcome(() => assertMayRemove(NetworkRole.Admin, admin(), 1))).toBeNull();
    expect(outcome(() => assertMayRemove(NetworkRole.Admin, viewer(), 1))).toBeNull();
  });

  it('never removes the last owner, not even for the host admin', () => {
    expect(outcome(() => assertMayRemove(NetworkRole.Owner, owner(), 1))).toBe(ErrorCode.Conflict);
    expect(outcome(() => assertMayRemove(HOST_ADMIN_ROLE, owner(), 1))).toBe(ErrorCode.Conflict);
    expect(() => assertMayRemove(HOST_ADMIN_ROLE, owner('olga'), 1)).toThrow(
      'olga is the last owner of this network and cannot be removed',
    );
  });

  it('removes one of several owners', () => {
    expect(outcome(() => assertMayRemove(NetworkRole.Owner, owner(), 2))).toBeNull();
  });
});
