import { type TaskLogLevel, TaskStatus } from '@clan/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThan, Repository } from 'typeorm';
import { PubSub } from '../services/queue/pubsub.service';
import type { TaskLogLineDto } from './dto/task.dto';
import { TASK_EVENTS_CHANNEL, type TaskEvent } from './task-events';
import { TaskLogEntity } from './task-log.entity';
import { taskFromRow, toLogLineDto, toTaskDto } from './task.mapper';
import { TaskEntity } from './task.entity';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_LOG_TEXT = 16_000;

export interface NewTask {
  type: string;
  queue: string;
  payload: Record<string, unknown>;
  userId: string | null;
  networkId: string | null;
  machine: string | null;
}

export interface TaskFilter {
  type?: string;
  networkId?: string;
  machine?: string;
  userId?: string;
  status?: TaskStatus;
  since?: Date;
  until?: Date;
  limit: number;
  offset: number;
}

/** Whose tasks a caller may see: all (host admin) or those of some networks plus their own. */
export type TaskVisibility = 'all' | { networkIds: string[]; userId: string };

/**
 * The `tasks` and `task_logs` tables. Every state change is one conditional
 * UPDATE (e.g. "… WHERE status = 'queued'"), so concurrent workers,
 * reconcilers and cancel requests cannot both win; each change that lands is
 * published as a task event.
 */
@Injectable()
export class TaskStore {
  private readonly logger = new Logger('TaskStore');

  constructor(
    @InjectRepository(TaskEntity) private readonly tasks: Repository<TaskEntity>,
    @InjectRepository(TaskLogEntity) private readonly logs: Repository<TaskLogEntity>,
    private readonly pubsub: PubSub,
  ) {}

  async create(input: NewTask): Promise<TaskEntity> {
    const userName = input.userId ? await this.nameOf(input.userId) : null;
    const task = await this.tasks.save(this.tasks.create({ ...input, userName, status: TaskStatus.Queued, progress: 0 }));
    this.publishTask(task);
    return task;
  }

  /** The starter's display name (else username), kept on the task so it still reads after the account goes. */
  private async nameOf(userId: string): Promise<string | null> {
    const rows: { name: string }[] = await this.tasks.query(
      "SELECT COALESCE(NULLIF(display_name, ''), username) AS name FROM users WHERE id = $1",
      [userId],
    );
    return rows[0]?.name ?? null;
  }

  async find(id: string): Promise<TaskEntity | null> {
    if (!UUID_RE.test(id)) return null;
    return this.tasks.findOneBy({ id });
  }

  /** Queued or running tasks of these types for one machine, oldest first. */
  async activeFor(networkId: string, machine: string, types: readonly string[]): Promise<TaskEntity[]> {
    return this.tasks.find({
      where: { networkId, machine, type: In([...types]), status: In([TaskStatus.Queued, TaskStatus.Running]) },
      order: { createdAt: 'ASC' },
    });
  }

  async owner(id: string): Promise<{ networkId: string | null; ownerUserId: string | null } | null> {
    if (!UUID_RE.test(id)) return null;
    const t = await this.tasks.findOne({ where: { id }, select: { networkId: true, userId: true } });
    return t ? { networkId: t.networkId, ownerUserId: t.userId } : null;
  }

  async list(filter: TaskFilter, visibility: TaskVisibility): Promise<{ items: TaskEntity[]; total: number }> {
    const qb = this.tasks.createQueryBuilder('t');
    if (visibility !== 'all') {
      if (visibility.networkIds.length) {
        qb.andWhere('(t.network_id IN (:...visibleNetworks) OR t.user_id = :me)', {
          visibleNetworks: visibility.networkIds,
          me: visibility.userId,
        });
      } else {
        qb.andWhere('t.user_id = :me', { me: visibility.userId });
      }
    }
    if (filter.type) qb.andWhere('t.type = :type', { type: filter.type });
    if (filter.networkId) qb.andWhere('t.network_id = :networkId', { networkId: filter.networkId });
    if (filter.machine) qb.andWhere('t.machine = :machine', { machine: filter.machine });
    if (filter.userId) qb.andWhere('t.user_id = :userId', { userId: filter.userId });
    if (filter.status) qb.andWhere('t.status = :status', { status: filter.status });
    if (filter.since) qb.andWhere('t.created_at >= :since', { since: filter.since });
    if (filter.until) qb.andWhere('t.created_at < :until', { until: filter.until });
    qb.orderBy('t.created_at', 'DESC').addOrderBy('t.id', 'DESC').skip(filter.offset).take(filter.limit);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  async listLogs(taskId: string, after: number, limit: number): Promise<{ items: TaskLogLineDto[]; total: number }> {
    const [rows, total] = await this.logs.findAndCount({
      where: { taskId, seq: MoreThan(after) },
      order: { seq: 'ASC' },
      take: limit,
    });
    return { items: rows.map(toLogLineDto), total };
  }

  /** queued → running, owned by `workerId`. Null when the task is not queued (terminal, running elsewhere, gone). */
  claim(id: string, workerId: string): Promise<TaskEntity | null> {
    return this.transition(
      `UPDATE tasks SET status = 'running', worker_id = $2, heartbeat_at = now(), started_at = COALESCE(started_at, now()), error = NULL
       WHERE id = $1 AND status = 'queued' RETURNING *`,
      [id, workerId],
    );
  }

  /** Refreshes the heartbeat. `owned: false` when the task is no longer running on this worker. */
  async heartbeat(id: string, workerId: string): Promise<{ owned: boolean; cancelRequested: boolean }> {
    const rows = await this.rows(
      `UPDATE tasks SET heartbeat_at = now() WHERE id = $1 AND status = 'running' AND worker_id = $2 RETURNING cancel_requested`,
      [id, workerId],
    );
    return rows.length ? { owned: true, cancelRequested: Boolean(rows[0]['cancel_requested']) } : { owned: false, cancelRequested: false };
  }

  progress(id: string, workerId: string, percent: number, message: string | null): Promise<TaskEntity | null> {
    return this.transition(
      `UPDATE tasks SET progress = $3, message = COALESCE($4, message), heartbeat_at = now()
       WHERE id = $1 AND status = 'running' AND worker_id = $2 RETURNING *`,
      [id, workerId, percent, message],
    );
  }

  /** running (on `workerId`) → a terminal state. */
  finish(
    id: string,
    workerId: string,
    outcome:
      | { status: TaskStatus.Succeeded; result: Record<string, unknown> | null }
      | { status: TaskStatus.Failed | TaskStatus.Cancelled; error: string | null; message: string },
  ): Promise<TaskEntity | null> {
    if (outcome.status === TaskStatus.Succeeded) {
      return this.transition(
        `UPDATE tasks SET status = 'succeeded', progress = 100, result = $3::jsonb, finished_at = now(), heartbeat_at = now()
         WHERE id = $1 AND status = 'running' AND worker_id = $2 RETURNING *`,
        [id, workerId, outcome.result === null ? null : JSON.stringify(outcome.result)],
      );
    }
    return this.transition(
      `UPDATE tasks SET status = $3, error = $4, message = $5, finished_at = now(), heartbeat_at = now()
       WHERE id = $1 AND status = 'running' AND worker_id = $2 RETURNING *`,
      [id, workerId, outcome.status, outcome.error, outcome.message],
    );
  }

  /** running (on `workerId`, or on nobody) → failed with `reason`. */
  failRunning(id: string, workerId: string | null, reason: string): Promise<TaskEntity | null> {
    return this.transition(
      `UPDATE tasks SET status = 'failed', error = $3, message = $3, finished_at = now()
       WHERE id = $1 AND status = 'running' AND worker_id IS NOT DISTINCT FROM $2 RETURNING *`,
      [id, workerId, reason],
    );
  }

  /** running (on `workerId`, or on nobody) → queued again, for resumable jobs. */
  requeueRunning(id: string, workerId: string | null, message: string): Promise<TaskEntity | null> {
    return this.transition(
      `UPDATE tasks SET status = 'queued', worker_id = NULL, heartbeat_at = NULL, message = $3
       WHERE id = $1 AND status = 'running' AND worker_id IS NOT DISTINCT FROM $2 RETURNING *`,
      [id, workerId, message],
    );
  }

  cancelQueued(id: string, message: string): Promise<TaskEntity | null> {
    return this.transition(
      `UPDATE tasks SET status = 'cancelled', cancel_requested = true, message = $2, finished_at = now()
       WHERE id = $1 AND status = 'queued' RETURNING *`,
      [id, message],
    );
  }

  failQueued(id: string, reason: string): Promise<TaskEntity | null> {
    return this.transition(
      `UPDATE tasks SET status = 'failed', error = $2, message = $2, finished_at = now() WHERE id = $1 AND status = 'queued' RETURNING *`,
      [id, reason],
    );
  }

  requestCancel(id: string): Promise<TaskEntity | null> {
    return this.transition(`UPDATE tasks SET cancel_requested = true WHERE id = $1 AND status = 'running' RETURNING *`, [id]);
  }

  async running(): Promise<TaskEntity[]> {
    return this.tasks.find({ where: { status: TaskStatus.Running } });
  }

  /** Queued tasks older than `olderThanMs`, oldest first (the ones whose job may have vanished). */
  async queuedBefore(olderThanMs: number, limit = 500): Promise<TaskEntity[]> {
    return this.tasks
      .createQueryBuilder('t')
      .where('t.status = :s', { s: TaskStatus.Queued })
      .andWhere('t.created_at < :before', { before: new Date(Date.now() - olderThanMs) })
      .orderBy('t.created_at', 'ASC')
      .take(limit)
      .getMany();
  }

  /** Appends a log line with the next seq; retried when another writer took the same seq. */
  async appendLog(task: Pick<TaskEntity, 'id' | 'networkId' | 'userId'>, level: TaskLogLevel, text: string): Promise<TaskLogLineDto> {
    const clipped = text.length > MAX_LOG_TEXT ? `${text.slice(0, MAX_LOG_TEXT)}…` : text;
    for (let attempt = 0; ; attempt++) {
      try {
        const rows = await this.rows(
          `INSERT INTO task_logs (task_id, seq, at, level, text)
           SELECT $1, COALESCE(MAX(seq), 0) + 1, now(), $2, $3 FROM task_logs WHERE task_id = $1
           RETURNING seq, at, level, text`,
          [task.id, level, clipped],
        );
        const r = rows[0];
        const line = toLogLineDto({
          seq: Number(r['seq']),
          at: new Date(String(r['at'])),
          level: r['level'] as TaskLogLevel,
          text: String(r['text']),
        });
        this.publish({ type: 'task.log', taskId: task.id, networkId: task.networkId, userId: task.userId, line });
        return line;
      } catch (err) {
        if ((err as { code?: string }).code !== '23505' || attempt >= 5) throw err;
      }
    }
  }

  private async transition(sql: string, params: unknown[]): Promise<TaskEntity | null> {
    const rows = await this.rows(sql, params);
    if (!rows.length) return null;
    const task = taskFromRow(rows[0]);
    this.publishTask(task);
    return task;
  }

  /** TypeORM answers UPDATE … RETURNING with [rows, count] and other statements with rows. */
  private async rows(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    const res = await this.tasks.query<unknown[]>(sql, params);
    return (Array.isArray(res[0]) ? res[0] : res) as Record<string, unknown>[];
  }

  private publishTask(task: TaskEntity): void {
    this.publish({ type: 'task.updated', task: toTaskDto(task) });
  }

  /** Events are best effort: a Redis hiccup must not fail the state change already stored. */
  private publish(event: TaskEvent): void {
    this.pubsub
      .publish(TASK_EVENTS_CHANNEL, event)
      .catch((err: unknown) => this.logger.warn(`publishing ${event.type}: ${(err as Error).message}`));
  }
}
