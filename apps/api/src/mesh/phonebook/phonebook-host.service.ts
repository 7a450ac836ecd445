import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { addressesForIndex, HOST_INDEX } from '@clan/vpn';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { ProcessRunner } from '../../services/process/process-runner';
import type { PhonebookListenSpec, PhonebookStateMessage, PhonebookWorkerMessage, PhonebookZone } from './phonebook-protocol';

const RESTART_DELAY_MS = 1000;
const APPLY_TIMEOUT_MS = 15_000;

type ChildProcess = ReturnType<ProcessRunner['start']>;

interface Row {
  network_id: string;
  network: string;
  ipv4_cidr: string;
  ipv6_prefix: string;
  peer: string;
  kind: string;
  index: number;
  synced_revision: number;
}

/**
 * Runs the phonebook worker (phonebook-worker.ts) and keeps it fed: every
 * network whose host interface has been applied answers `<peer>.<network>.clan`
 * on the host's mesh addresses (.1 and …::1). From source (tests, dev) the
 * worker runs under ts-node; from the bundle it is dist/apps/api/phonebook-worker.js.
 */
@Injectable()
export class PhonebookHost implements OnModuleDestroy {
  private readonly log = new Logger('Phonebook');
  private child: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, (m: Extract<PhonebookWorkerMessage, { type: 'applied' }>) => void>();
  private closing = false;
  private last: PhonebookStateMessage | null = null;
  private refreshing: Promise<void> = Promise.resolve();
  /** Listener problems of the last apply (for the API). */
  errors: { address: string; port: number; message: string }[] = [];
  listening: PhonebookListenSpec[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly runner: ProcessRunner,
  ) {}

  onModuleDestroy(): void {
    this.closing = true;
    this.child?.kill('SIGTERM');
  }

  /** Reloads every zone from the database and sends it to the worker (serialized; never throws). */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing
      .catch(() => undefined)
      .then(() => this.refreshNow())
      .catch((error: Error) => this.log.warn(`refresh: ${error.message}`));
    return this.refreshing;
  }

  private async refreshNow(): Promise<void> {
    if (!this.config.mesh.hostInterfaces) return;
    // Zones of networks whose host interface runs (its peer picked up a revision ≥ 1, or at least was applied once).
    const rows: Row[] = await this.ds.query(
      `SELECT n.id AS network_id, n.name AS network, m.ipv4_cidr, m.ipv6_prefix, p.name AS peer, p.kind, p.index, h.synced_revision
         FROM mesh_networks m
         JOIN networks n ON n.id = m.network_id
         JOIN mesh_peers h ON h.network_id = m.network_id AND h.kind = 'host' AND h.revoked_at IS NULL AND h.synced_at IS NOT NULL
         JOIN mesh_peers p ON p.network_id = m.network_id AND p.revoked_at IS NULL
        ORDER BY n.name, p.index`,
    );
    const zones = new Map<string, PhonebookZone>();
    const listen: PhonebookListenSpec[] = [];
    for (const r of rows) {
      const addressing = { ipv4Range: r.ipv4_cidr, ipv6Prefix: r.ipv6_prefix };
      let zone = zones.get(r.network);
      if (!zone) {
        zone = { network: r.network, devices: {} };
        zones.set(r.network, zone);
        const host = addressesForIndex(addressing, HOST_INDEX);
        for (const address of [host.ipv4, host.ipv6]) listen.push({ address, port: this.config.mesh.dnsPort, networks: [r.network] });
      }
      const a = addressesForIndex(addressing, r.index);
      zone.devices[r.peer] = { ipv4: a.ipv4, ipv6: a.ipv6 };
    }
    if (zones.size === 0 && !this.child) return;
    const state: PhonebookStateMessage = { type: 'state', seq: ++this.seq, zones: [...zones.values()], listen };
    this.last = state;
    const applied = await this.send(state);
    this.listening = applied.listening;
    this.errors = applied.errors;
    for (const e of applied.errors) this.log.warn(`cannot answer on ${e.address}:${e.port}: ${e.message}`);
  }

  private async send(state: PhonebookStateMessage): Promise<Extract<PhonebookWorkerMessage, { type: 'applied' }>> {
    await this.start();
    return new Promise((resolveApplied, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(state.seq);
        reject(new Error('the phonebook worker did not answer'));
      }, APPLY_TIMEOUT_MS);
      this.waiting.set(state.seq, (m) => {
        clearTimeout(timer);
        resolveApplied(m);
      });
      this.child?.send(state);
    });
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const { command, args, env, cwd } = this.command();
    // Only PATH (and ts-node's settings from source): the worker needs nothing else of the panel's environment, no secret reaches it.
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
      child.on('message', (m: PhonebookWorkerMessage) => {
        if (m.type === 'ready') resolveReady();
        else if (m.type === 'applied') this.waiting.get(m.seq)?.(m);
      });
      child.on('exit', (code, signal) => {
        this.child = null;
        this.ready = null;
        reject(new Error(`the phonebook worker exited (${signal ?? code}): ${stderr.trim()}`));
        if (this.closing) return;
        this.log.warn(`worker exited (${signal ?? code}); restarting`);
        setTimeout(() => {
          if (!this.closing && this.last) void this.refresh();
        }, RESTART_DELAY_MS).unref();
      });
    });
    return this.ready;
  }

  /** node (+ ts-node from source) running the worker; the runner puts it inside the mesh namespace when there is one. */
  private command(): { command: string; args: string[]; env: Record<string, string>; cwd: string | undefined } {
    const bundled = join(__dirname, 'phonebook-worker.js');
    const env: Record<string, string> = { PATH: this.config.hostCommandEnv['PATH'] ?? '' };
    let node: string[];
    let cwd: string | undefined;
    if (existsSync(bundled)) node = [process.execPath, bundled];
    else {
      cwd = resolve(__dirname, '../../../../..');
      env['TS_NODE_TRANSPILE_ONLY'] = '1';
      env['TS_NODE_PROJECT'] = join(cwd, 'apps/api/tools/tsconfig.json');
      node = [process.execPath, '-r', 'ts-node/register', '-r', 'tsconfig-paths/register', join(__dirname, 'phonebook-worker.ts')];
    }
    return { command: node[0], args: node.slice(1), env, cwd };
  }
}
