import { Injectable, Logger } from '@nestjs/common';

export interface MeshChange {
  networkId: string;
  /** The network's mesh revision after the change. */
  revision: number;
  /** For commit messages and logs: "laptop-anna added", "phone removed". */
  reason: string;
}

export type MeshChangeListener = (change: MeshChange) => Promise<void>;

/**
 * In-process notice that a network's member list changed. The host-managed
 * interface re-applies, the phonebook reloads and machines get their new
 * peers from listeners here; MeshService awaits them, so a DELETE returns
 * once the host has stopped trusting the removed key. A listener's failure
 * is logged and never undoes the change (the periodic reconcile retries).
 */
@Injectable()
export class MeshChanges {
  private readonly log = new Logger('MeshChanges');
  private readonly listeners: { name: string; fn: MeshChangeListener }[] = [];

  on(name: string, fn: MeshChangeListener): void {
    this.listeners.push({ name, fn });
  }

  async emit(change: MeshChange): Promise<void> {
    for (const l of this.listeners) {
      try {
        await l.fn(change);
      } catch (error) {
        this.log.warn(`${l.name} after "${change.reason}" in network ${change.networkId}: ${(error as Error).message}`);
      }
    }
  }
}
