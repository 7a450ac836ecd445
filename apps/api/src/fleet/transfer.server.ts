import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { VmLayout } from '../services/disk/vm-layout';
import { REDIS } from '../services/redis/redis.module';
import { HostIdentity } from './host-identity.service';

const TICKET_TTL_MS = 10 * 60_000;

interface Ticket {
  networkId: string;
  machine: string;
  /** The host that serves the file. */
  hostId: string;
}

/**
 * A host's file service inside the fleet mesh (docs/fleet.md, "Placement and
 * migration"): the state disk of a stopped machine, for the host it moves
 * to. Nothing is served without a ticket: a random id the receiving host's
 * migration put in Redis (which only hosts reach), naming one machine and the
 * serving host, spent on first use. The disk travels gzip-compressed (a
 * mostly empty disk is mostly zeros).
 */
@Injectable()
export class TransferServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('HostTransfer');
  /** Serves connections: its own listener on the fleet address, or ones the fleet door hands over. */
  readonly server: Server = createServer((req, res) => void this.handle(req, res));
  private listening = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly identity: HostIdentity,
  ) {}

  onApplicationBootstrap(): void {
    const address = this.config.fleet.address;
    // A host whose fleet interface lives in another namespace gets its connections from the fleet door instead.
    if (!this.config.runWorkers || !address || this.config.fleet.netns) return;
    this.server.once('error', (err) =>
      this.logger.warn(`cannot serve transfers on ${address}:${this.config.fleet.transferPort}: ${err.message}`),
    );
    this.server.listen({ host: address, port: this.config.fleet.transferPort }, () => {
      this.listening = true;
      this.logger.log(`serving transfers on ${address}:${this.config.fleet.transferPort}`);
    });
  }

  onModuleDestroy(): void {
    if (this.listening) this.server.close();
    this.server.closeAllConnections();
  }

  private key(ticket: string): string {
    return `${this.config.queuePrefix}:transfer:${ticket}`;
  }

  /** A ticket for the state disk of `machine` on `hostId` (the receiving host asks for it). */
  async ticket(t: Ticket): Promise<string> {
    const id = randomBytes(24).toString('base64url');
    await this.redis.set(this.key(id), JSON.stringify(t), 'PX', TICKET_TTL_MS);
    return id;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fail = (code: number, message: string) => {
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(message);
    };
    try {
      const m = /^\/state-disk\/([A-Za-z0-9_-]{16,64})$/.exec(req.url ?? '');
      if (req.method !== 'GET' || !m) return fail(404, 'Not found.');
      const raw = await this.redis.getdel(this.key(m[1]));
      if (!raw) return fail(403, 'This transfer ticket is unknown, used or expired.');
      const t = JSON.parse(raw) as Ticket;
      if (t.hostId !== (await this.identity.selfId())) return fail(403, 'This ticket names another host.');
      const file = new VmLayout(this.config.stateDir, t.networkId, t.machine).stateDisk;
      const size = (await stat(file).catch(() => null))?.size;
      if (size === undefined) return fail(404, `${t.machine} has no state disk on this host.`);
      res.writeHead(200, { 'content-type': 'application/gzip', 'x-clan-size': String(size) });
      await pipeline(createReadStream(file), createGzip({ level: 1 }), res);
    } catch (err) {
      if (!res.headersSent) fail(500, 'The transfer failed on the sending host.');
      else res.destroy();
      this.logger.warn(`transfer failed: ${(err as Error).message}`);
    }
  }
}

/** Fetches a state disk from `url` with `ticket` into `target` (through a temporary file, so a broken transfer leaves no half disk). */
export async function fetchStateDisk(url: string, ticket: string, target: string, signal: AbortSignal): Promise<number> {
  const res = await fetch(`${url}/state-disk/${ticket}`, { signal });
  if (!res.ok || !res.body) throw new Error(`the old host answered ${res.status}: ${(await res.text().catch(() => '')).slice(0, 200)}`);
  await mkdir(dirname(target), { recursive: true });
  const partial = `${target}.incoming`;
  try {
    const { Readable } = await import('node:stream');
    await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), createGunzip(), createWriteStream(partial));
    const size = (await stat(partial)).size;
    const expected = Number(res.headers.get('x-clan-size'));
    if (Number.isFinite(expected) && expected !== size) throw new Error(`received ${size} bytes of ${expected}`);
    await rename(partial, target);
    return size;
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
}
