import { addressesForIndex, HOST_INDEX } from '@clan/vpn';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { IpcWorker } from '../../services/process/ipc-worker';
import { ProcessRunner } from '../../services/process/process-runner';
import type { PhonebookListenSpec, PhonebookStateMessage, PhonebookWorkerMessage, PhonebookZone } from './phonebook-protocol';

type Applied = Extract<PhonebookWorkerMessage, { type: 'applied' }>;

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
  private readonly worker: IpcWorker<PhonebookStateMessage, Applied>;
  private seq = 0;
  private last: PhonebookStateMessage | null = null;
  private refreshing: Promise<void> = Promise.resolve();
  /** Listener problems of the last apply (for the API). */
  errors: { address: string; port: number; message: string }[] = [];
  listening: PhonebookListenSpec[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    runner: ProcessRunner,
  ) {
    this.worker = new IpcWorker(runner, {
      called: 'the phonebook worker',
      script: 'phonebook-worker',
      dir: __dirname,
      path: config.hostCommandEnv['PATH'] ?? '',
      netns: config.mesh.netns,
      log: this.log,
      onRestart: () => {
        if (this.last) void this.refresh();
      },
    });
  }

  onModuleDestroy(): void {
    this.worker.close();
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
    if (zones.size === 0 && !this.worker.running) return;
    const state: PhonebookStateMessage = { type: 'state', seq: ++this.seq, zones: [...zones.values()], listen };
    this.last = state;
    const applied = await this.worker.send(state);
    this.listening = applied.listening;
    this.errors = applied.errors;
    for (const e of applied.errors) this.log.warn(`cannot answer on ${e.address}:${e.port}: ${e.message}`);
  }
}
