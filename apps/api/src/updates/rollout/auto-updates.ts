import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Not, Repository } from 'typeorm';
import { NetworkEntity, type UpdateWindow } from '../../networks/network.entity';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { JobHandler } from '../../services/queue/job-handler.decorator';
import { InternalJobName } from '../../services/queue/queue.catalogue';
import { QueueService } from '../../services/queue/queue.service';
import { UpdatePreviewEntity, UpdatePreviewStatus } from '../update-preview.entity';
import { UpdatePreviews } from '../update-previews.service';
import { UpdateRolloutEntity, UpdateRolloutStatus } from '../update-rollout.entity';
import { UpdateRollouts } from '../update-rollouts.service';
import { windowOpen } from './update-window';

/** The job scheduler of the window sweep (internal job `update.rollout-sweep`). */
export const ROLLOUT_SWEEP_ID = 'update-rollout-sweep';
/** Every 15 minutes: a window opens at most a quarter of an hour before its rollout starts. */
export const ROLLOUT_SWEEP_PATTERN = '*/15 * * * *';

/** What the sweep knows of one network that updates automatically. */
export interface SweepFacts {
  window: UpdateWindow | null;
  /** A rollout running, halted or aborting. */
  rolloutActive: boolean;
  /** The newest ready preview, and whether a rollout of its revision was already tried. */
  readyPreview: { id: string; toRev: string | null } | null;
  triedRevs: ReadonlySet<string>;
}

/** The preview the sweep rolls out now, or null (window closed, a rollout under way, nothing ready, or that revision tried once). */
export function sweepChoice(f: SweepFacts, now: Date): string | null {
  if (f.rolloutActive || !f.readyPreview || !windowOpen(f.window, now)) return null;
  if (f.readyPreview.toRev && f.triedRevs.has(f.readyPreview.toRev)) return null;
  return f.readyPreview.id;
}

/** After a check found an update: preview it unless that revision already has a preview under way or ready, or was rolled out once. */
export function shouldPreview(latestRev: string | null, previewRevs: ReadonlySet<string>, triedRevs: ReadonlySet<string>): boolean {
  return !!latestRev && !previewRevs.has(latestRev) && !triedRevs.has(latestRev);
}

/**
 * Automatic updates (opt-in per network, docs/updates.md "Rollout"): a check
 * that finds an update starts its preview; a sweep every quarter of an hour
 * rolls a ready preview out with the defaults when the network's maintenance
 * window is open. A revision is rolled out automatically once: after a halt or
 * an abort, a person decides.
 */
@Injectable()
export class AutoUpdates implements OnApplicationBootstrap {
  private readonly logger = new Logger('AutoUpdates');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(NetworkEntity) private readonly networks: Repository<NetworkEntity>,
    @InjectRepository(UpdatePreviewEntity) private readonly previews: Repository<UpdatePreviewEntity>,
    @InjectRepository(UpdateRolloutEntity) private readonly rollouts: Repository<UpdateRolloutEntity>,
    private readonly queue: QueueService,
    private readonly previewService: UpdatePreviews,
    private readonly rolloutService: UpdateRollouts,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    await this.queue
      .schedule(InternalJobName.UpdateRolloutSweep, ROLLOUT_SWEEP_ID, ROLLOUT_SWEEP_PATTERN, {})
      .catch((err: unknown) => this.logger.warn(`syncing the rollout sweep's schedule: ${(err as Error).message}`));
  }

  private async triedRevs(networkId: string): Promise<Set<string>> {
    const rows = await this.rollouts.find({ where: { networkId }, select: { id: true, toRev: true } });
    return new Set(rows.map((r) => r.toRev));
  }

  /** Called by the update check when it found `latestRev` for a network with automatic updates on. */
  async afterCheck(networkId: string, latestRev: string | null): Promise<void> {
    const open = await this.previews.find({
      where: { networkId, status: In([UpdatePreviewStatus.Building, UpdatePreviewStatus.Ready]) },
      select: { id: true, toRev: true },
    });
    const previewRevs = new Set(open.map((p) => p.toRev).filter((r): r is string => !!r));
    if (!shouldPreview(latestRev, previewRevs, await this.triedRevs(networkId))) return;
    await this.previewService
      .begin(networkId, null)
      .then(({ previewId }) => this.logger.log(`automatic update of network ${networkId}: preview ${previewId}`))
      .catch((err: unknown) => this.logger.log(`automatic preview of network ${networkId} not started: ${(err as Error).message}`));
  }

  /** One beat: a rollout of each ready preview whose network's window is open. */
  @JobHandler(InternalJobName.UpdateRolloutSweep)
  async sweep(): Promise<void> {
    const now = new Date();
    const auto = await this.networks.find({ where: { autoUpdate: true, upstream: Not(IsNull()) } });
    for (const n of auto) {
      const [active, ready, triedRevs] = await Promise.all([
        this.rollouts.exists({
          where: { networkId: n.id, status: In([UpdateRolloutStatus.Running, UpdateRolloutStatus.Halted, UpdateRolloutStatus.Aborting]) },
        }),
        this.previews.findOne({ where: { networkId: n.id, status: UpdatePreviewStatus.Ready }, order: { createdAt: 'DESC' } }),
        this.triedRevs(n.id),
      ]);
      const previewId = sweepChoice({ window: n.updateWindow, rolloutActive: active, readyPreview: ready, triedRevs }, now);
      if (!previewId) continue;
      await this.rolloutService
        .begin(n.id, { previewId }, null, 'schedule')
        .then(({ rolloutId }) => this.logger.log(`automatic update of ${n.name}: rollout ${rolloutId}`))
        .catch((err: unknown) => this.logger.log(`automatic rollout of ${n.name} not started: ${(err as Error).message}`));
    }
  }
}
