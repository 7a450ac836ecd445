import { type components, unwrap } from '@clan/api-client';
import type { PanelApi } from '../lib/api';

type Schemas = components['schemas'];
export type BackupPolicy = Schemas['BackupPolicyDto'];
export type BackupRepository = Schemas['BackupRepositoryDto'];
export type BackupSnapshot = Schemas['SnapshotDto'];
export type NetworkBackupStatus = Schemas['NetworkBackupStatusDto'];
export type BackupSubjectStatus = Schemas['BackupSubjectStatusDto'];
export type FamilyView = Schemas['FamilyViewDto'];
export type TaskStarted = Schemas['TaskStartedDto'];

/** The backup routes (tag `backups`, docs/backups.md) on the PanelApi's client. */
export class BackupApi {
  constructor(private readonly api: PanelApi) {}

  private get client() {
    return this.api.client;
  }

  policies(networkId: string): Promise<{ items: BackupPolicy[]; total: number }> {
    return unwrap(this.client.GET('/api/networks/{networkId}/backups/policies', { params: { path: { networkId } } }));
  }

  repositories(networkId: string): Promise<{ items: BackupRepository[]; total: number }> {
    return unwrap(this.client.GET('/api/networks/{networkId}/backups/repositories', { params: { path: { networkId } } }));
  }

  snapshots(networkId: string, repositoryId: string, policyId?: string): Promise<{ items: BackupSnapshot[]; total: number }> {
    return unwrap(
      this.client.GET('/api/networks/{networkId}/backups/repositories/{repositoryId}/snapshots', {
        params: { path: { networkId, repositoryId }, query: policyId ? { policyId } : {} },
      }),
    );
  }

  run(networkId: string, policyId: string): Promise<TaskStarted> {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/backups/policies/{policyId}/run', { params: { path: { networkId, policyId } } }),
    );
  }

  restore(networkId: string, repositoryId: string, snapshotId: string, path: string, target?: string): Promise<TaskStarted> {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/backups/repositories/{repositoryId}/snapshots/{snapshotId}/restore', {
        params: { path: { networkId, repositoryId, snapshotId } },
        body: target ? { path, target } : { path },
      }),
    );
  }

  status(networkId: string): Promise<NetworkBackupStatus> {
    return unwrap(this.client.GET('/api/networks/{networkId}/backups/status', { params: { path: { networkId } } }));
  }

  mine(): Promise<FamilyView> {
    return unwrap(this.client.GET('/api/backups/mine'));
  }
}
