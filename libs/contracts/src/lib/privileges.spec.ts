import {
  HOST_ADMIN_ROLE,
  HOST_PRIVILEGES,
  NETWORK_ROLES,
  NetworkRole,
  Privilege,
  ROLE_PRIVILEGES,
  ROLE_RANK,
  roleHasPrivilege,
} from './privileges';

describe('role → privilege table', () => {
  it('never grants host privileges through a network role', () => {
    for (const role of NETWORK_ROLES) {
      for (const p of HOST_PRIVILEGES) expect(roleHasPrivilege(role, p)).toBe(false);
    }
  });

  it('is monotonic: a higher role holds every privilege of a lower one', () => {
    const byRank = [...NETWORK_ROLES].sort((a, b) => ROLE_RANK[a] - ROLE_RANK[b]);
    for (let i = 1; i < byRank.length; i++) {
      for (const p of ROLE_PRIVILEGES[byRank[i - 1]]) expect(ROLE_PRIVILEGES[byRank[i]]).toContain(p);
    }
  });

  it('gives the host admin everything', () => {
    for (const p of Object.values(Privilege)) expect(roleHasPrivilege(HOST_ADMIN_ROLE, p)).toBe(true);
  });

  it('matches the documented intent for members and viewers', () => {
    expect(roleHasPrivilege(NetworkRole.Viewer, Privilege.NetworkAudit)).toBe(true);
    expect(roleHasPrivilege(NetworkRole.Viewer, Privilege.BackupRead)).toBe(false);
    expect(roleHasPrivilege(NetworkRole.Member, Privilege.BackupRead)).toBe(true);
    expect(roleHasPrivilege(NetworkRole.Member, Privilege.MachineConfig)).toBe(false);
    expect(roleHasPrivilege(NetworkRole.Admin, Privilege.NetworkManage)).toBe(false);
    expect(roleHasPrivilege(NetworkRole.Owner, Privilege.NetworkManage)).toBe(true);
  });
});
