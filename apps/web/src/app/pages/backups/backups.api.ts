import { Injectable, inject } from '@angular/core';
import type { components, CreateBackupPolicy } from '@clan/api-client';
import { Api } from '../../core/api/api';

type Schemas = components['schemas'];
export type FamilyView = Schemas['FamilyViewDto'];
export type FamilyDeviceView = Schemas['FamilyDeviceDto'];
export type NetworkBackupStatusView = Schemas['NetworkBackupStatusDto'];
export type BackupSubjectView = Schemas['BackupSubjectStatusDto'];
export type SubjectPolicyStatusView = Schemas['SubjectPolicyStatusDto'];
export type BackupPolicyView = Schemas['BackupPolicyDto'];
export type BackupRepositoryView = Schemas['BackupRepositoryDto'];
/** A repository just created: with the generated password, this once. */
export type CreatedBackupRepositoryView = Schemas['CreatedBackupRepositoryDto'];
export type CreateBackupRepositoryRequest = Schemas['CreateBackupRepositoryDto'];
export type UpdateBackupRepositoryRequest = Schemas['UpdateBackupRepositoryDto'];
export type UsageSampleView = Schemas['UsageSampleDto'];
export type SnapshotView = Schemas['SnapshotDto'];
export type TreeEntryView = Schemas['TreeEntryDto'];
export type TreeListingView = Schemas['TreeListingDto'];
export type MachineRestoreResultView = Schemas['MachineRestoreResultDto'];
/** A new policy: repository and subject are needed, the API fills the rest. */
export type CreateBackupPolicyRequest = CreateBackupPolicy;

/** The backup routes (docs/backups.md) as the pages use them: calls of the shared facade's `backups` group. */
@Injectable({ providedIn: 'root' })
export class BackupsApi {
  private readonly api = inject(Api);
  private readonly backups = this.api.facade.backups;

  mine(): Promise<FamilyView> {
    return this.api.run(this.backups.mine());
  }

  status(networkId: string): Promise<NetworkBackupStatusView> {
    return this.api.run(this.backups.status(networkId));
  }

  async policies(networkId: string): Promise<BackupPolicyView[]> {
    return (await this.api.run(this.backups.policies(networkId))).items;
  }

  createPolicy(networkId: string, body: CreateBackupPolicyRequest): Promise<BackupPolicyView> {
    return this.api.run(this.backups.createPolicy(networkId, body));
  }

  async repositories(networkId: string): Promise<BackupRepositoryView[]> {
    return (await this.api.run(this.backups.repositories(networkId))).items;
  }

  createRepository(networkId: string, body: CreateBackupRepositoryRequest): Promise<CreatedBackupRepositoryView> {
    return this.api.run(this.backups.createRepository(networkId, body));
  }

  /** A new name, or new S3 keys. */
  updateRepository(networkId: string, repositoryId: string, body: UpdateBackupRepositoryRequest): Promise<BackupRepositoryView> {
    return this.api.run(this.backups.updateRepository(networkId, repositoryId, body));
  }

  /** Forgets a repository in the panel (409 with a sentence while policies use it). */
  deleteRepository(networkId: string, repositoryId: string): Promise<BackupRepositoryView> {
    return this.api.run(this.backups.deleteRepository(networkId, repositoryId));
  }

  /** Starts `restic init`; the answer is the task to follow. */
  async initRepository(networkId: string, repositoryId: string): Promise<string> {
    return (await this.api.run(this.backups.initRepository(networkId, repositoryId))).taskId;
  }

  async usage(networkId: string, repositoryId: string, since?: string): Promise<UsageSampleView[]> {
    return (await this.api.run(this.backups.usage(networkId, repositoryId, since))).samples;
  }

  /** Starts a backup task; the answer is the task to follow. */
  async run(networkId: string, policyId: string): Promise<string> {
    return (await this.api.run(this.backups.run(networkId, policyId))).taskId;
  }

  /** Starts a verified restore of a machine policy (docs/backups.md, "Verified restores"); the answer is the task to follow. */
  async verify(networkId: string, policyId: string): Promise<string> {
    return (await this.api.run(this.backups.verify(networkId, policyId))).taskId;
  }

  async snapshots(networkId: string, repositoryId: string, policyId?: string): Promise<SnapshotView[]> {
    return (await this.api.run(this.backups.snapshots(networkId, repositoryId, policyId))).items;
  }

  tree(networkId: string, repositoryId: string, snapshotId: string, path: string): Promise<TreeListingView> {
    return this.api.run(this.backups.tree(networkId, repositoryId, snapshotId, path));
  }

  /** Restores `path` to where it came from (no target); the answer is the task to follow. */
  async restore(networkId: string, repositoryId: string, snapshotId: string, path: string): Promise<string> {
    return (await this.api.run(this.backups.restore(networkId, repositoryId, snapshotId, path))).taskId;
  }

  /** Brings the whole machine back to the snapshot's point in time (docs/backups.md, "Whole-machine restore"); the answer is the task. */
  async restoreWholeMachine(networkId: string, machine: string, repositoryId: string, snapshotId: string): Promise<string> {
    return (await this.api.run(this.backups.restoreWholeMachine(networkId, machine, repositoryId, snapshotId))).taskId;
  }

  /** Restores `path` into the running machine through its VM controller; answers when it is done (409 when the machine is not running). */
  restoreInMachine(networkId: string, repositoryId: string, snapshotId: string, path: string): Promise<MachineRestoreResultView> {
    return this.api.run(this.backups.restoreInMachine(networkId, repositoryId, snapshotId, path));
  }
}
