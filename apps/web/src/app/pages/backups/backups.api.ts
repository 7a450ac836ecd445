import { Injectable, inject } from '@angular/core';
import type { components } from '@clan/api-client';
import { Api } from '../../core/api/api';

type Schemas = components['schemas'];
export type FamilyView = Schemas['FamilyViewDto'];
export type FamilyDeviceView = Schemas['FamilyDeviceDto'];
export type NetworkBackupStatusView = Schemas['NetworkBackupStatusDto'];
export type BackupSubjectView = Schemas['BackupSubjectStatusDto'];
export type BackupPolicyView = Schemas['BackupPolicyDto'];
export type BackupRepositoryView = Schemas['BackupRepositoryDto'];
export type UsageSampleView = Schemas['UsageSampleDto'];
export type SnapshotView = Schemas['SnapshotDto'];
export type TreeEntryView = Schemas['TreeEntryDto'];
export type TreeListingView = Schemas['TreeListingDto'];
type CreatePolicyDto = Schemas['CreateBackupPolicyDto'];
/**
 * The generated type marks every field with a default as required; the API
 * takes them as optional (absent: its default, e.g. the machine's own keep-*).
 */
export type CreateBackupPolicyRequest = Partial<CreatePolicyDto> & Pick<CreatePolicyDto, 'repositoryId' | 'subjectKind' | 'subjectName'>;

/**
 * The backup routes (tag `backups`, docs/backups.md) through the generated
 * client, kept beside the pages that use them (the family page and the
 * network's Backups tab): one method per route, typed.
 */
@Injectable({ providedIn: 'root' })
export class BackupsApi {
  private readonly api = inject(Api);
  private readonly client = this.api.client;

  mine(): Promise<FamilyView> {
    return this.api.call(this.client.GET('/api/backups/mine'));
  }

  status(networkId: string): Promise<NetworkBackupStatusView> {
    return this.api.call(this.client.GET('/api/networks/{networkId}/backups/status', { params: { path: { networkId } } }));
  }

  async policies(networkId: string): Promise<BackupPolicyView[]> {
    const list = await this.api.call(this.client.GET('/api/networks/{networkId}/backups/policies', { params: { path: { networkId } } }));
    return list.items;
  }

  createPolicy(networkId: string, body: CreateBackupPolicyRequest): Promise<BackupPolicyView> {
    return this.api.call(
      this.client.POST('/api/networks/{networkId}/backups/policies', { params: { path: { networkId } }, body: body as CreatePolicyDto }),
    );
  }

  async repositories(networkId: string): Promise<BackupRepositoryView[]> {
    const list = await this.api.call(
      this.client.GET('/api/networks/{networkId}/backups/repositories', { params: { path: { networkId } } }),
    );
    return list.items;
  }

  async usage(networkId: string, repositoryId: string, since?: string): Promise<UsageSampleView[]> {
    const answer = await this.api.call(
      this.client.GET('/api/networks/{networkId}/backups/repositories/{repositoryId}/usage', {
        params: { path: { networkId, repositoryId }, query: since ? { since } : {} },
      }),
    );
    return answer.samples;
  }

  /** Starts a backup task; the answer is the task to follow. */
  async run(networkId: string, policyId: string): Promise<string> {
    const started = await this.api.call(
      this.client.POST('/api/networks/{networkId}/backups/policies/{policyId}/run', { params: { path: { networkId, policyId } } }),
    );
    return started.taskId;
  }

  async snapshots(networkId: string, repositoryId: string, policyId?: string): Promise<SnapshotView[]> {
    const list = await this.api.call(
      this.client.GET('/api/networks/{networkId}/backups/repositories/{repositoryId}/snapshots', {
        params: { path: { networkId, repositoryId }, query: policyId ? { policyId } : {} },
      }),
    );
    return list.items;
  }

  tree(networkId: string, repositoryId: string, snapshotId: string, path: string): Promise<TreeListingView> {
    return this.api.call(
      this.client.GET('/api/networks/{networkId}/backups/repositories/{repositoryId}/snapshots/{snapshotId}/tree', {
        params: { path: { networkId, repositoryId, snapshotId }, query: { path } },
      }),
    );
  }

  /** Restores `path` to where it came from (no target); the answer is the task to follow. */
  async restore(networkId: string, repositoryId: string, snapshotId: string, path: string): Promise<string> {
    const started = await this.api.call(
      this.client.POST('/api/networks/{networkId}/backups/repositories/{repositoryId}/snapshots/{snapshotId}/restore', {
        params: { path: { networkId, repositoryId, snapshotId } },
        body: { path },
      }),
    );
    return started.taskId;
  }
}
