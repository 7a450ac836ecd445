import { ErrorCode, HOST_ADMIN_ROLE, NetworkRole, ROLE_RANK } from '@clan/contracts';
import { DomainError } from '../common/errors/domain-error';

/** Who is acting on a network's membership: their role there, or the host admin (who outranks everyone). */
export type ActorRole = NetworkRole | typeof HOST_ADMIN_ROLE;

/** The member being changed or removed, as the rules need to see them. */
export interface TargetMember {
  username: string;
  role: NetworkRole;
}

const article = (role: string) => (/^[aeiou]/.test(role) ? 'an' : 'a');

function rankOf(actor: ActorRole): number {
  return actor === HOST_ADMIN_ROLE ? Number.POSITIVE_INFINITY : ROLE_RANK[actor];
}

/** Nobody may hand out more power than they hold themselves; the host admin may grant anything. */
export function assertMayGrant(actor: ActorRole, role: NetworkRole): void {
  if (rankOf(actor) < ROLE_RANK[role]) {
    throw new DomainError(
      ErrorCode.Forbidden,
      `You are ${article(actor)} ${actor} of this network and cannot grant the ${role} role, which is above your own.`,
    );
  }
}

/** An admin must not be able to demote or evict the owners who appointed them. */
function assertMayTouch(actor: ActorRole, target: TargetMember, verb: 'change the role of' | 'remove'): void {
  if (rankOf(actor) < ROLE_RANK[target.role]) {
    throw new DomainError(
      ErrorCode.Forbidden,
      `Only ${article(target.role)} ${target.role} or the host admin can ${verb} ${target.username}, who is ${article(target.role)} ${target.role}.`,
    );
  }
}

/** A network without an owner could never be managed again except by the host admin. */
function assertNotLastOwner(target: TargetMember, ownerCount: number, what: string): void {
  if (target.role === NetworkRole.Owner && ownerCount <= 1) {
    throw new DomainError(
      ErrorCode.Conflict,
      `${target.username} is the last owner of this network and cannot be ${what}; make another member an owner first.`,
    );
  }
}

/** Checks changing `target`'s role to `next`; throws FORBIDDEN or CONFLICT with the reason. */
export function assertMayChangeRole(actor: ActorRole, target: TargetMember, next: NetworkRole, ownerCount: number): void {
  assertMayTouch(actor, target, 'change the role of');
  assertMayGrant(actor, next);
  if (next !== NetworkRole.Owner) assertNotLastOwner(target, ownerCount, 'demoted');
}

/** Checks removing `target` from the network; throws FORBIDDEN or CONFLICT with the reason. */
export function assertMayRemove(actor: ActorRole, target: TargetMember, ownerCount: number): void {
  assertMayTouch(actor, target, 'remove');
  assertNotLastOwner(target, ownerCount, 'removed');
}
