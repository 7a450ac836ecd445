import { computed, Injectable, inject, signal } from '@angular/core';
import type { NetworkSystem } from '@clan/contracts';
import { ClanApi } from '../api/clan-api';
import type { NetworkView } from '../api/api-types';
import type { MachineSummaryView } from '../api/config-types';
import { describeError } from '../api/errors';

/** The mesh VPN of a new network (CreateNetworkDto.meshLayer; omitted: WireGuard). */
export type MeshLayerChoice = 'wireguard' | 'yggdrasil';

/** A network's machines as the tree shows them: not yet asked, loading, listed, or why not. */
export interface MachineList {
  items: MachineSummaryView[];
  loaded: boolean;
  loading: boolean;
  error: string | null;
}

/** The networks the caller can see; feeds the resource tree and the network pages. */
@Injectable({ providedIn: 'root' })
export class NetworkStore {
  private readonly api = inject(ClanApi);

  readonly networks = signal<NetworkView[]>([]);
  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);
  readonly sorted = computed(() => [...this.networks()].sort((a, b) => a.name.localeCompare(b.name)));
  /** Machines per network id, loaded when a network is opened or expanded. */
  readonly machines = signal<Readonly<Record<string, MachineList>>>({});

  byId(networkId: string): NetworkView | undefined {
    return this.networks().find((n) => n.id === networkId);
  }

  async load(): Promise<void> {
    try {
      this.networks.set(await this.api.networks());
      this.error.set(null);
    } catch (error) {
      this.error.set(describeError(error).message);
    } finally {
      this.loaded.set(true);
    }
  }

  async create(name: string, description?: string, system?: NetworkSystem, meshLayer?: MeshLayerChoice): Promise<NetworkView> {
    const created = await this.api.createNetwork(name, description, system, meshLayer);
    await this.load();
    return created;
  }

  machinesOf(networkId: string): MachineList | undefined {
    return this.machines()[networkId];
  }

  /** (Re)loads one network's machines; keeps the last list on screen while it does. */
  async loadMachines(networkId: string): Promise<void> {
    const previous = this.machines()[networkId];
    this.patchMachines(networkId, { items: previous?.items ?? [], loaded: previous?.loaded ?? false, loading: true, error: null });
    try {
      const items = await this.api.machines(networkId);
      items.sort((a, b) => a.name.localeCompare(b.name));
      this.patchMachines(networkId, { items, loaded: true, loading: false, error: null });
    } catch (error) {
      this.patchMachines(networkId, { items: previous?.items ?? [], loaded: true, loading: false, error: describeError(error).message });
    }
  }

  /** Loads a network's machines unless they are already listed or on their way. */
  ensureMachines(networkId: string): void {
    const state = this.machines()[networkId];
    if (!state || (!state.loaded && !state.loading)) void this.loadMachines(networkId);
  }

  private patchMachines(networkId: string, list: MachineList): void {
    this.machines.update((all) => ({ ...all, [networkId]: list }));
  }

  clear(): void {
    this.networks.set([]);
    this.machines.set({});
    this.loaded.set(false);
  }
}
