import { ErrorCode } from '@clan/contracts';
import type { Principal } from '../common/authz/principal';
import { DomainError } from '../common/errors/domain-error';

/**
 * Some backup settings reach beyond the network: a local repository writes to
 * a host directory, a panel-run policy reads host paths and runs hooks as the
 * panel's user, a restore elsewhere writes anywhere. Network admins hold
 * Backup.Restore inside their network only, so these need a host admin.
 */
export function requireHostAdmin(principal: Principal, what: string): void {
  if (principal.isHostAdmin) return;
  throw new DomainError(
    ErrorCode.Forbidden,
    `Only a host administrator may ${what}: it acts on the host itself, beyond this network. Ask the panel's administrator.`,
  );
}
