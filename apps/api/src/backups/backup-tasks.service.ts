import { TaskStatus } from '@clan/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { conflict } from '../common/errors/domain-error';
import { ConfigLock } from '../configs/config-lock.service';
import { JobName, type JobPayloads } from '../services/queue/queue.catalogue';
import { TaskEntity } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import type { BackupPolicyEntity } from './backup-policy.entity';

type BackupJob =
  | JobName.BackupInit
  | JobName.BackupRun
  | JobName.BackupPrune
  | JobName.BackupCheck
  | JobName.BackupRestore
  | JobName.BackupVerify
  | JobName.BackupMachineRestore;

const WORDS: Record<BackupJob, string> = {
  [JobName.BackupInit]: 'an initialisation',
  [JobName.BackupRun]: 'a backup',
  [JobName.BackupPrune]: 'a prune',
  [JobName.BackupCheck]: 'a check',
  [JobName.BackupRestore]: 'a restore',
  [JobName.BackupVerify]: 'a verified restore',
  [JobName.BackupMachineRestore]: 'a whole-machine restore',
};

/**
 * Starts backup tasks. One backup (or prune) per policy and one check or
 * init per repository may be queued or running; people get a 409, schedules
 * skip a beat. Runs that touch one repository are also serialised in the jobs.
 */
@Injectable()
export class BackupTasks {
  constructor(
    private readonly tasks: TasksService,
    private readonly lock: ConfigLock,
    @InjectRepository(TaskEntity) private readonly taskRows: Repository<TaskEntity>,
  ) {}

  /** A queued or running task of `job` in the network whose payload has `key` = `value` (machine names repeat across networks). */
  async active(job: BackupJob, networkId: string, key: string, value: string): Promise<TaskEntity | null> {
    return this.taskRows
      .createQueryBuilder('t')
      .where({ type: job, networkId, status: In([TaskStatus.Queued, TaskStatus.Running]) })
      .andWhere(`t.payload ->> :key = :value`, { key, value })
      .orderBy('t.created_at', 'ASC')
      .getOne();
  }

  async start<N extends BackupJob>(
    job: N,
    payload: JobPayloads[N],
    origin: { userId: string | null; networkId: string; policy?: BackupPolicyEntity | null },
    exclusiveOn: { key: string; value: string; what: string } | null,
  ): Promise<{ taskId: string }> {
    const run = async () => {
      if (exclusiveOn) {
        const busy = await this.active(job, origin.networkId, exclusiveOn.key, exclusiveOn.value);
        if (busy) {
          throw conflict(
            `${exclusiveOn.what} already has ${WORDS[job]} ${busy.status} (task ${busy.id}); wait for it to finish or cancel it, then try again.`,
          );
        }
      }
      const machine = origin.policy?.subjectKind === 'machine' ? origin.policy.subjectName : null;
      return this.tasks.start(job, payload, { userId: origin.userId, networkId: origin.networkId, machine });
    };
    return exclusiveOn ? this.lock.run(`backup:${job}:${origin.networkId}:${exclusiveOn.value}`, run) : run();
  }
}
