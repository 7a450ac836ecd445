import type { Server } from 'node:http';
import { Socket } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { IpcWorker } from '../../services/process/ipc-worker';
import { ProcessRunner } from '../../services/process/process-runner';
import { MeshChanges } from '../mesh-changes';
import { peerAddresses } from '../mesh-peer-dto';
import type { DoorListenSpec, DoorStateMessage, DoorWorkerMessage } from './mesh-door-protocol';

type Applied = Extract<DoorWorkerMessage, { type: 'applied' }>;

/**
 * The panel inside the mesh ("the door"): devices whose only way to the
 * panel is the mesh reach it on the host's mesh address of their network,
 * port CLAN_MESH_PANEL_PORT. The host's interfaces may live in another
 * network namespace than the panel (CLAN_MESH_NETNS), so a small worker
 * (mesh-door-worker.ts) listens there on the host's addresses of every
 * network whose host interface runs (by the layer: .1 and …::1, or the
 * host's key-derived Yggdrasil address), and hands each accepted connection to this process,
 * which serves it on its own HTTP server: the API and the agents' WebSocket
 * work unchanged. CLAN_MESH_PANEL_ADDRESSES adds addresses of that
 * namespace that are not in any mesh (where devices enrol from). Refreshed after every mesh change, at start and every
 * CLAN_RECONCILE_SECONDS. Built, the worker is dist/apps/api/mesh-door-worker.js.
 */
@Injectable()
export class MeshDoor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('MeshDoor');
  private readonly worker: IpcWorker<DoorStateMessage, Applied>;
  private seq = 0;
  private closing = false;
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> = Promise.resolve();
  /** Listener problems of the last apply. */
  errors: Applied['errors'] = [];
  listening: DoorListenSpec[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    runner: ProcessRunner,
    private readonly adapterHost: HttpAdapterHost,
    private readonly changes: MeshChanges,
  ) {
    this.worker = new IpcWorker(runner, {
      called: 'the mesh door worker',
      script: 'mesh-door-worker',
      dir: __dirname,
      path: config.hostCommandEnv['PATH'] ?? '',
      netns: config.mesh.netns,
      log: this.log,
      onRestart: () => void this.refresh(),
      onMessage: (message, handle) => this.connection(message, handle),
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.mesh.hostInterfaces) return;
    this.changes.on('panel inside the mesh', () => this.refresh());
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.config.reconcileSeconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    this.closing = true;
    if (this.timer) clearInterval(this.timer);
    this.worker.close();
  }

  /** Reloads the listen addresses from the database and sends them to the worker (serialized; never throws). */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing
      .catch(() => undefined)
      .then(() => this.refreshNow())
      .catch((error: Error) => this.log.warn(`refresh: ${error.message}`));
    return this.refreshing;
  }

  /** A connection the worker accepted: served by the panel's HTTP server like one it accepted itself. */
  private connection(message: { type: string }, handle: unknown): void {
    if (message.type !== 'connection' || !(handle instanceof Socket)) return;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server || this.closing || !server.listening) {
      handle.destroy();
      return;
    }
    server.emit('connection', handle);
    // The worker accepted it paused; the HTTP server's listeners are attached now.
    handle.resume();
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
    const listen: DoorListenSpec[] = this.config.mesh.panelAddresses.map((address) => ({ address, port: this.config.mesh.panelPort }));
    for (const r of rows) {
      const ranges = { layer: r.layer, ipv4Cidr: r.ipv4_cidr, ipv6Prefix: r.ipv6_prefix };
      const host = peerAddresses(ranges, { name: r.name, publicKey: r.public_key, revokedAt: null, index: r.index });
      for (const address of [host?.ipv4, host?.ipv6]) if (address) listen.push({ address, port: this.config.mesh.panelPort });
    }
    if (listen.length === 0 && !this.worker.running) return;
    const applied = await this.worker.send({ type: 'state', seq: ++this.seq, listen });
    this.listening = applied.listening;
    this.errors = applied.errors;
    for (const e of applied.errors) this.log.warn(`cannot serve the panel on ${e.address}:${e.port}: ${e.message}`);
  }
}
