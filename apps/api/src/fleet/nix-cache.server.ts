import { readdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { ProcessRunner } from '../services/process/process-runner';
import { loadOrCreateKey } from '../services/secrets/state-keys';
import { CacheSigningKey, fingerprint, narHashNix32 } from './nix-cache';

const STORE = '/nix/store';
const HASH_PART = /^[0-9a-df-np-sv-z]{32}$/;

interface PathInfo {
  path: string;
  narHash: string;
  narSize: number;
  references: string[];
  deriver?: string;
}

/**
 * The panel's Nix store as a signed binary cache for the fleet's hosts
 * (docs/fleet.md, "Closures"): builds run on the panel's host; a worker that
 * boots a machine copies the system's closure from here with
 * `nix copy --from http://<panel's fleet address>:<CLAN_FLEET_CACHE_PORT>`,
 * trusting only the panel's key. Served by the fleet door on the mesh (no
 * sign-in: only the fleet's hosts reach it, and they are trusted with every
 * network's machines anyway). narinfo files are made on request from
 * `nix path-info`, NARs streamed from `nix-store --dump`, uncompressed.
 */
@Injectable()
export class NixCacheServer {
  private readonly logger = new Logger('FleetNixCache');
  readonly server: Server = createServer((req, res) => void this.handle(req, res));
  private key: CacheSigningKey | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: ProcessRunner,
  ) {}

  /** The signing key (made on first use), named after the panel. */
  signingKey(): CacheSigningKey {
    const id = loadOrCreateKey(this.config.stateDir, 'panel-id').toString('hex').slice(0, 8);
    this.key ??= CacheSigningKey.loadOrCreate(this.config.stateDir, `clan-panel-${id}-1`);
    return this.key;
  }

  private nixStore(): string {
    const nix = this.config.nixBin;
    return nix.includes('/') ? join(dirname(nix), 'nix-store') : 'nix-store';
  }

  private async find(hashPart: string): Promise<string | null> {
    if (!HASH_PART.test(hashPart)) return null;
    const name = (await readdir(STORE)).find((n) => n.startsWith(`${hashPart}-`) && !n.endsWith('.lock'));
    return name ? `${STORE}/${name}` : null;
  }

  private async info(path: string): Promise<PathInfo | null> {
    const r = await this.runner
      .run(this.config.nixBin, ['--extra-experimental-features', 'nix-command', 'path-info', '--json', path], { timeoutMs: 30_000 })
      .catch(() => null);
    const parsed = r ? (JSON.parse(r.stdout) as PathInfo[] | Record<string, PathInfo>) : null;
    const info = Array.isArray(parsed) ? parsed[0] : parsed ? Object.values(parsed)[0] : undefined;
    return info?.narHash ? { ...info, path: info.path ?? path } : null;
  }

  /** The narinfo of a valid store path, signed. */
  async narinfo(hashPart: string): Promise<string | null> {
    const path = await this.find(hashPart);
    const info = path ? await this.info(path) : null;
    if (!path || !info) return null;
    const narHash = narHashNix32(info.narHash);
    const refs = [...info.references].sort();
    const lines = [
      `StorePath: ${path}`,
      `URL: nar/${hashPart}.nar`,
      'Compression: none',
      `NarHash: ${narHash}`,
      `NarSize: ${info.narSize}`,
      `References: ${refs.map((r) => r.slice(STORE.length + 1)).join(' ')}`,
      ...(info.deriver ? [`Deriver: ${info.deriver.slice(STORE.length + 1)}`] : []),
      `Sig: ${this.signingKey().sign(fingerprint(path, narHash, info.narSize, refs))}`,
    ];
    return `${lines.join('\n')}\n`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (code: number, type: string, body: string) => {
      res.writeHead(code, { 'content-type': type });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'Read only.');
      const url = req.url ?? '';
      if (url === '/nix-cache-info') return send(200, 'text/x-nix-cache-info', `StoreDir: ${STORE}\nWantMassQuery: 1\nPriority: 30\n`);
      const info = /^\/([0-9a-z]{32})\.narinfo$/.exec(url);
      if (info) {
        const text = await this.narinfo(info[1]);
        return text ? send(200, 'text/x-nix-narinfo', text) : send(404, 'text/plain', 'Not in this store.');
      }
      const nar = /^\/nar\/([0-9a-z]{32})\.nar$/.exec(url);
      if (nar) {
        const path = await this.find(nar[1]);
        if (!path) return send(404, 'text/plain', 'Not in this store.');
        res.writeHead(200, { 'content-type': 'application/x-nix-nar' });
        if (req.method === 'HEAD') return void res.end();
        const child = this.runner.start(this.nixStore(), ['--dump', path], { stdio: ['ignore', 'pipe', 'ignore'] });
        if (!child.stdout) throw new Error('nix-store --dump gave no output stream');
        await pipeline(child.stdout, res);
        return;
      }
      send(404, 'text/plain', 'Not found.');
    } catch (err) {
      this.logger.warn(`cache request ${req.url ?? ''} failed: ${(err as Error).message}`);
      if (!res.headersSent) send(500, 'text/plain', 'The cache could not answer.');
      else res.destroy();
    }
  }
}
