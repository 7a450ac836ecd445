import { Privilege } from '@clan/contracts';
import type { AdminMode } from '../api/config-types';

/**
 * The API's control-mode rules (docs/api.md, "Control modes"), mirrored to
 * decide which editors to offer. A hint only: the API answers 403/409 with
 * its own sentence, which the pages show.
 */
export interface Editor {
  username: string;
  isHostAdmin: boolean;
  /** Holds Machine.Config in the network. */
  isNetworkAdmin: boolean;
}

export interface MachineModes {
  adminMode: AdminMode | string;
  localAdmins: readonly string[];
}

export const NETWORK_ADMIN_PRIVILEGE = Privilege.MachineConfig;

const isLocalAdmin = (e: Editor, m: MachineModes) => m.localAdmins.includes(e.username);

export function mayEditNetworkLayer(e: Editor, m: MachineModes): boolean {
  return e.isHostAdmin || e.isNetworkAdmin || (m.adminMode === 'shared' && isLocalAdmin(e, m));
}

/** adminMode and localAdmins: network admins only. */
export function mayChangeAdministration(e: Editor): boolean {
  return e.isHostAdmin || e.isNetworkAdmin;
}

export function mayEditLocalLayer(e: Editor, m: MachineModes): boolean {
  if (m.adminMode === 'remote') return false;
  if (e.isHostAdmin || isLocalAdmin(e, m)) return true;
  return m.adminMode === 'shared' && e.isNetworkAdmin;
}

export const ADMIN_MODE_TEXT: Record<string, string> = {
  local: 'Local: its owner administers it; network admins set the network layer, its local admins the overrides.',
  remote: 'Remote: network admins administer it; there is no local layer.',
  shared: 'Shared: network admins and its local admins both change it and may revoke each other’s overrides.',
};

export const DRIFT_TEXT: Record<string, { label: string; tone: 'ok' | 'warn' | 'muted' }> = {
  'in-sync': { label: 'in sync', tone: 'ok' },
  behind: { label: 'behind', tone: 'warn' },
  'not-deployed': { label: 'not deployed', tone: 'muted' },
};
