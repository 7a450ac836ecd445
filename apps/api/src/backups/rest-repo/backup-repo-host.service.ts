import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { addressesForIndex, HOST_INDEX } from '@clan/vpn';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { MeshChanges } from '../../mesh/mesh-changes';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { ProcessRunner } from '../../services/process/process-runner';
import type { BackupRepoListenSpec, BackupRepoStateMessage, BackupRepoWorkerMessage } from './backup-repo-protocol';
import { MachineRepositories } from './machine-repositories.service';

const RESTART_DELAY_MS = 1000;
const APPLY_TIMEOUT_MS = 15_000;

type ChildProcess = ReturnType<ProcessRunner['start']>;
type Applied = Extract<BackupRepoWorkerMessage, { type: 'applied' }>;

/**
 * Runs the backup-repo worker (backup-repo-worker.ts) and keeps it fed, the
 * way PhonebookHost runs the phonebook: every network whose host interface
 * has been applied serves its machines' repositories on the host's mesh
 * addresses (.1 and …::1), port CLAN_BACKUP_REPO_PORT. Refreshed after every
 * mesh change (a machine joins or leaves: its access follows before the change
 * returns), at start and every CLAN_RECONCILE_SECONDS. From source
 * (tests, dev) the worker runs under ts-node; from the bundle it is
 * dist/apps/api/backup-repo-worker.js.
 */
@Injectable()
export class BackupRepoHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('BackupRepos');
  private child: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, (m: Applied) => void>();
  private closing = false;
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> = Promise.resolve();
  /** Listener problems of the last apply (for the API). */
  errors: Applied['errors'] = [];
  listening: BackupRepoListenSpec[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly runner: ProcessRunner,
    private readonly repositories: MachineRepositories,
    private readonly changes: MeshChanges,
  ) {}

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
    this.child?.kill('SIGTERM');
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
    // The networks whose host interface runs: their .1 and ::1 exist in the namespace.
    const rows: { ipv4_cidr: string; ipv6_prefix: string }[] = await this.ds.query(
      `SELECT m.ipv4_cidr, m.ipv6_prefix
         FROM mesh_networks m
         JOIN mesh_peers h ON h.network_id = m.network_id AND h.kind = 'host' AND h.revoked_at IS NULL AND h.synced_at IS NOT NULL
        ORDER BY m.ipv4_cidr`,
    );
    const listen: BackupRepoListenSpec[] = [];
    for (const r of rows) {
      const host = addressesForIndex({ ipv4Range: r.ipv4_cidr, ipv6Prefix: r.ipv6_prefix }, HOST_INDEX);
      for (const address of [host.ipv4, host.ipv6]) listen.push({ address, port: this.config.mesh.backupRepoPort });
    }
    if (listen.length === 0 && !this.child) return;
    const state: BackupRepoStateMessage = {
      type: 'state',
      seq: ++this.seq,
      root: this.repositories.root,
      listen,
      credentials: await this.repositories.credentials(),
    };
    const applied = await this.send(state);
    this.listening = applied.listening;
    this.errors = applied.errors;
    for (const e of applied.errors) this.log.warn(`cannot serve machine backups on ${e.address}:${e.port}: ${e.message}`);
  }

  private async send(state: BackupRepoStateMessage): Promise<Applied> {
    await this.start();
    return new Promise((resolveApplied, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(state.seq);
        reject(new Error('the backup-repo worker did not answer'));
      }, APPLY_TIMEOUT_MS);
      this.waiting.set(state.seq, (m) => {
        clearTimeout(timer);
        this.waiting.delete(state.seq);
        resolveApplied(m);
      });
      this.child?.send(state);
    });
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const { command, args, env, cwd } = this.command();
    // Only PATH (and ts-node's settings from source): the worker needs no secret of the panel's, and gets none.
    const child = this.runner.start(command, args, {
      replaceEnv: env,
      cwd,
      netns: this.config.mesh.netns,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    this.ready = new Promise<void>((resolveReady, reject) => {
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (d: string) => {
        stderr = (stderr + d).slice(-4096);
        for (const line of d.split('\n').filter(Boolean)) this.log.warn(line);
      });
      child.on('message', (m: BackupRepoWorkerMessage) => {
        if (m.type === 'ready') resolveReady();
        else if (m.type === 'applied') this.waiting.get(m.seq)?.(m);
      });
      child.on('exit', (code, signal) => {
        this.child = null;
        this.ready = null;
        reject(new Error(`the backup-repo worker exited (${signal ?? code}): ${stderr.trim()}`));
        if (this.closing) return;
        this.log.warn(`worker exited (${signal ?? code}); restarting`);
        setTimeout(() => {
          if (!this.closing) void this.refresh();
        }, RESTART_DELAY_MS).unref();
      });
    });
    return this.ready;
  }

  /** node (+ ts-node from source) running the worker; the runner puts it inside the mesh namespace when there is one. */
  private command(): { command: string; args: string[]; env: Record<string, string>; cwd: string | undefined } {
    const bundled = join(__dirname, 'backup-repo-worker.js');
    const env: Record<string, string> = { PATH: this.config.hostCommandEnv['PATH'] ?? '' };
    let node: string[];
    let cwd: string | undefined;
    if (existsSync(bundled)) node = [process.execPath, bundled];
    else {
      cwd = resolve(__dirname, '../../../../..');
      env['TS_NODE_TRANSPILE_ONLY'] = '1';
      env['TS_NODE_PROJECT'] = join(cwd, 'apps/api/tools/tsconfig.json');
      node = [process.execPath, '-r', 'ts-node/register', '-r', 'tsconfig-paths/register', join(__dirname, 'backup-repo-worker.ts')];
    }
    return { command: node[0], args: node.slice(1), env, cwd };
  }
}
