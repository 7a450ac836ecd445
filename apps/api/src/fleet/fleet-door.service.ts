import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect, createServer, type Server as NetServer, Socket } from 'node:net';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { DoorListenSpec, DoorStateMessage, DoorWorkerMessage } from '../mesh/agents/mesh-door-protocol';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { IpcWorker } from '../services/process/ipc-worker';
import { ProcessRunner } from '../services/process/process-runner';
import { databaseTarget, FLEET_DB_PORT, FLEET_REDIS_PORT, redisTarget, type RelayTarget } from './fleet-connections';
import { NixCacheServer } from './nix-cache.server';
import { TransferServer } from './transfer.server';

type Applied = Extract<DoorWorkerMessage, { type: 'applied' }>;

/** Where a connection to one of the door's ports goes. */
type Route = { kind: 'relay'; target: RelayTarget } | { kind: 'http'; server: () => Server | undefined };

/**
 * The panel's host inside the fleet mesh (docs/fleet.md, "Enrolment"): on
 * CLAN_FLEET_ADDRESS it relays the database (5432) and Redis (6379) to where
 * the panel itself reaches them — so both keep listening on the panel's
 * loopback and hosts reach them only through the mesh — and serves the panel
 * (CLAN_MESH_PANEL_PORT, for enrolment), this host's file service
 * (CLAN_FLEET_TRANSFER_PORT) and its Nix store as a signed binary cache
 * (CLAN_FLEET_CACHE_PORT). When the fleet interface lives in another
 * namespace (CLAN_FLEET_NETNS) the mesh door's worker listens there and hands
 * each connection over, as for the networks' meshes.
 */
@Injectable()
export class FleetDoor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('FleetDoor');
  private worker: IpcWorker<DoorStateMessage, Applied> | null = null;
  private readonly servers: NetServer[] = [];
  private readonly routes = new Map<number, Route>();
  private closing = false;
  listening: DoorListenSpec[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly runner: ProcessRunner,
    private readonly adapterHost: HttpAdapterHost,
    private readonly transfer: TransferServer,
    private readonly cache: NixCacheServer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const address = this.config.fleet.address;
    if (this.config.role !== 'panel' || !address) return;
    const databaseUrl = (this.ds.options as { url?: string }).url;
    if (databaseUrl) this.routes.set(FLEET_DB_PORT, { kind: 'relay', target: databaseTarget(databaseUrl) });
    this.routes.set(FLEET_REDIS_PORT, { kind: 'relay', target: redisTarget(this.config.redisUrl) });
    this.routes.set(this.config.mesh.panelPort, {
      kind: 'http',
      server: () => this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined,
    });
    this.routes.set(this.config.fleet.transferPort, { kind: 'http', server: () => this.transfer.server });
    this.routes.set(this.config.fleet.cachePort, { kind: 'http', server: () => this.cache.server });
    const listen = [...this.routes.keys()].map((port) => ({ address, port }));
    if (this.config.fleet.netns) await this.viaWorker(listen);
    else await this.direct(listen);
  }

  onModuleDestroy(): void {
    this.closing = true;
    this.worker?.close();
    for (const s of this.servers) s.close();
  }

  private async viaWorker(listen: DoorListenSpec[]): Promise<void> {
    // The mesh door's worker script: next to main.js when built, beside the mesh door in the sources.
    const dir = existsSync(join(__dirname, 'mesh-door-worker.js')) ? __dirname : join(__dirname, '..', 'mesh', 'agents');
    this.worker = new IpcWorker(this.runner, {
      called: 'the fleet door worker',
      script: 'mesh-door-worker',
      dir,
      path: this.config.hostCommandEnv['PATH'] ?? '',
      netns: this.config.fleet.netns,
      log: this.log,
      onRestart: () => void this.worker?.send({ type: 'state', seq: 0, listen }),
      onMessage: (message, handle) => this.accepted(message, handle),
    });
    const applied = await this.worker.send({ type: 'state', seq: 1, listen });
    this.report(applied.listening, applied.errors);
  }

  private async direct(listen: DoorListenSpec[]): Promise<void> {
    const listening: DoorListenSpec[] = [];
    const errors: Applied['errors'] = [];
    for (const l of listen) {
      const server = createServer({ pauseOnConnect: true }, (socket) => this.route(l.port, socket));
      await new Promise<void>((resolve) => {
        server.once('error', (err) => {
          errors.push({ ...l, message: err.message });
          resolve();
        });
        server.listen({ host: l.address, port: l.port }, () => {
          listening.push(l);
          this.servers.push(server);
          resolve();
        });
      });
    }
    this.report(listening, errors);
  }

  private report(listening: DoorListenSpec[], errors: Applied['errors']): void {
    this.listening = listening;
    for (const e of errors) this.log.warn(`cannot serve the fleet on ${e.address}:${e.port}: ${e.message}`);
    if (listening.length) this.log.log(`fleet door on ${listening.map((l) => `${l.address}:${l.port}`).join(', ')}`);
  }

  private accepted(message: { type: string; port?: number }, handle: unknown): void {
    if (message.type !== 'connection' || !(handle instanceof Socket) || message.port === undefined) return;
    this.route(message.port, handle);
  }

  /** One accepted connection (paused, not a byte read): relayed, or served by an HTTP server of this process. */
  private route(port: number, socket: Socket): void {
    const route = this.routes.get(port);
    if (!route || this.closing) {
      socket.destroy();
      return;
    }
    if (route.kind === 'http') {
      const server = route.server();
      if (!server) return void socket.destroy();
      server.emit('connection', socket);
      socket.resume();
      return;
    }
    const upstream = connect(route.target);
    upstream.once('connect', () => {
      socket.pipe(upstream);
      upstream.pipe(socket);
      socket.resume();
    });
    const close = () => {
      socket.destroy();
      upstream.destroy();
    };
    upstream.on('error', close);
    socket.on('error', close);
    upstream.on('close', close);
    socket.on('close', close);
  }
}
