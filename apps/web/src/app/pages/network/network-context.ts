import { Injectable, computed, inject, signal } from '@angular/core';
import { Privilege, roleHasPrivilege } from '@clan/contracts';
import { ClanApi } from '../../core/api/clan-api';
import type { NetworkView } from '../../core/api/api-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { NetworkStore } from '../../core/networks/network-store';
import { Session } from '../../core/auth/session';

/** The network a network page shows, shared with its tabs (provided by NetworkPage). */
@Injectable()
export class NetworkContext {
  private readonly api = inject(ClanApi);
  private readonly store = inject(NetworkStore);
  private readonly session = inject(Session);

  readonly networkId = signal<string | null>(null);
  readonly network = signal<NetworkView | null>(null);
  readonly error = signal<ErrorView | null>(null);

  /** The caller's role as the network answer states it; memberships from /me until it arrives. */
  readonly role = computed(() => {
    const id = this.networkId();
    return this.network()?.myRole ?? (id ? this.session.roleIn(id) : null);
  });
  readonly canManage = computed(() => this.allowed(Privilege.NetworkManage));
  readonly canManageMembers = computed(() => this.allowed(Privilege.MemberManage));
  readonly canReadAudit = computed(() => this.allowed(Privilege.AuditRead));
  /** Machine.Config: add machines, edit network layers, the raw configs.json, revert. */
  readonly canConfigure = computed(() => this.allowed(Privilege.MachineConfig));
  /** Machine.PowerMgmt: start/stop/reboot/suspend/resume, deploy, roll back. */
  readonly canPower = computed(() => this.allowed(Privilege.MachinePowerMgmt));
  /** Machine.Console: the serial console's output. */
  readonly canConsole = computed(() => this.allowed(Privilege.MachineConsole));

  async load(networkId: string): Promise<void> {
    this.networkId.set(networkId);
    this.network.set(this.store.byId(networkId) ?? null);
    this.error.set(null);
    try {
      const network = await this.api.network(networkId);
      if (this.networkId() === networkId) this.network.set(network);
    } catch (error) {
      if (this.networkId() === networkId) this.error.set(describeError(error));
    }
  }

  /** UI hint only (which buttons to show); the API checks every call itself. */
  private allowed(privilege: Privilege): boolean {
    if (this.session.isHostAdmin()) return true;
    const role = this.role();
    return role !== null && roleHasPrivilege(role, privilege);
  }
}
