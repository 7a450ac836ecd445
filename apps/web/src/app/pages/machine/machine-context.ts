import { Injectable, computed, inject, signal } from '@angular/core';
import { ClanApi } from '../../core/api/clan-api';
import type { MachineStatusView, MachineView } from '../../core/api/config-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Session } from '../../core/auth/session';
import { mayChangeAdministration, mayEditLocalLayer, mayEditNetworkLayer, type Editor } from '../../core/config/control-modes';
import { NetworkContext } from '../network/network-context';

/** The machine a machine page shows, shared with its tabs (provided by MachinePage). */
@Injectable()
export class MachineContext {
  private readonly api = inject(ClanApi);
  private readonly session = inject(Session);
  readonly network = inject(NetworkContext);

  readonly name = signal<string | null>(null);
  readonly machine = signal<MachineView | null>(null);
  readonly status = signal<MachineStatusView | null>(null);
  readonly head = signal<string | null>(null);
  readonly error = signal<ErrorView | null>(null);
  readonly loading = signal(false);

  readonly editor = computed<Editor>(() => ({
    username: this.session.user()?.username ?? '',
    isHostAdmin: this.session.isHostAdmin(),
    isNetworkAdmin: this.network.canConfigure(),
  }));
  private readonly modes = computed(() => {
    const m = this.machine();
    return m ? { adminMode: m.adminMode, localAdmins: m.localAdmins ?? [] } : null;
  });
  readonly mayEditNetworkLayer = computed(() => {
    const modes = this.modes();
    return modes !== null && mayEditNetworkLayer(this.editor(), modes);
  });
  readonly mayEditLocalLayer = computed(() => {
    const modes = this.modes();
    return modes !== null && mayEditLocalLayer(this.editor(), modes);
  });
  readonly mayChangeAdministration = computed(() => mayChangeAdministration(this.editor()));
  /** Drift as config/status reports it; the machine's own answer until that arrives. */
  readonly drift = computed(() => this.status()?.drift ?? this.machine()?.drift ?? 'not-deployed');

  async load(networkId: string, name: string): Promise<void> {
    const changed = this.name() !== name || this.network.networkId() !== networkId;
    this.name.set(name);
    if (changed) {
      this.machine.set(null);
      this.status.set(null);
    }
    this.error.set(null);
    this.loading.set(true);
    try {
      const [machine, status] = await Promise.all([
        this.api.machine(networkId, name),
        this.api.configStatus(networkId).catch(() => null), // drift is a nicety; the machine is what matters
      ]);
      if (this.name() !== name) return;
      this.machine.set(machine);
      this.status.set(status?.machines.find((m) => m.name === name) ?? null);
      this.head.set(status?.head ?? null);
    } catch (error) {
      if (this.name() === name) this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }

  reload(): Promise<void> {
    const networkId = this.network.networkId();
    const name = this.name();
    return networkId && name ? this.load(networkId, name) : Promise.resolve();
  }
}
