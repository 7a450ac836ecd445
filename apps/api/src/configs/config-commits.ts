import { Injectable, Logger } from '@nestjs/common';

export interface ConfigCommitEvent {
  networkId: string;
  revision: string;
  userId: string | null;
  /** Machines whose effective configuration (network + local layer) changed in this commit. */
  changed: string[];
  /** Machines the commit removed. */
  removed: string[];
}

type Listener = (e: ConfigCommitEvent) => Promise<void> | void;

/**
 * Tells other features about configuration commits (the VM manager builds and
 * deploys changed machines) without the configuration module depending on them.
 * Listeners run after the commit; their failures are logged, never undo it.
 */
@Injectable()
export class ConfigCommits {
  private readonly logger = new Logger('ConfigCommits');
  private readonly listeners: Listener[] = [];

  onCommit(listener: Listener): void {
    this.listeners.push(listener);
  }

  async emit(e: ConfigCommitEvent): Promise<void> {
    for (const l of this.listeners) {
      try {
        await l(e);
      } catch (err) {
        this.logger.error(`after commit ${e.revision.slice(0, 12)} of network ${e.networkId}: ${(err as Error).message}`);
      }
    }
  }
}
