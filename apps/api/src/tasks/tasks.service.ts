import { ErrorCode, isTerminalTaskStatus, Privilege, TaskStatus } from '@clan/contracts';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AccessService } from '../common/authz/access.service';
import type { Principal } from '../common/authz/principal';
import { DomainError, forbidden, notFound } from '../common/errors/domain-error';
import { PubSub } from '../services/queue/pubsub.service';
import { HostIdentity } from '../fleet/host-identity.service';
import { isJobName, type JobName, type JobPayloads } from '../services/queue/queue.catalogue';
import { QueueService } from '../services/queue/queue.service';
import type { TaskDto, TaskListDto, TaskLogDto } from './dto/task.dto';
import type { ListTasksQuery, TaskLogQuery } from './dto/list-tasks.query';
import { TASK_CANCEL_CHANNEL, type TaskCancelMessage } from './task-events';
import { toTaskDto } from './task.mapper';
import type { TaskEntity } from './task.entity';
import { TaskStore, type TaskVisibility } from './task.store';

export interface TaskOrigin {
  /** Who starts it (null for the system itself). */
  userId: string | null;
  networkId?: string | null;
  machine?: string | null;
  /** The host a job placed on a machine's host runs on when it is not the machine's (a migration's steps, docs/fleet.md). */
  hostId?: string | null;
}

/**
 * Privilege that lets a network member cancel tasks they did not start. It is
 * held by owners and admins: stopping work in a network is an operational act
 * like powering a machine off.
 */
export const CANCEL_OTHERS_PRIVILEGE = Privilege.MachinePowerMgmt;

@Injectable()
export class TasksService implements OnModuleInit {
  private readonly logger = new Logger('Tasks');

  constructor(
    private readonly store: TaskStore,
    private readonly queue: QueueService,
    private readonly access: AccessService,
    private readonly pubsub: PubSub,
    private readonly hosts: HostIdentity,
  ) {}

  onModuleInit(): void {
    // Lets @NetworkAccess(…, 'task') resolve :taskId to its network and starter.
    this.access.registerResolver('task', (id) => this.store.owner(id));
  }

  /**
   * Records a task (queued) and enqueues its job. If Redis is briefly away the
   * task stays queued and reconciliation enqueues it later.
   */
  async start<N extends JobName>(jobName: N, payload: JobPayloads[N], origin: TaskOrigin): Promise<{ taskId: string }> {
    const queue = await this.hosts.queueFor(jobName, origin);
    const task = await this.store.create({
      type: jobName,
      queue,
      payload,
      userId: origin.userId,
      networkId: origin.networkId ?? null,
      machine: origin.machine ?? null,
    });
    try {
      await this.queue.add(queue, jobName, task.id);
    } catch (err) {
      this.logger.warn(`task ${task.id} stays queued until Redis accepts it: ${(err as Error).message}`);
    }
    return { taskId: task.id };
  }

  /**
   * The panel withdraws a task that has not started (a newer request replaces
   * it): cancelled with `reason`, its job removed. False when it already started.
   */
  async withdrawQueued(taskId: string, reason: string): Promise<boolean> {
    const cancelled = await this.store.cancelQueued(taskId, reason);
    if (!cancelled) return false;
    if (isJobName(cancelled.type)) {
      await this.queue
        .remove(cancelled.queue, taskId)
        .catch((err: unknown) => this.logger.warn(`removing job of ${taskId}: ${(err as Error).message}`));
    }
    await this.store.appendLog(cancelled, 'info', reason);
    return true;
  }

  async visibilityFor(principal: Principal): Promise<TaskVisibility> {
    const networks = await this.access.networksWith(principal, Privilege.NetworkAudit);
    return networks === 'all' ? 'all' : { networkIds: networks, userId: principal.userId };
  }

  /** Same rule as GET /api/tasks, for one task (used by the WebSocket fan-out). */
  static visibleTo(visibility: TaskVisibility, task: Pick<TaskDto, 'networkId' | 'userId'>): boolean {
    if (visibility === 'all') return true;
    return task.userId === visibility.userId || (task.networkId !== null && visibility.networkIds.includes(task.networkId));
  }

  async list(principal: Principal, q: ListTasksQuery): Promise<TaskListDto> {
    const { items, total } = await this.store.list(
      {
        type: q.type,
        networkId: q.networkId,
        machine: q.machine,
        userId: q.userId,
        status: q.status,
        since: q.since ? new Date(q.since) : undefined,
        until: q.until ? new Date(q.until) : undefined,
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
      },
      await this.visibilityFor(principal),
    );
    return { items: items.map(toTaskDto), total };
  }

  async get(taskId: string): Promise<TaskDto> {
    return toTaskDto(await this.require(taskId));
  }

  async log(taskId: string, q: TaskLogQuery): Promise<TaskLogDto> {
    await this.require(taskId);
    return this.store.listLogs(taskId, q.after ?? 0, q.limit ?? 500);
  }

  /**
   * Queued: cancelled at once and its job removed. Running: flagged and the
   * worker told over Redis; the handler's signal aborts and the runner records
   * `cancelled` (answered here as still running, `cancelRequested: true`).
   */
  async cancel(principal: Principal, taskId: string): Promise<TaskDto> {
    const task = await this.require(taskId);
    await this.assertMayCancel(principal, task);
    const notCancellable = (status: TaskStatus) =>
      new DomainError(
        ErrorCode.TaskNotCancellable,
        `This task has already ${status === TaskStatus.Succeeded ? 'succeeded' : status}; there is nothing to cancel.`,
      );
    if (isTerminalTaskStatus(task.status)) throw notCancellable(task.status);

    if (task.status === TaskStatus.Queued) {
      const cancelled = await this.store.cancelQueued(taskId, `Cancelled by ${principal.username} before it started.`);
      if (cancelled) {
        if (isJobName(cancelled.type)) {
          await this.queue
            .remove(cancelled.queue, taskId)
            .catch((err: unknown) => this.logger.warn(`removing job of ${taskId}: ${(err as Error).message}`));
        }
        await this.store.appendLog(cancelled, 'warn', `Cancelled by ${principal.username} before it started.`);
        return toTaskDto(cancelled);
      }
    }
    const flagged = await this.store.requestCancel(taskId);
    if (flagged) {
      await this.store.appendLog(flagged, 'warn', `Cancel requested by ${principal.username}.`);
      await this.pubsub.publish(TASK_CANCEL_CHANNEL, { taskId } satisfies TaskCancelMessage);
      return toTaskDto(flagged);
    }
    // It finished (or was cancelled) between our read and the update.
    const now = await this.require(taskId);
    if (isTerminalTaskStatus(now.status)) throw notCancellable(now.status);
    return toTaskDto(now);
  }

  private async assertMayCancel(principal: Principal, task: TaskEntity): Promise<void> {
    if (principal.isHostAdmin || (task.userId !== null && task.userId === principal.userId)) return;
    if (task.networkId && (await this.access.can(principal, CANCEL_OTHERS_PRIVILEGE, task.networkId))) return;
    throw forbidden(
      `Only the user who started this task, an owner or admin of its network (${CANCEL_OTHERS_PRIVILEGE}) or a host admin can cancel it.`,
    );
  }

  private async require(taskId: string): Promise<TaskEntity> {
    const task = await this.store.find(taskId);
    if (!task) throw notFound('The task');
    return task;
  }
}
