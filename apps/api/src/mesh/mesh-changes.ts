import { Injectable, Logger } from '@nestjs/common';

export interface MeshChange {
  networkId: string;
  /** The network's mesh revision after the change. */
  revision: number;
  /** For commit messages and logs: "laptop-anna added", "phone removed". */
  reason: string;
}

export type MeshChangeListener = (change: MeshChange) => Promise<void>;

export interface MeshChangeListenerOptions {
  /**
   * Starts at once, beside the others instead of after them: for a listener
   * whose latency people see (the device agents' push must not wait behind
   * the machines' commit). It is still awaited by `emit`.
   */
  immediate?: boolean;
}

/**
 * In-process notice that a network's member list changed. The host-managed
 * interface re-applies, the phonebook reloads and machines get their new
 * peers from listeners here, one after another in the order they registered;
 * `immediate` listeners (the device agents' push) run beside that chain.
 * MeshService awaits them all, so a DELETE returns once the host has stopped
 * trusting the removed key. A listener's failure is logged and never undoes
 * the change (the periodic reconcile retries).
 */
@Injectable()
export class MeshChanges {
  private readonly log = new Logger('MeshChanges');
  private readonly listeners: { name: string; fn: MeshChangeListener; immediate: boolean }[] = [];

  on(name: string, fn: MeshChangeListener, options: MeshChangeListenerOptions = {}): void {
    this.listeners.push({ name, fn, immediate: options.immediate ?? false });
  }

  async emit(change: MeshChange): Promise<void> {
    const run = async (l: { name: string; fn: MeshChangeListener }) => {
      try {
        await l.fn(change);
      } catch (error) {
        this.log.warn(`${l.name} after "${change.reason}" in network ${change.networkId}: ${(error as Error).message}`);
      }
    };
    const immediate = this.listeners.filter((l) => l.immediate).map(run);
    for (const l of this.listeners.filter((x) => !x.immediate)) await run(l);
    await Promise.all(immediate);
  }
}
