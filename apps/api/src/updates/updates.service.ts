import { ErrorCode, TaskStatus } from '@clan/contracts';
import { renderFlakeNix } from '@clan/nix-schema';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Not, Repository } from 'typeorm';
import type { Principal } from '../common/authz/principal';
import { conflict, DomainError } from '../common/errors/domain-error';
import { ConfigLock } from '../configs/config-lock.service';
import { ConfigWriter } from '../configs/config-writer.service';
import { validateLayers } from '../configs/layers';
import { NetworkRepoService } from '../configs/network-repo.service';
import { SystemFlakes } from '../configs/system-flakes.service';
import { removeLockInput } from '../marketplace/network/marketplace-lock';
import { NetworkEntity } from '../networks/network.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import type { JobContext } from '../services/queue/job-context';
import { JobHandler } from '../services/queue/job-handler.decorator';
import { InternalJobName, JobName } from '../services/queue/queue.catalogue';
import { QueueService } from '../services/queue/queue.service';
import type { TaskStartedDto } from '../tasks/dto/task.dto';
import { TaskEntity } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import type { UpdatesDto } from './dto/updates.dto';
import { fromEpochSeconds, lockedInput, updateAvailable } from './flake-lock';
import { NetworkUpdateEntity } from './network-update.entity';
import { UpdatePreviews } from './update-previews.service';
import { UpdateRollouts } from './update-rollouts.service';
import { AutoUpdates } from './rollout/auto-updates';
import { upstreamProblem } from './upstream-url';
import { UpstreamNix, UpstreamNixError } from './upstream-nix';

export const LOCK_FILE = 'flake.lock';
const INPUT = 'clan';
/** The job scheduler of the periodic sweep (internal job `update.check-sweep`). */
export const UPDATE_SWEEP_ID = 'update-check-sweep';

/** Every `hours` hours of the day, on the hour (0, h, 2h… < 24). */
export function sweepPattern(hours: number): string {
  return hours >= 24 ? '0 0 * * *' : `0 */${hours} * * *`;
}

const short = (rev: string) => rev.slice(0, 12);

/**
 * Updates, slice 1 (docs/updates.md; docs/decisions/0017): a network may follow
 * an upstream git flake for its `clan` input, pinned by a flake.lock the panel
 * commits; `update.check` compares that pin with the upstream's branch, records
 * the answer (network_updates) and notifies once per new revision.
 */
@Injectable()
export class UpdatesService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Updates');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(NetworkEntity) private readonly networks: Repository<NetworkEntity>,
    @InjectRepository(NetworkUpdateEntity) private readonly rows: Repository<NetworkUpdateEntity>,
    @InjectRepository(TaskEntity) private readonly taskRows: Repository<TaskEntity>,
    private readonly repos: NetworkRepoService,
    private readonly writer: ConfigWriter,
    private readonly lock: ConfigLock,
    private readonly flakes: SystemFlakes,
    private readonly nix: UpstreamNix,
    private readonly tasks: TasksService,
    private readonly queue: QueueService,
    private readonly notifications: NotificationsService,
    private readonly previews: UpdatePreviews,
    private readonly rollouts: UpdateRollouts,
    private readonly autoUpdates: AutoUpdates,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    const hours = this.config.updateCheckHours;
    const sync =
      hours > 0
        ? this.queue.schedule(InternalJobName.UpdateCheckSweep, UPDATE_SWEEP_ID, sweepPattern(hours), {})
        : this.queue.unschedule(InternalJobName.UpdateCheckSweep, UPDATE_SWEEP_ID);
    await sync.catch((err: unknown) => this.logger.warn(`syncing the update-check schedule: ${(err as Error).message}`));
  }

  private async network(networkId: string): Promise<NetworkEntity> {
    const n = await this.networks.findOne({ where: { id: networkId } });
    if (!n) throw new DomainError(ErrorCode.NotFound, `No network has the id "${networkId}".`);
    return n;
  }

  // ── the upstream ─────────────────────────────────────────────────────────

  /**
   * Follow `upstream` (lock it and commit flake.nix + flake.lock as the panel), or stop
   * following (null: flake.nix names the host's flake again, flake.lock goes). A lock
   * failure is a 409 sentence and nothing is committed.
   */
  async setUpstream(networkId: string, upstream: string | null): Promise<UpdatesDto> {
    if (upstream !== null) {
      const problem = upstreamProblem(upstream);
      if (problem) throw new DomainError(ErrorCode.ValidationFailed, problem, [{ field: 'upstream', message: problem }]);
    }
    const network = await this.network(networkId);
    const previous = network.upstream;
    if (upstream !== null && previous === upstream && (await this.lockAtHead(networkId))) return this.status(networkId);
    if (upstream === null && previous === null) return this.status(networkId);

    let rowChanged = false;
    try {
      await this.writer.write(
        networkId,
        null,
        async (state) => {
          if (!state.configs)
            throw conflict('configs.json at the head does not validate; fix the configuration before changing the upstream.');
          const valid = validateLayers({
            configs: state.configs,
            overrides: state.overrides,
            localAdmins: state.localAdmins,
            marketplace: state.marketplace,
          });
          if (!valid.ok) throw conflict('The configuration at the head does not validate; fix it before changing the upstream.');
          const flakeNix = renderFlakeNix(upstream ?? this.flakes.urlFor(network.system), state.marketplace);
          // Stopping: the third-party apps' pins stay locked; only the clan input (and what it brought) goes.
          let lockText: string | null = removeLockInput(
            (await this.repos.repo(networkId).readObjects([`${state.head}:${LOCK_FILE}`]))[0] ?? null,
            INPUT,
          );
          if (upstream !== null) {
            try {
              lockText = await this.nix.lock(flakeNix);
            } catch (err) {
              if (!(err instanceof UpstreamNixError)) throw err;
              throw conflict(`The upstream ${upstream} could not be locked, so nothing was committed. Nix said: ${err.message}`);
            }
            if (!lockedInput(lockText, INPUT))
              throw conflict(`The upstream ${upstream} did not lock to a git revision, so nothing was committed.`);
          }
          const tree = await this.repos
            .repo(networkId)
            .buildTree(state.head, state.entries, { 'flake.nix': flakeNix, [LOCK_FILE]: lockText });
          // Under the configuration lock, before the commit: a write that follows renders flake.nix with the new value.
          await this.networks.update({ id: networkId }, { upstream });
          rowChanged = true;
          return {
            kind: 'tree',
            tree,
            layers: valid.value,
            message: upstream ? `Follow ${upstream}` : `Stop following ${previous ?? 'the upstream'}`,
          };
        },
        // Changing the pin changes what every machine builds from: nothing is built or deployed by itself.
        { autoDeploy: false },
      );
    } catch (err) {
      if (rowChanged) await this.networks.update({ id: networkId }, { upstream: previous });
      throw err;
    }
    if (upstream === null) await this.rows.delete({ networkId });
    return this.status(networkId);
  }

  /** flake.lock as the head commit holds it (null: none, or no repository yet). */
  private async lockAtHead(networkId: string): Promise<string | null> {
    const repo = this.repos.repo(networkId);
    const head = await repo.head();
    return head ? repo.readFile(LOCK_FILE, head) : null;
  }

  // ── status ───────────────────────────────────────────────────────────────

  async status(networkId: string): Promise<UpdatesDto> {
    const network = await this.network(networkId);
    const [preview, rollout, settings] = await Promise.all([
      this.previews.latest(networkId),
      this.rollouts.current(networkId),
      this.rollouts.settings(networkId),
    ]);
    const rest = { preview, rollout, ...settings };
    if (!network.upstream) return { upstream: null, inputs: [], ...rest };
    const [row, lockText] = await Promise.all([this.rows.findOne({ where: { networkId, input: INPUT } }), this.lockAtHead(networkId)]);
    // What runs now is read from the head, so a lock committed since the last check shows at once.
    const current = lockedInput(lockText, INPUT);
    const currentRev = current?.rev ?? row?.currentRev ?? null;
    const currentDate = current ? fromEpochSeconds(current.lastModified) : (row?.currentModifiedAt ?? null);
    return {
      upstream: network.upstream,
      inputs: [
        {
          input: INPUT,
          currentRev,
          currentDate: currentDate?.toISOString() ?? null,
          latestRev: row?.latestRev ?? null,
          latestDate: row?.latestModifiedAt?.toISOString() ?? null,
          available: updateAvailable(currentRev, row?.latestRev ?? null),
          checkedAt: row?.checkedAt.toISOString() ?? null,
          error: row?.error ?? null,
        },
      ],
      ...rest,
    };
  }

  // ── checks ───────────────────────────────────────────────────────────────

  /** POST …/updates/check: a task; 409 when the network follows no upstream or a check is already queued or running. */
  async checkNow(principal: Principal, networkId: string): Promise<TaskStartedDto> {
    const network = await this.network(networkId);
    if (!network.upstream)
      throw conflict(`${network.name} follows no upstream, so there is nothing to check: set one first (PUT …/updates/upstream).`);
    return this.start(networkId, 'manual', principal.userId);
  }

  private start(networkId: string, trigger: 'manual' | 'schedule', userId: string | null): Promise<TaskStartedDto> {
    return this.lock.run(`update-check:${networkId}`, async () => {
      const busy = await this.taskRows.findOne({
        where: { type: JobName.UpdateCheck, networkId, status: In([TaskStatus.Queued, TaskStatus.Running]) },
      });
      if (busy) throw conflict(`An update check of this network is already ${busy.status} (task ${busy.id}); wait for it to finish.`);
      return this.tasks.start(JobName.UpdateCheck, { trigger }, { userId, networkId });
    });
  }

  /** One beat of the schedule: a check of every network that follows an upstream. */
  @JobHandler(InternalJobName.UpdateCheckSweep)
  async sweep(): Promise<void> {
    const following = await this.networks.find({ where: { upstream: Not(IsNull()) }, select: { id: true, name: true } });
    for (const n of following) {
      await this.start(n.id, 'schedule', null).catch((err: unknown) =>
        this.logger.log(`scheduled update check of ${n.name} skipped: ${(err as Error).message}`),
      );
    }
  }

  @JobHandler(JobName.UpdateCheck)
  async check(ctx: JobContext<JobName.UpdateCheck>): Promise<Record<string, unknown>> {
    if (!ctx.networkId) throw new Error('This task names no network.');
    const network = await this.network(ctx.networkId);
    if (!network.upstream) {
      await ctx.log('info', `${network.name} follows no upstream any more; nothing to check.`);
      return { available: false };
    }
    const upstream = network.upstream;
    const current = lockedInput(await this.lockAtHead(network.id), INPUT);
    await ctx.log('info', `${network.name} follows ${upstream}; flake.lock pins ${current ? short(current.rev) : 'nothing'}.`);
    await ctx.progress(10, `Reading ${upstream}`);
    const row = this.rows.create({
      networkId: network.id,
      input: INPUT,
      currentRev: current?.rev ?? null,
      currentModifiedAt: fromEpochSeconds(current?.lastModified ?? null),
      latestRev: null,
      latestModifiedAt: null,
      checkedAt: new Date(),
      error: null,
    });
    try {
      const latest = await this.nix.latest(upstream, ctx.signal);
      row.latestRev = latest.rev;
      row.latestModifiedAt = fromEpochSeconds(latest.lastModified);
    } catch (err) {
      if (!(err instanceof UpstreamNixError)) throw err;
      const previous = await this.rows.findOne({ where: { networkId: network.id, input: INPUT } });
      row.latestRev = previous?.latestRev ?? null;
      row.latestModifiedAt = previous?.latestModifiedAt ?? null;
      row.error = `The upstream ${upstream} could not be read: ${err.message}`;
      await this.rows.save(row);
      throw new Error(row.error);
    }
    await this.rows.save(row);
    const available = updateAvailable(row.currentRev, row.latestRev);
    await ctx.log(
      'info',
      available
        ? `Update available: ${upstream} is at ${short(row.latestRev)}, flake.lock pins ${short(row.currentRev as string)}.`
        : `Up to date: ${upstream} is at ${short(row.latestRev)}.`,
    );
    if (available) await this.notifyAvailable(network, row);
    // Automatic updates: a found update is previewed at once, and rolled out in the next window (rollout/auto-updates.ts).
    if (available && network.autoUpdate) await this.autoUpdates.afterCheck(network.id, row.latestRev);
    await ctx.progress(100, available ? 'Update available' : 'Up to date');
    return { available, currentRev: row.currentRev, latestRev: row.latestRev };
  }

  /** Once per new upstream revision: the subject's state is that revision, and the notifications module tells only changes. */
  private async notifyAvailable(network: NetworkEntity, row: NetworkUpdateEntity): Promise<void> {
    const latest = row.latestRev as string;
    const date = row.latestModifiedAt ? ` (${row.latestModifiedAt.toISOString().slice(0, 10)})` : '';
    const since = row.currentModifiedAt ? `, from ${row.currentModifiedAt.toISOString().slice(0, 10)}` : '';
    await this.notifications
      .emit({
        kind: 'update.available',
        severity: 'info',
        networkId: network.id,
        subject: `update:${network.id}:${row.input}`,
        state: `available:${latest}`,
        title: `Updates available for ${network.name}`,
        message: `${network.upstream ?? 'The upstream'} is at ${short(latest)}${date}; ${network.name} builds from ${short(row.currentRev ?? '')}${since}.`,
        link: `/networks/${network.id}`,
      })
      .catch((err: unknown) => this.logger.warn(`notification not sent: ${(err as Error).message}`));
  }
}
