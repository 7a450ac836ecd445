import type { ClanClient } from '../client';
import { unwrap } from '../errors';
import type { Schemas } from './types';

type CreatePolicyDto = Schemas['CreateBackupPolicyDto'];
/**
 * A new policy. The generated type marks every field with a default as
 * required; the API takes them as optional (absent: its default, e.g. the
 * machine's own keep-*).
 */
export type CreateBackupPolicy = Partial<CreatePolicyDto> & Pick<CreatePolicyDto, 'repositoryId' | 'subjectKind' | 'subjectName'>;

/** Backups (docs/backups.md): policies, repositories, snapshots, runs and restores. */
export class BackupsApi {
  constructor(private readonly client: ClanClient) {}

  /** The signed-in user's own devices and their backups. */
  mine() {
    return unwrap(this.client.GET('/api/backups/mine'));
  }

  status(networkId: string) {
    return unwrap(this.client.GET('/api/networks/{networkId}/backups/status', { params: { path: { networkId } } }));
  }

  policies(networkId: string) {
    return unwrap(this.client.GET('/api/networks/{networkId}/backups/policies', { params: { path: { networkId } } }));
  }

  createPolicy(networkId: string, body: CreateBackupPolicy) {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/backups/policies', { params: { path: { networkId } }, body: body as CreatePolicyDto }),
    );
  }

  repositories(networkId: string) {
    return unwrap(this.client.GET('/api/networks/{networkId}/backups/repositories', { params: { path: { networkId } } }));
  }

  /** A new repository; without a password the answer carries the generated one, this once. */
  createRepository(networkId: string, body: Schemas['CreateBackupRepositoryDto']) {
    return unwrap(this.client.POST('/api/networks/{networkId}/backups/repositories', { params: { path: { networkId } }, body }));
  }

  updateRepository(networkId: string, repositoryId: string, body: Schemas['UpdateBackupRepositoryDto']) {
    return unwrap(
      this.client.PATCH('/api/networks/{networkId}/backups/repositories/{repositoryId}', {
        params: { path: { networkId, repositoryId } },
        body,
      }),
    );
  }

  /** Forgets the repository in the panel (409 while policies use it); its data stays where it is. */
  deleteRepository(networkId: string, repositoryId: string) {
    return unwrap(
      this.client.DELETE('/api/networks/{networkId}/backups/repositories/{repositoryId}', {
        params: { path: { networkId, repositoryId } },
      }),
    );
  }

  /** Starts `restic init`; the answer is the task to follow. */
  initRepository(networkId: string, repositoryId: string) {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/backups/repositories/{repositoryId}/init', {
        params: { path: { networkId, repositoryId } },
      }),
    );
  }

  usage(networkId: string, repositoryId: string, since?: string) {
    return unwrap(
      this.client.GET('/api/networks/{networkId}/backups/repositories/{repositoryId}/usage', {
        params: { path: { networkId, repositoryId }, query: since ? { since } : {} },
      }),
    );
  }

  /** Starts a backup now; the answer is the task to follow. */
  run(networkId: string, policyId: string) {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/backups/policies/{policyId}/run', { params: { path: { networkId, policyId } } }),
    );
  }

  /** Starts a verified restore: the latest snapshot boots in a throw-away VM; the answer is the task to follow. */
  verify(networkId: string, policyId: string) {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/backups/policies/{policyId}/verify', { params: { path: { networkId, policyId } } }),
    );
  }

  snapshots(networkId: string, repositoryId: string, policyId?: string) {
    return unwrap(
      this.client.GET('/api/networks/{networkId}/backups/repositories/{repositoryId}/snapshots', {
        params: { path: { networkId, repositoryId }, query: policyId ? { policyId } : {} },
      }),
    );
  }

  tree(networkId: string, repositoryId: string, snapshotId: string, path: string) {
    return unwrap(
      this.client.GET('/api/networks/{networkId}/backups/repositories/{repositoryId}/snapshots/{snapshotId}/tree', {
        params: { path: { networkId, repositoryId, snapshotId }, query: { path } },
      }),
    );
  }

  /** Restores `path` to where it came from, or under `target`; the answer is the task to follow. */
  restore(networkId: string, repositoryId: string, snapshotId: string, path: string, target?: string) {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/backups/repositories/{repositoryId}/snapshots/{snapshotId}/restore', {
        params: { path: { networkId, repositoryId, snapshotId } },
        body: target ? { path, target } : { path },
      }),
    );
  }

  /** Restores `path` of a machine's snapshot into the running machine (its VM controller does it); answers when done. */
  restoreInMachine(networkId: string, repositoryId: string, snapshotId: string, path: string) {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/backups/repositories/{repositoryId}/snapshots/{snapshotId}/restore-in-machine', {
        params: { path: { networkId, repositoryId, snapshotId } },
        body: { path },
      }),
    );
  }

  /** Brings a whole machine back as its snapshot recorded it (state disk, revision, generation); the answer is the task to follow. */
  restoreWholeMachine(networkId: string, machine: string, repositoryId: string, snapshotId: string) {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/machines/{machine}/restore', {
        params: { path: { networkId, machine } },
        body: { repositoryId, snapshotId },
      }),
    );
  }
}
