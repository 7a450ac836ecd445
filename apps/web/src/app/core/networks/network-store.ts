import { computed, Injectable, inject, signal } from '@angular/core';
import { ClanApi } from '../api/clan-api';
import type { NetworkView } from '../api/api-types';
import { describeError } from '../api/errors';

/** The networks the caller can see; feeds the resource tree and the network pages. */
@Injectable({ providedIn: 'root' })
export class NetworkStore {
  private readonly api = inject(ClanApi);

  readonly networks = signal<NetworkView[]>([]);
  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);
  readonly sorted = computed(() => [...this.networks()].sort((a, b) => a.name.localeCompare(b.name)));

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

  async create(name: string, description?: string): Promise<NetworkView> {
    const created = await this.api.createNetwork(name, description);
    await this.load();
    return created;
  }

  clear(): void {
    this.networks.set([]);
    this.loaded.set(false);
  }
}
