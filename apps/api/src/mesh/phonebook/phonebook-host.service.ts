import { addressesForIndex, type MeshNetwork } from '@clan/vpn';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { IpcWorker } from '../../services/process/ipc-worker';
import { ProcessRunner } from '../../services/process/process-runner';
import { MeshLayers } from '../layers/mesh-layers';
import { phonebookEntry } from '../mesh-configs.service';
import type { PhonebookListenSpec, PhonebookStateMessage, PhonebookWorkerMessage, PhonebookZone } from './phonebook-protocol';

type Applied = Extract<PhonebookWorkerMessage, { type: 'applied' }>;

interface Row {
  network_id: string;
  network: string;
  ipv4_cidr: string;
  ipv6_prefix: string;
  layer: string;
  peer: string;
  kind: string;
  index: number | null;
  public_key: string;
  synced_revision: number;
}

/**
 * Runs the phonebook worker (phonebook-worker.ts) and keeps it fed: every
 * network whose host interface has been applied answers `<peer>.<network>.clan`
 * on the host's mesh addresses, each peer's addresses as the network's layer
 * gives them (WireGuard: .N and …::N, listening on .1 and …::1; Yggdrasil:
 * the address of the key, AAAA only, listening on the host's). From source (tests, dev) the
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
    private readonly layers: MeshLayers,
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
      `SELECT n.id AS network_id, n.name AS network, m.ipv4_cidr, m.ipv6_prefix, m.layer, p.name AS peer, p.kind, p.index,
              p.public_key, h.synced_revision
         FROM mesh_networks m
         JOIN networks n ON n.id = m.network_id
         JOIN mesh_peers h ON h.network_id = m.network_id AND h.kind = 'host' AND h.revoked_at IS NULL AND h.synced_at IS NOT NULL
         JOIN mesh_peers p ON p.network_id = m.network_id AND p.revoked_at IS NULL AND p.blocked_at IS NULL
        ORDER BY n.name, p.index`,
    );
    const networks = new Map<string, Row[]>();
    for (const r of rows) networks.set(r.network, [...(networks.get(r.network) ?? []), r]);
    const zones: PhonebookZone[] = [];
    const listen: PhonebookListenSpec[] = [];
    for (const [name, members] of networks) {
      const first = members[0];
      // A layer this panel does not run has no host interface to answer on.
      if (!this.layers.has(first.layer)) continue;
      const layer = this.layers.of(first.layer).layer;
      const addressing = { ipv4Range: first.ipv4_cidr, ipv6Prefix: first.ipv6_prefix };
      const mesh: MeshNetwork = {
        name,
        ...addressing,
        peers: members.map((r) => ({
          name: r.peer,
          kind: r.kind === 'device' ? 'device' : 'machine',
          publicKey: r.public_key,
          ...(r.index === null ? { ipv4: null, ipv6: null } : addressesForIndex(addressing, r.index)),
          endpoint: null,
          behindNat: false,
          isRelay: false,
          listenPort: null,
        })),
      };
      const zone: PhonebookZone = { network: name, devices: {} };
      try {
        for (const r of members) zone.devices[r.peer] = phonebookEntry(layer.addressesOf(mesh, r.peer));
      } catch (error) {
        this.log.warn(`zone ${name}: ${(error as Error).message}`);
        continue;
      }
      zones.push(zone);
      const host = members.find((r) => r.kind === 'host');
      for (const address of host ? layer.addressesOf(mesh, host.peer) : []) {
        listen.push({ address, port: this.config.mesh.dnsPort, networks: [name] });
      }
    }
    if (zones.length === 0 && !this.worker.running) return;
    const state: PhonebookStateMessage = { type: 'state', seq: ++this.seq, zones, listen };
    this.last = state;
    const applied = await this.worker.send(state);
    this.listening = applied.listening;
    this.errors = applied.errors;
    for (const e of applied.errors) this.log.warn(`cannot answer on ${e.address}:${e.port}: ${e.message}`);
  }
}
