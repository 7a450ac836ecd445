import { Injectable, Logger } from '@nestjs/common';

export interface ConfigCommitEvent {
  networkId: string;
  revision: string;
  userId: string | null;
  /** Machines whose effective configuration (network + local layer) changed in this commit. */
  changed: string[];
  /** Machines the commit removed. */
  removed: string[];
  /** false: the changed machines are not to be built and deployed by themselves (an update's pin, docs/updates.md). */
  autoDeploy?: false;
}

type Listener = (e: ConfigCommitEvent) => Promise<void> | void;
/** Resolves once the follow-up commits a feature makes after a commit of the network (the panel's mesh sections) have landed. */
type FollowUps = (networkId: string) => Promise<void>;

/**
 * Tells other features about configuration commits (the VM manager builds and
 * deploys changed machines) without the configuration module depending on them.
 * Listeners run after the commit; their failures are logged, never undo it.
 *
 * Some listeners answer a commit with one of their own (the panel's mesh
 * sections after a machine was added). `settled` lets a listener that acts on
 * the result (the auto-deploy) wait for those, so one change gives one build.
 */
@Injectable()
export class ConfigCommits {
  private readonly logger = new Logger('ConfigCommits');
  private readonly listeners: Listener[] = [];
  private readonly followUps: FollowUps[] = [];
  /** Announcements in progress per network (their listeners may still start follow-ups). */
  private readonly emitting = new Map<string, Set<Promise<void>>>();

  onCommit(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Registers a feature's follow-up commits, waited for by `settled`. */
  onFollowUps(followUps: FollowUps): void {
    this.followUps.push(followUps);
  }

  async emit(e: ConfigCommitEvent): Promise<void> {
    // Marked before the first listener runs, so `settled` called from a listener waits for this announcement too.
    let delivered!: () => void;
    const marker = new Promise<void>((resolve) => (delivered = resolve));
    const inFlight = this.emitting.get(e.networkId) ?? new Set<Promise<void>>();
    inFlight.add(marker);
    this.emitting.set(e.networkId, inFlight);
    try {
      await this.announce(e);
    } finally {
      delivered();
      inFlight.delete(marker);
      if (inFlight.size === 0 && this.emitting.get(e.networkId) === inFlight) this.emitting.delete(e.networkId);
    }
  }

  /**
   * Resolves once the network's commits announced so far have been delivered
   * and the follow-up commits they caused have landed (and been delivered).
   * Never await it inside a listener: the follow-ups need the config lock the
   * announcing write still holds.
   */
  async settled(networkId: string): Promise<void> {
    for (let round = 0; round < 10; round++) {
      const inFlight = this.emitting.get(networkId);
      if (inFlight?.size) await Promise.allSettled([...inFlight]);
      await Promise.allSettled(this.followUps.map((f) => f(networkId)));
      if (!this.emitting.get(networkId)?.size) return;
    }
  }

  private async announce(e: ConfigCommitEvent): Promise<void> {
    for (const l of this.listeners) {
      try {
        await l(e);
      } catch (err) {
        this.logger.error(`after commit ${e.revision.slice(0, 12)} of network ${e.networkId}: ${(err as Error).message}`);
      }
    }
  }
}
