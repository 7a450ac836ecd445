import { TaskStatus } from '@clan/contracts';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigCommits, type ConfigCommitEvent } from '../configs/config-commits';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { JobName } from '../services/queue/queue.catalogue';
import { GenerationsStore } from './generations.service';
import { MachineStateService } from './machine-state.service';
import { VmTasks } from './vm-tasks.service';

/**
 * Config commit → build task for every machine whose effective configuration
 * changed (CLAN_AUTO_DEPLOY). A build already queued for the machine builds
 * the head when it runs, so a burst of commits gives one build. A machine the
 * commit removed gets a `vm.remove` task.
 */
@Injectable()
export class VmAutoDeploy implements OnModuleInit {
  private readonly logger = new Logger('VmAutoDeploy');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly commits: ConfigCommits,
    private readonly vmTasks: VmTasks,
    private readonly generations: GenerationsStore,
    private readonly state: MachineStateService,
  ) {}

  onModuleInit(): void {
    this.commits.onCommit(async (e) => {
      await this.onCommit(e);
    });
  }

  async onCommit(e: ConfigCommitEvent): Promise<string[]> {
    if (!this.config.autoDeploy) return [];
    const started: string[] = [];
    for (const machine of e.changed) {
      const active = await this.vmTasks.active(e.networkId, machine);
      if (active.some((t) => t.type === JobName.MachineBuild && t.status === TaskStatus.Queued)) continue;
      const { taskId } = await this.vmTasks.start(
        JobName.MachineBuild,
        { revision: null, reason: 'config-change' },
        { userId: e.userId, networkId: e.networkId, machine },
        { exclusive: false },
      );
      started.push(taskId);
      this.logger.log(`commit ${e.revision.slice(0, 12)} changed ${machine}: build task ${taskId}`);
    }
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
