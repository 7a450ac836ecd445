import { ErrorCode } from '@clan/contracts';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../../common/authz/principal';
import { conflict, DomainError } from '../../common/errors/domain-error';
import { JobName } from '../../services/queue/queue.catalogue';
import type { TaskStartedDto } from '../../tasks/dto/task.dto';
import { GenerationStatus } from '../../vms/generation.entity';
import { GenerationsStore } from '../../vms/generations.service';
import { BackupPolicies } from '../backup-policies.service';
import { BackupRepositories } from '../backup-repositories.service';
import { BackupTasks } from '../backup-tasks.service';
import { parseSnapshots } from '../restic/restic-output';
import { ResticService } from '../restic/restic.service';
import { generationGone } from './machine-restore.job';
import type { WholeMachineRestoreDto } from './machine-restore.dto';
import { restorePointOf } from './machine-restore-plan';

/** Starts whole-machine restores after the checks that answer at once (409 with a sentence). */
@Injectable()
export class MachineRestores {
  constructor(
    private readonly repositories: BackupRepositories,
    private readonly policies: BackupPolicies,
    private readonly restic: ResticService,
    private readonly generations: GenerationsStore,
    private readonly tasks: BackupTasks,
  ) {}

  async start(principal: Principal, networkId: string, machine: string, dto: WholeMachineRestoreDto): Promise<TaskStartedDto> {
    const repo = await this.repositories.require(networkId, dto.repositoryId);
    const listed = await this.restic
      .ok(this.repositories.open(repo), ['snapshots', '--json', '--no-lock', dto.snapshotId], `restic snapshots of ${repo.name}`)
      .catch((err: unknown) => {
        throw conflict(`Backup repository ${repo.name} could not be read: ${(err as Error).message}`);
      });
    const snapshot = parseSnapshots(listed.stdout)[0];
    if (!snapshot) throw new DomainError(ErrorCode.NotFound, `Backup repository ${repo.name} has no snapshot ${dto.snapshotId}.`);
    const policies = await this.policies.rows.findBy({ networkId, subjectKind: 'machine', subjectName: machine });
    const point = restorePointOf(snapshot, machine, policies);
    if (!point.ok) throw conflict(point.reason);
    const g = await this.generations.get(networkId, machine, point.generation);
    if (!g || g.status === GenerationStatus.Collected) throw conflict(generationGone(machine, point.generation, snapshot.shortId));
    const policy = policies.find((p) => p.id === point.policyId) ?? null;
    return this.tasks.start(
      JobName.BackupMachineRestore,
      { repositoryId: repo.id, snapshotId: snapshot.id, machine },
      { userId: principal.userId, networkId, policy },
      { key: 'machine', value: machine, what: machine },
    );
  }
}
