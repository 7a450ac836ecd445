import type { AdminMode } from '@clan/nix-schema';

/**
 * Who may write which layer of a machine (docs/api.md, "Control modes").
 * Pure rules, enforced by the API; the web app only mirrors them.
 */
export interface Writer {
  username: string;
  isHostAdmin: boolean;
  /** Holds Machine.Config in the machine's network. */
  isNetworkAdmin: boolean;
}

export interface MachineAccess {
  name: string;
  adminMode: AdminMode;
  localAdmins: readonly string[];
}

export type Refusal = { kind: 'forbidden' | 'conflict'; message: string };

const isLocalAdmin = (w: Writer, m: MachineAccess) => m.localAdmins.includes(w.username);

/** May `w` replace the network layer (PUT machine)? */
export function networkLayerRefusal(w: Writer, m: MachineAccess): Refusal | null {
  if (w.isHostAdmin || w.isNetworkAdmin) return null;
  if (m.adminMode === 'shared' && isLocalAdmin(w, m)) return null;
  switch (m.adminMode) {
    case 'remote':
      return { kind: 'forbidden', message: `${m.name} is remotely managed: only network admins change it.` };
    case 'local':
      return {
        kind: 'forbidden',
        message: `${m.name} is locally managed: only network admins change its network layer; its local admins change its overrides.`,
      };
    default:
      return { kind: 'forbidden', message: `${m.name} is shared: only network admins and its local admins change it.` };
  }
}

/** Local admins in shared mode edit the network layer, but never who administers the machine. */
export function networkOnlyFieldsRefusal(
  w: Writer,
  m: MachineAccess,
  changes: { adminMode: boolean; localAdmins: boolean },
): Refusal | null {
  if (w.isHostAdmin || w.isNetworkAdmin || (!changes.adminMode && !changes.localAdmins)) return null;
  const what = [changes.adminMode && 'adminMode', changes.localAdmins && 'localAdmins'].filter(Boolean).join(' and ');
  return { kind: 'forbidden', message: `Local admins cannot change ${what} of ${m.name}; ask a network admin.` };
}

/** May `w` replace or revoke the local layer (PUT/DELETE overrides)? */
export function localLayerRefusal(w: Writer, m: MachineAccess): Refusal | null {
  if (m.adminMode === 'remote') {
    return {
      kind: 'conflict',
      message: `${m.name} is remotely managed: it has no local overrides; network admins change its configuration.`,
    };
  }
  if (w.isHostAdmin || isLocalAdmin(w, m)) return null;
  if (m.adminMode === 'shared' && w.isNetworkAdmin) return null;
  if (m.adminMode === 'local') {
    const who = m.localAdmins.length ? `its local admins (${m.localAdmins.join(', ')})` : 'its local admins (none are set yet)';
    return { kind: 'forbidden', message: `${m.name} is locally managed: only ${who} change its overrides.` };
  }
  return { kind: 'forbidden', message: `${m.name} is shared: only network admins and its local admins change its overrides.` };
}
