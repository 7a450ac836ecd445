import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigCommits, type ConfigCommitEvent } from '../configs/config-commits';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { JobName } from '../services/queue/queue.catalogue';
import { GenerationsStore } from './generations.service';
import { MachineConfigs } from './machine-configs.service';
import { MachineStateService } from './machine-state.service';
import { VmTasks } from './vm-tasks.service';

/**
 * Config commit → build task for every machine whose effective configuration
 * changed (CLAN_AUTO_DEPLOY). One change, one build: the builds are queued
 * once the panel's own follow-up commits have landed (a new machine's mesh
 * section), at the head revision then, and a machine has at most one build of
 * a revision (VmTasks.build) — the follow-up's commit finds the build already
 * queued, and a newer revision withdraws a build that has not started. A
 * machine the commit removed gets a `vm.remove` task.
 */
/** Why a machine's automatic build waits (a sentence), or null: it does not. */
export type AutoDeployHold = (networkId: string, machine: string) => Promise<string | null>;

@Injectable()
export class VmAutoDeploy implements OnModuleInit {
  private readonly logger = new Logger('VmAutoDeploy');
  private readonly holds: AutoDeployHold[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly commits: ConfigCommits,
    private readonly vmTasks: VmTasks,
    private readonly generations: GenerationsStore,
    private readonly state: MachineStateService,
    private readonly configs: MachineConfigs,
  ) {}

  onModuleInit(): void {
    this.commits.onCommit(async (e) => {
      if (!this.config.autoDeploy) return;
      // Not awaited: the builds wait for follow-up commits, which need the config lock this commit still holds.
      void this.build(e).catch((err: unknown) =>
        this.logger.error(`builds after commit ${e.revision.slice(0, 12)} of network ${e.networkId}: ${(err as Error).message}`),
      );
      await this.remove(e);
    });
  }

  /** Another module holds some machines' automatic builds back (an update rollout that will deploy them itself). */
  addHold(hold: AutoDeployHold): void {
    this.holds.push(hold);
  }

  private async held(networkId: string, machine: string): Promise<string | null> {
    for (const hold of this.holds) {
      const why = await hold(networkId, machine);
      if (why) return why;
    }
    return null;
  }

  /** Once the commit's follow-ups have landed: a build of each changed machine still configured, at the head. */
  async build(e: ConfigCommitEvent): Promise<string[]> {
    if (e.changed.length === 0 || e.autoDeploy === false) return [];
    await this.commits.settled(e.networkId);
    const head = await this.configs.head(e.networkId);
    const started: string[] = [];
    for (const machine of e.changed) {
      if (!(await this.configs.at(e.networkId, machine, head))) continue; // removed since: its removal takes over
      const why = await this.held(e.networkId, machine);
      if (why) {
        this.logger.log(`commit ${e.revision.slice(0, 12)} changed ${machine}; not built now: ${why}`);
        continue;
      }
      const { taskId, existing } = await this.vmTasks.build(
        head,
        'config-change',
        { userId: e.userId, networkId: e.networkId, machine },
        { exclusive: false },
      );
      if (existing) continue;
      started.push(taskId);
      this.logger.log(`commit ${e.revision.slice(0, 12)} changed ${machine}: build task ${taskId} at ${head.slice(0, 12)}`);
    }
    return started;
  }

  /** A `vm.remove` task for each machine the commit removed that still has a VM or generations. */
  async remove(e: ConfigCommitEvent): Promise<string[]> {
    const started: string[] = [];
    for (const machine of e.removed) {
      const row = await this.state.get(e.networkId, machine);
      if (!row?.domainName && !(await this.generations.latest(e.networkId, machine))) continue;
      const { taskId } = await this.vmTasks.start(
        JobName.VmRemove,
        {},
        { userId: e.userId, networkId: e.networkId, machine },
        { exclusive: false },
      );
      started.push(taskId);
      this.logger.log(`commit ${e.revision.slice(0, 12)} removed ${machine}: removal task ${taskId}`);
    }
    return started;
  }
}
