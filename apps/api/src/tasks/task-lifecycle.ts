import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { JobHandlerRegistry } from '../services/queue/job-handlers';
import { TaskReconciler } from './task-reconciler.service';
import { TaskRunner } from './task-runner.service';

/**
 * Start-up: check the job catalogue against its handlers (fails start-up when
 * they disagree), reconcile once, start the workers (unless
 * CLAN_RUN_WORKERS=false), then reconcile every 10 s. Shutdown: stop reconciling, stop local tasks, close workers.
 */
@Injectable()
export class TaskLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly handlers: JobHandlerRegistry,
    private readonly runner: TaskRunner,
    private readonly reconciler: TaskReconciler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.handlers.load();
    // Tasks the previous process left running are re-queued (ahead of the waiting jobs) before
    // this process's workers take jobs, so a burst queued meanwhile does not run first.
    await this.reconciler.runOnce();
    if (this.config.runWorkers) await this.runner.start();
    await this.reconciler.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.reconciler.stop();
    await this.runner.stop();
  }
}
