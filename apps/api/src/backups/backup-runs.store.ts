import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BackupPolicyEntity } from './backup-policy.entity';
import { type BackupRunKind, BackupRunEntity, type BackupRunSource, type BackupRunSummary } from './backup-run.entity';
import type { BackupRunDto, BackupRunListDto } from './dto/run.dto';

export interface RunStart {
  networkId: string;
  repositoryId: string;
  policyId: string | null;
  kind: BackupRunKind;
  source: BackupRunSource;
  taskId: string | null;
  startedAt?: Date;
}

export interface RunEnd {
  status: 'succeeded' | 'failed';
  errorClass?: string | null;
  error?: string | null;
  snapshotId?: string | null;
  summary?: BackupRunSummary;
  finishedAt?: Date;
}

/** Run rows, and the policy's `last_*` columns they move. */
@Injectable()
export class BackupRuns {
  constructor(
    @InjectRepository(BackupRunEntity) readonly rows: Repository<BackupRunEntity>,
    @InjectRepository(BackupPolicyEntity) private readonly policies: Repository<BackupPolicyEntity>,
  ) {}

  async start(r: RunStart): Promise<BackupRunEntity> {
    return this.rows.save(
      this.rows.create({
        ...r,
        startedAt: r.startedAt ?? new Date(),
        status: 'running',
        errorClass: null,
        error: null,
        finishedAt: null,
        durationMs: null,
        snapshotId: null,
        summary: {},
      }),
    );
  }

  async finish(run: BackupRunEntity, end: RunEnd): Promise<BackupRunEntity> {
    const finishedAt = end.finishedAt ?? new Date();
    run.status = end.status;
    run.errorClass = end.errorClass ?? null;
    run.error = end.error ?? null;
    run.snapshotId = end.snapshotId ?? null;
    run.summary = end.summary ?? {};
    run.finishedAt = finishedAt;
    run.durationMs = Math.max(0, finishedAt.getTime() - run.startedAt.getTime());
    await this.rows.save(run);
    if (run.kind === 'backup' && run.policyId) await this.recordOnPolicy(run, run.policyId);
    return run;
  }

  /** A backup's outcome on its policy; lastSuccessAt only moves forward. */
  private async recordOnPolicy(run: BackupRunEntity, policyId: string): Promise<void> {
    const at = run.finishedAt ?? new Date();
    const patch: Partial<BackupPolicyEntity> = {
      lastRunAt: at,
      lastRunStatus: run.status,
      lastErrorClass: run.errorClass,
      lastError: run.error,
    };
    if (run.source === 'checkin') patch.lastCheckinAt = new Date();
    await this.policies.update({ id: policyId }, patch);
    if (run.status === 'succeeded') {
      await this.policies
        .createQueryBuilder()
        .update()
        .set({ lastSuccessAt: at, lastSnapshotId: run.snapshotId })
        .where('id = :id AND (last_success_at IS NULL OR last_success_at < :at)', { id: policyId, at })
        .execute();
    }
  }

  async list(policyId: string, q: { kind?: BackupRunKind; limit?: number; offset?: number }): Promise<BackupRunListDto> {
    const [items, total] = await this.rows.findAndCount({
      where: { policyId, ...(q.kind ? { kind: q.kind } : {}) },
      order: { startedAt: 'DESC' },
      take: q.limit ?? 50,
      skip: q.offset ?? 0,
    });
    return { items: items.map(toRunDto), total };
  }

  async activeFor(policyId: string, kind: BackupRunKind): Promise<BackupRunEntity | null> {
    return this.rows.findOne({ where: { policyId, kind, status: 'running' }, order: { startedAt: 'DESC' } });
  }
}

export function toRunDto(r: BackupRunEntity): BackupRunDto {
  return {
    id: r.id,
    policyId: r.policyId,
    repositoryId: r.repositoryId,
    kind: r.kind,
    source: r.source,
    taskId: r.taskId,
    status: r.status,
    errorClass: r.errorClass,
    error: r.error,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs: r.durationMs,
    snapshotId: r.snapshotId,
    summary: r.summary,
  };
}
