import { ErrorCode } from '@clan/contracts';
import { DomainError } from '../common/errors/domain-error';

/** What PATCH /api/users/:id may change. */
export interface UserChanges {
  displayName?: string;
  isHostAdmin?: boolean;
  disabled?: boolean;
}

/** The account being changed, as the rules need to see it. */
export interface UserTarget {
  id: string;
  username: string;
  isHostAdmin: boolean;
  disabled: boolean;
}

const conflict = (message: string) => new DomainError(ErrorCode.Conflict, message);

/**
 * A host admin may change anyone, with two limits that keep the panel
 * manageable: nobody disables their own account, and the last enabled host
 * admin stays a host admin and stays enabled.
 */
export function assertMayUpdateUser(actorId: string, target: UserTarget, changes: UserChanges, enabledHostAdmins: number): void {
  if (changes.disabled === true && target.id === actorId) {
    throw conflict('You cannot disable your own account; ask another host admin to do it.');
  }
  const losesAdmin = target.isHostAdmin && !target.disabled && (changes.isHostAdmin === false || changes.disabled === true);
  if (losesAdmin && enabledHostAdmins <= 1) {
    throw conflict(
      changes.disabled === true
        ? `${target.username} is the last host admin and cannot be disabled; make someone else a host admin first.`
        : `${target.username} is the last host admin; make someone else a host admin first.`,
    );
  }
}
