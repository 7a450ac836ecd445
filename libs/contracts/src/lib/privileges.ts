/**
 * Privileges are the unit of authorization. Every API route and WebSocket
 * message declares the one it needs; roles are just named sets of them.
 * Modeled on Proxmox VE's privilege names (`Sys.Audit`, `VM.Console`, …).
 */
export enum Privilege {
  /** Read host-wide state: all networks, the audit log, host metrics. */
  SysAudit = 'Sys.Audit',
  /** Change host-wide settings, create networks, manage panel users. */
  SysModify = 'Sys.Modify',
  /** Open a shell on the host (remote support). */
  SysTerminal = 'Sys.Terminal',
  /** See a network, its machines, tasks and members. */
  NetworkAudit = 'Network.Audit',
  /** Rename, configure or delete a network. */
  NetworkManage = 'Network.Manage',
  /** Read the network's audit log. */
  AuditRead = 'Audit.Read',
  /** Add, remove and change the role of members. */
  MemberManage = 'Member.Manage',
  /** Change a machine's declarative configuration. */
  MachineConfig = 'Machine.Config',
  /** Start, stop, reboot, suspend machines. */
  MachinePowerMgmt = 'Machine.PowerMgmt',
  /** Open a machine's serial or graphical console. */
  MachineConsole = 'Machine.Console',
  /** See backup status and snapshots. */
  BackupRead = 'Backup.Read',
  /** Restore from backups and change backup policies. */
  BackupRestore = 'Backup.Restore',
}

export const ALL_PRIVILEGES: readonly Privilege[] = Object.values(Privilege);

/** Roles a person can hold inside one network. */
export enum NetworkRole {
  Owner = 'owner',
  Admin = 'admin',
  Member = 'member',
  Viewer = 'viewer',
}

export const NETWORK_ROLES: readonly NetworkRole[] = Object.values(NetworkRole);

/** Host-level role: the panel's administrator holds every privilege everywhere. */
export const HOST_ADMIN_ROLE = 'host-admin' as const;

/** Privileges whose scope is the whole host; network roles never grant them. */
export const HOST_PRIVILEGES: readonly Privilege[] = [Privilege.SysAudit, Privilege.SysModify, Privilege.SysTerminal];

/** The role → privileges table. Keep it small and obvious; tests walk it. */
export const ROLE_PRIVILEGES: Readonly<Record<NetworkRole, readonly Privilege[]>> = {
  [NetworkRole.Owner]: [
    Privilege.NetworkAudit,
    Privilege.NetworkManage,
    Privilege.AuditRead,
    Privilege.MemberManage,
    Privilege.MachineConfig,
    Privilege.MachinePowerMgmt,
    Privilege.MachineConsole,
    Privilege.BackupRead,
    Privilege.BackupRestore,
  ],
  [NetworkRole.Admin]: [
    Privilege.NetworkAudit,
    Privilege.AuditRead,
    Privilege.MemberManage,
    Privilege.MachineConfig,
    Privilege.MachinePowerMgmt,
    Privilege.MachineConsole,
    Privilege.BackupRead,
    Privilege.BackupRestore,
  ],
  [NetworkRole.Member]: [Privilege.NetworkAudit, Privilege.BackupRead],
  [NetworkRole.Viewer]: [Privilege.NetworkAudit],
};

/** True when `role` (or the host admin) holds `privilege` inside a network. */
export function roleHasPrivilege(role: NetworkRole | typeof HOST_ADMIN_ROLE, privilege: Privilege): boolean {
  if (role === HOST_ADMIN_ROLE) return true;
  return ROLE_PRIVILEGES[role].includes(privilege);
}

/** Roles ordered from most to least powerful; a member may only grant roles at or below their own. */
export const ROLE_RANK: Readonly<Record<NetworkRole, number>> = {
  [NetworkRole.Owner]: 4,
  [NetworkRole.Admin]: 3,
  [NetworkRole.Member]: 2,
  [NetworkRole.Viewer]: 1,
};

/**
 * How a route is scoped. `public`: anyone. `authenticated`: any signed-in
 * user. `host`: a host privilege. `network`: a privilege inside the network
 * named by the route's `:networkId` parameter (or the network that owns the
 * task/resource being addressed, resolved by the API).
 */
export type AccessScope = 'public' | 'authenticated' | 'host' | 'network';

/** The access rule a route declares; exported in OpenAPI as `x-clan-access`. */
export interface AccessRule {
  scope: AccessScope;
  privilege?: Privilege;
}
