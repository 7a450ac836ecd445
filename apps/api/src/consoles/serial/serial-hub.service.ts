import { randomUUID } from 'node:crypto';
import { ConsoleCloseCode } from '@clan/contracts';
import type { LibvirtEvent, LibvirtEventStream } from '@clan/libvirt-client';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { Repository } from 'typeorm';
import { NetworkEntity } from '../../networks/network.entity';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { REDIS } from '../../services/redis/redis.module';
import { LibvirtService } from '../../services/libvirt/libvirt.service';
import { MachineDomains } from '../../services/libvirt/machine-domains';
import { VmLayout } from '../../services/disk/vm-layout';
import { RecordingsService } from '../recordings/recordings.service';
import { TerminalSession } from '../terminal/terminal-session';
import { HostIdentity } from '../../fleet/host-identity.service';
import { PubSub } from '../../services/queue/pubsub.service';
import {
  CONSOLE_REQUESTS,
  type ConsoleOut,
  type ConsoleReply,
  type ConsoleRequest,
  consoleOut,
  consoleReplies,
  RemoteConsole,
  RemoteReplies,
  WATCH_MS,
} from './console-relay';
import { ScrollbackRing } from './scrollback-ring';
import { SerialConsole } from './serial-console';

const SYNC_MS = 5000;
const LEASE_MS = 30_000;
const RENEW_MS = 10_000;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

interface Entry {
  networkId: string;
  machine: string;
  domainName: string | null;
  console: SerialConsole;
  session: TerminalSession | null;
  /** Holds the Redis lease on the VM's console. */
  leased: boolean;
  /** Until when a viewer on another host watches (output and status go out on Redis meanwhile). */
  watchedUntil: number;
  relaying: boolean;
  placedHere: boolean;
  placedCheckedAt: number;
}

interface RemoteEntry {
  console: RemoteConsole;
  session: TerminalSession;
}

/**
 * Every VM's serial console, held by one panel process at a time (a Redis
 * lease per domain). Processes that run workers keep the console of every
 * running VM of this panel attached, so its output reaches the scrollback
 * ring even when nobody watches; any process attaches on demand when a viewer
 * connects and nobody holds it. Viewers share one TerminalSession per machine.
 */
@Injectable()
export class SerialHub implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SerialConsoles');
  private readonly entries = new Map<string, Entry>();
  /** Sessions of machines whose console another host holds (docs/fleet.md, "Consoles"). */
  private readonly remotes = new Map<string, Promise<RemoteEntry>>();
  private readonly replies: RemoteReplies;
  private unsubscribeRequests: (() => void) | null = null;
  private readonly opening = new Map<string, Promise<Entry>>();
  private readonly token = randomUUID();
  private syncTimer: NodeJS.Timeout | null = null;
  private renewTimer: NodeJS.Timeout | null = null;
  private events: LibvirtEventStream | null = null;
  private syncing: Promise<void> | null = null;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly libvirt: LibvirtService,
    private readonly recordings: RecordingsService,
    private readonly domains: MachineDomains,
    @InjectRepository(NetworkEntity) private readonly networks: Repository<NetworkEntity>,
    private readonly pubsub: PubSub,
    private readonly hosts: HostIdentity,
  ) {
    this.replies = new RemoteReplies(pubsub);
  }

  onApplicationBootstrap(): void {
    this.renewTimer = setInterval(() => void this.renewLeases(), RENEW_MS);
    this.renewTimer.unref();
    if (!this.config.runWorkers) return;
    void this.pubsub
      .subscribe(CONSOLE_REQUESTS, (m) => void this.request(m as ConsoleRequest).catch(() => undefined))
      .then((off) => (this.unsubscribeRequests = off))
      .catch((err: unknown) => this.logger.warn(`console relay: ${(err as Error).message}`));
    const tick = () => void this.sync();
    tick();
    this.syncTimer = setInterval(tick, SYNC_MS);
    this.syncTimer.unref();
    this.watch();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.unsubscribeRequests?.();
    for (const r of this.remotes.values()) {
      const remote = await r.catch(() => null);
      remote?.console.close();
      await remote?.session.end(ConsoleCloseCode.ServerShutdown, 'The panel is shutting down.');
    }
    this.remotes.clear();
    if (this.syncTimer) clearInterval(this.syncTimer);
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.events?.close();
    if (this.syncing) await this.syncing.catch(() => undefined);
    for (const e of this.entries.values()) {
      await e.session?.end(ConsoleCloseCode.ServerShutdown, 'The panel is shutting down.');
      await e.console.close().catch(() => undefined);
      if (e.leased) await this.release(e);
    }
    this.entries.clear();
  }

  /** Starts of this panel's domains attach their consoles at once rather than at the next sync. */
  private watch(): void {
    if (this.stopping || this.libvirt.uri.startsWith('test:')) return;
    const stream = this.libvirt.client.events();
    this.events = stream;
    stream.on('event', (e: LibvirtEvent) => {
      if (e.type === 'lifecycle' && this.libvirt.owns(e.domain) && (e.event === 'Started' || e.event === 'Resumed')) void this.sync();
    });
    stream.on('end', () => {
      this.events = null;
      if (!this.stopping) setTimeout(() => this.watch(), 5000).unref();
    });
  }

  /** One pass: attach the console of every running domain of this panel that nobody holds. */
  sync(): Promise<void> {
    this.syncing ??= this.syncOnce()
      .catch((err: unknown) => this.logger.warn(`console sync failed: ${(err as Error).message}`))
      .finally(() => (this.syncing = null));
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    if (this.stopping) return;
    const running = (await this.libvirt.client.listRunning()).filter((n) => this.libvirt.owns(n));
    for (const row of await this.domains.machinesOf(running)) {
      const entry = await this.entry(row.networkId, row.machine);
      await this.hold(entry);
    }
    // A machine that moved to another host: its console is that host's to hold now (docs/fleet.md).
    for (const e of this.entries.values()) {
      if (!e.leased || (e.domainName && running.includes(e.domainName))) continue;
      if (await this.hosts.ownsMachine(e.networkId, e.machine)) continue;
      e.console.detach('elsewhere', 'The VM moved to another host.');
      await this.release(e);
    }
  }

  private key(networkId: string, machine: string): string {
    return `${networkId}/${machine}`;
  }

  private leaseKey(domainName: string): string {
    return `${this.config.queuePrefix}:console-owner:${domainName}`;
  }

  /** The machine's console (ring opened, not necessarily attached); one per machine per process. */
  private async entry(networkId: string, machine: string): Promise<Entry> {
    const key = this.key(networkId, machine);
    const known = this.entries.get(key);
    const domainName = await this.domains.domainOf(networkId, machine);
    if (known) {
      if (known.domainName !== domainName) {
        if (known.leased) await this.release(known);
        known.domainName = domainName;
        known.console.setDomain(domainName);
      }
      return known;
    }
    let opening = this.opening.get(key);
    if (!opening) {
      opening = (async () => {
        const layout = new VmLayout(this.config.stateDir, networkId, machine);
        await layout.ensure();
        const ring = await ScrollbackRing.open(layout.consoleDir, this.config.consoles.scrollbackBytes);
        const console = new SerialConsole(domainName, {
          libvirt: this.libvirt.client,
          ring,
          serialLog: layout.serialLog,
          logger: this.logger,
          env: this.config.hostCommandEnv,
        });
        const entry: Entry = {
          networkId,
          machine,
          domainName,
          console,
          session: null,
          leased: false,
          watchedUntil: 0,
          relaying: false,
          placedHere: false,
          placedCheckedAt: 0,
        };
        this.entries.set(key, entry);
        return entry;
      })().finally(() => this.opening.delete(key));
      this.opening.set(key, opening);
    }
    return opening;
  }

  /** Takes the console's lease if free and attaches; says so when another process holds it. */
  private async hold(entry: Entry): Promise<void> {
    if (!entry.domainName || this.stopping) return;
    if (!entry.leased) {
      const ok = await this.redis.set(this.leaseKey(entry.domainName), this.token, 'PX', LEASE_MS, 'NX');
      if (ok !== 'OK') {
        entry.console.setState('elsewhere', 'Another panel process holds this VM’s console; connect through that process.');
        return;
      }
      entry.leased = true;
    }
    await entry.console.want();
  }

  private async release(entry: Entry): Promise<void> {
    if (!entry.domainName) return;
    entry.leased = false;
    await this.redis.eval(RELEASE, 1, this.leaseKey(entry.domainName), this.token).catch(() => undefined);
  }

  private async renewLeases(): Promise<void> {
    for (const e of this.entries.values()) {
      if (!e.leased || !e.domainName) continue;
      // A Redis hiccup is not a lost lease: only a renewal Redis refuses (someone else holds it) is.
      const ok = await this.redis.eval(RENEW, 1, this.leaseKey(e.domainName), this.token, String(LEASE_MS)).catch(() => null);
      if (ok === 0) {
        e.leased = false;
        e.console.detach('elsewhere', 'Another panel process took over this VM’s console.');
      }
    }
  }

  /** A request from a viewer's process on another host, for a console this process holds. */
  private async request(r: ConsoleRequest): Promise<void> {
    const entry = [...this.entries.values()].find((e) => e.leased && e.domainName === r.domain);
    // Only the machine's own host answers: a host it just left may hold the lease until its next sync.
    if (!entry || !(await this.placedHere(entry))) return;
    if (r.type === 'input') return entry.console.write(Buffer.from(r.data, 'base64'));
    entry.watchedUntil = Date.now() + WATCH_MS;
    this.relay(entry);
    if (r.type === 'replay') {
      const got = await entry.console.replay(r.since);
      const reply: ConsoleReply = { id: r.id, from: got.from, to: got.to, data: got.data.toString('base64'), state: entry.console.state() };
      await this.pubsub.publish(consoleReplies(r.replyTo), reply);
    }
  }

  /** Whether the entry's machine runs on this host (checked at most every 2 s per machine). */
  private async placedHere(entry: Entry): Promise<boolean> {
    if (Date.now() - entry.placedCheckedAt > 2000) {
      entry.placedHere = await this.hosts.ownsMachine(entry.networkId, entry.machine);
      entry.placedCheckedAt = Date.now();
    }
    return entry.placedHere;
  }

  /** Publishes a held console's output and status while someone on another host watches. */
  private relay(entry: Entry): void {
    if (entry.relaying) return;
    entry.relaying = true;
    const send = (m: ConsoleOut) => {
      if (entry.domainName && Date.now() < entry.watchedUntil)
        void this.pubsub.publish(consoleOut(entry.domainName), m).catch(() => undefined);
    };
    entry.console.subscribe((chunk, offset) => send({ type: 'output', offset, data: chunk.toString('base64') }));
    entry.console.onStatus((state, message) => send({ type: 'status', state, message }));
  }

  /** A viewer's session of a machine whose console the process on its host holds: relayed over Redis. */
  private remoteSession(networkId: string, machine: string, hostName: string): Promise<RemoteEntry> {
    const key = this.key(networkId, machine);
    let made = this.remotes.get(key);
    if (!made) {
      made = (async () => {
        const domainName = await this.domains.domainOf(networkId, machine);
        if (!domainName) throw new Error(`${machine} has no VM yet.`);
        const console = await RemoteConsole.open(this.pubsub, domainName, this.replies, hostName);
        const network = await this.networks.findOne({ where: { id: networkId }, select: { id: true, name: true } });
        const networkName = network?.name ?? networkId;
        const session = new TerminalSession(
          {
            kind: 'serial',
            sessionId: randomUUID(),
            title: `${networkName}/${machine}: serial console (on ${hostName})`,
            networkId,
            networkName,
            machine,
          },
          console,
          this.recordings,
          { record: 'viewed' },
        );
        session.onEmpty = () => {
          console.close();
          this.remotes.delete(key);
        };
        return { console, session };
      })();
      made.catch(() => this.remotes.delete(key));
      this.remotes.set(key, made);
    }
    return made;
  }

  /** The shared session viewers of a machine's serial console join (attaching on demand). */
  async session(networkId: string, machine: string): Promise<TerminalSession> {
    const host = await this.hosts.placementOf(networkId, machine);
    if (!host.local) return (await this.remoteSession(networkId, machine, host.name)).session;
    const entry = await this.entry(networkId, machine);
    await this.hold(entry);
    if (entry.session) return entry.session;
    const network = await this.networks.findOne({ where: { id: networkId }, select: { id: true, name: true } });
    const networkName = network?.name ?? networkId;
    const session = new TerminalSession(
      {
        kind: 'serial',
        sessionId: randomUUID(),
        title: `${networkName}/${machine}: serial console`,
        networkId,
        networkName,
        machine,
      },
      entry.console,
      this.recordings,
      { record: 'viewed' },
    );
    session.onEmpty = () => {
      // Without a keeper in this process nothing else needs the console: let another process have it.
      if (!this.config.runWorkers && entry.session === session) {
        entry.console.detach('stopped', 'Nobody is connected.');
        void this.release(entry);
      }
    };
    entry.session = session;
    return session;
  }

  /** For the HTTP log: where the machine's ring lives (any process may read it). */
  ringDir(networkId: string, machine: string): string {
    return new VmLayout(this.config.stateDir, networkId, machine).consoleDir;
  }

  /** Live facts for GET …/console. */
  snapshot(networkId: string, machine: string): { state: string; participants: ReturnType<TerminalSession['participants']> } | null {
    const e = this.entries.get(this.key(networkId, machine));
    if (!e) return null;
    return { state: e.console.state(), participants: e.session?.participants() ?? [] };
  }
}
