import type { TaskStatus } from '@clan/contracts';
import type { TaskDto, TaskLogLineDto } from './dto/task.dto';
import type { TaskLogEntity } from './task-log.entity';
import { TaskEntity } from './task.entity';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toTaskDto(t: TaskEntity): TaskDto {
  return {
    id: t.id,
    type: t.type,
    queue: t.queue,
    status: t.status,
    progress: t.progress,
    message: t.message,
    networkId: t.networkId,
    machine: t.machine,
    userId: t.userId,
    userName: t.userName ?? null,
    result: t.result,
    error: t.error,
    cancelRequested: t.cancelRequested,
    createdAt: t.createdAt.toISOString(),
    startedAt: iso(t.startedAt),
    finishedAt: iso(t.finishedAt),
  };
}

export function toLogLineDto(l: Pick<TaskLogEntity, 'seq' | 'at' | 'level' | 'text'>): TaskLogLineDto {
  return { seq: l.seq, at: l.at.toISOString(), level: l.level, text: l.text };
}

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

/** A `RETURNING *` row of `tasks` as an entity. */
export function taskFromRow(r: Record<string, unknown>): TaskEntity {
  const t = new TaskEntity();
  t.id = String(r['id']);
  t.type = String(r['type']);
  t.queue = String(r['queue']);
  t.status = r['status'] as TaskStatus;
  t.progress = Number(r['progress']);
  t.message = (r['message'] as string | null) ?? null;
  t.networkId = (r['network_id'] as string | null) ?? null;
  t.machine = (r['machine'] as string | null) ?? null;
  t.userId = (r['user_id'] as string | null) ?? null;
  t.userName = (r['user_name'] as string | null) ?? null;
  t.payload = (r['payload'] as Record<string, unknown>) ?? {};
  t.result = (r['result'] as Record<string, unknown> | null) ?? null;
  t.error = (r['error'] as string | null) ?? null;
  t.cancelRequested = Boolean(r['cancel_requested']);
  t.workerId = (r['worker_id'] as string | null) ?? null;
  t.heartbeatAt = date(r['heartbeat_at']);
  t.createdAt = date(r['created_at']) ?? new Date();
  t.startedAt = date(r['started_at']);
  t.finishedAt = date(r['finished_at']);
  return t;
}
