import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { MeshChanges } from '../../mesh/mesh-changes';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { IpcWorker } from '../../services/process/ipc-worker';
import { ProcessRunner } from '../../services/process/process-runner';
import type { BackupRepoListenSpec, BackupRepoStateMessage, BackupRepoWorkerMessage } from './backup-repo-protocol';
import { MachineRepositories } from './machine-repositories.service';
import { hostMeshAddresses } from './repo-address';

type Applied = Extract<BackupRepoWorkerMessage, { type: 'applied' }>;

/**
 * Runs the backup-repo worker (backup-repo-worker.ts) and keeps it fed, the
 * way PhonebookHost runs the phonebook: every network whose host interface
 * has been applied serves its machines' repositories on the host's mesh
 * addresses (by the layer: .1 and …::1, or the host's Yggdrasil address), port CLAN_BACKUP_REPO_PORT. Refreshed after every
 * mesh change (a machine joins or leaves: its access follows before the change
 * returns), at start and every CLAN_RECONCILE_SECONDS. From source
 * (tests, dev) the worker runs under ts-node; from the bundle it is
 * dist/apps/api/backup-repo-worker.js.
 */
@Injectable()
export class BackupRepoHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('BackupRepos');
  private readonly worker: IpcWorker<BackupRepoStateMessage, Applied>;
  private seq = 0;
  private closing = false;
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> = Promise.resolve();
  /** Listener problems of the last apply (for the API). */
  errors: Applied['errors'] = [];
  listening: BackupRepoListenSpec[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    runner: ProcessRunner,
    private readonly repositories: MachineRepositories,
    private readonly changes: MeshChanges,
  ) {
    this.worker = new IpcWorker(runner, {
      called: 'the backup-repo worker',
      script: 'backup-repo-worker',
      dir: __dirname,
      path: config.hostCommandEnv['PATH'] ?? '',
      netns: config.mesh.netns,
      log: this.log,
      onRestart: () => void this.refresh(),
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.mesh.hostInterfaces) return;
    this.changes.on('machine backup repositories', () => this.refresh());
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.config.reconcileSeconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    this.closing = true;
    if (this.timer) clearInterval(this.timer);
    this.worker.close();
  }

  /** Reloads listeners and credentials from the database and sends them to the worker (serialized; never throws). */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing
      .catch(() => undefined)
      .then(() => this.refreshNow())
      .catch((error: Error) => this.log.warn(`refresh: ${error.message}`));
    return this.refreshing;
  }

  private async refreshNow(): Promise<void> {
    if (!this.config.mesh.hostInterfaces || this.closing) return;
    // The networks whose host interface runs: the host's addresses in them (by the layer) exist in the namespace.
    const rows: { layer: string; ipv4_cidr: string; ipv6_prefix: string; name: string; public_key: string; index: number | null }[] =
      await this.ds.query(
        `SELECT m.layer, m.ipv4_cidr, m.ipv6_prefix, h.name, h.public_key, h.index
           FROM mesh_networks m
           JOIN mesh_peers h ON h.network_id = m.network_id AND h.kind = 'host' AND h.revoked_at IS NULL AND h.synced_at IS NOT NULL
          ORDER BY m.ipv4_cidr`,
      );
    const listen: BackupRepoListenSpec[] = [];
    for (const r of rows) {
      const host = { name: r.name, publicKey: r.public_key, index: r.index };
      for (const address of hostMeshAddresses({ layer: r.layer, ipv4Cidr: r.ipv4_cidr, ipv6Prefix: r.ipv6_prefix, host })) {
        listen.push({ address, port: this.config.mesh.backupRepoPort });
      }
    }
    if (listen.length === 0 && !this.worker.running) return;
    const state: BackupRepoStateMessage = {
      type: 'state',
      seq: ++this.seq,
      root: this.repositories.root,
      listen,
      credentials: await this.repositories.credentials(),
    };
    const applied = await this.worker.send(state);
    this.listening = applied.listening;
    this.errors = applied.errors;
    for (const e of applied.errors) this.log.warn(`cannot serve machine backups on ${e.address}:${e.port}: ${e.message}`);
  }
}
