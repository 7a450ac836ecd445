import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { yggdrasilConfigFirewall } from '@clan/vpn';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { missingCommandMessage, ProcessRunner } from '../../services/process/process-runner';
import type { HostInterfaceConfig, LivePeer, MeshHostDriver } from '../layers/mesh-layers';
import { HOST_INTERFACE, MeshHostCommands } from './host-commands';

/** How long a started daemon has to bring its interface up with its address. */
const START_TIMEOUT_MS = 15_000;
/** First delay before a daemon that died is started again; doubles up to RESTART_MAX_MS while it keeps dying. */
const RESTART_MIN_MS = 1000;
const RESTART_MAX_MS = 30_000;
/** A daemon that ran this long counts as healthy again (the restart delay starts over). */
const HEALTHY_MS = 60_000;
/** sun_path holds 108 bytes; leave room. */
const UNIX_SOCKET_PATH_MAX = 100;

type Child = ReturnType<ProcessRunner['start']>;

interface Daemon {
  child: Child;
  /** The config text it runs with (private key included; never logged). */
  config: string;
  startedAt: number;
  /** Set before we stop it ourselves: its exit is then no reason to restart. */
  stopping: boolean;
  /** The daemon's last lines of output, for a sentence when it fails. */
  output: string[];
}

/** The table name of an interface's member firewall: `clan_ygg_` + the 8 hex digits of the interface name. */
export function yggdrasilHostTable(interfaceName: string): string {
  return `clan_ygg_${interfaceName.replace(/^clan/, '')}`;
}

/**
 * Yggdrasil on the panel host (docs/vpn.md, "Yggdrasil"): one `yggdrasil
 * -useconffile` per network, inside the mesh namespace, its TUN named like
 * every host interface (so MeshHost's reconcile finds orphans by name), its
 * admin socket beside its config in the state dir. Supervised: a daemon that
 * dies is started again (with growing delays while it keeps dying); one
 * whose interface MeshHost removes is stopped first.
 *
 * Yggdrasil 0.4.7 cannot change AllowedPublicKeys while running, so a member
 * change restarts the daemon — after the member firewall (an nft table per
 * interface, replaced atomically) already drops a removed member's address,
 * so the cut does not wait for the restart.
 */
@Injectable()
export class YggdrasilHost implements MeshHostDriver, OnModuleDestroy {
  private readonly log = new Logger('YggdrasilHost');
  private readonly daemons = new Map<string, Daemon>();
  private readonly restartDelays = new Map<string, number>();
  private readonly restartTimers = new Map<string, NodeJS.Timeout>();
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly commands: MeshHostCommands,
    private readonly runner: ProcessRunner,
  ) {
    commands.beforeRemove((name) => this.remove(name));
  }

  /** A running daemon gets the new member list: firewall first (the cut), then a restart when the config changed. */
  async update(config: HostInterfaceConfig): Promise<void> {
    const daemon = this.daemons.get(config.interfaceName);
    if (!daemon || daemon.child.exitCode !== null || daemon.child.signalCode !== null) {
      throw new Error(`The Yggdrasil daemon of ${config.interfaceName} is not running.`);
    }
    await this.applyFirewall(config);
    if (daemon.config === this.nodeConfig(config)) return;
    await this.restart(config);
  }

  /** Firewall, then the daemon (started when missing, restarted when its config changed); idempotent. */
  async setUp(config: HostInterfaceConfig): Promise<void> {
    await this.applyFirewall(config);
    const daemon = this.daemons.get(config.interfaceName);
    const running = daemon && daemon.child.exitCode === null && daemon.child.signalCode === null;
    if (running && daemon.config === this.nodeConfig(config) && (await this.commands.interfaces()).includes(config.interfaceName)) return;
    await this.restart(config);
  }

  /** Peers and sessions from `yggdrasilctl`, keyed by public key: a peering or a session means online. */
  async live(interfaceName: string): Promise<Map<string, LivePeer>> {
    if (!this.daemons.has(interfaceName)) throw new Error(`The Yggdrasil daemon of ${interfaceName} is not running.`);
    const ctl = async (command: string): Promise<Record<string, unknown>[]> => {
      const out = await this.commands.run('yggdrasilctl', ['-json', `-endpoint=unix://${this.socket(interfaceName)}`, command], {
        pkg: 'yggdrasil',
      });
      const parsed = JSON.parse(out) as Record<string, unknown>;
      const list = parsed[command === 'getPeers' ? 'peers' : 'sessions'];
      // 0.4.x answers a list; older versions keyed the entries by address.
      return (Array.isArray(list) ? list : Object.values(list ?? {})) as Record<string, unknown>[];
    };
    const [peers, sessions] = await Promise.all([ctl('getPeers'), ctl('getSessions')]);
    const now = Math.floor(Date.now() / 1000);
    const live = new Map<string, LivePeer>();
    for (const entry of [...peers, ...sessions]) {
      const key = typeof entry['key'] === 'string' ? entry['key'] : null;
      if (!key) continue;
      const known = live.get(key);
      const uptime = Number(entry['uptime']);
      live.set(key, {
        online: true,
        // Yggdrasil has no handshakes: when the peering or session began.
        latestHandshake: known?.latestHandshake ?? (Number.isFinite(uptime) ? now - Math.floor(uptime) : now),
        endpoint: known?.endpoint ?? (typeof entry['remote'] === 'string' ? entry['remote'] : null),
        rxBytes: Math.max(known?.rxBytes ?? 0, Number(entry['bytes_recvd']) || 0),
        txBytes: Math.max(known?.txBytes ?? 0, Number(entry['bytes_sent']) || 0),
      });
    }
    return live;
  }

  /** Stops every daemon this process runs (their interfaces go with them; the next start sets them up again). */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    for (const timer of this.restartTimers.values()) clearTimeout(timer);
    await Promise.all([...this.daemons.keys()].map((name) => this.stop(name)));
  }

  /** MeshHost removes the interface of a network that no longer exists: stop its daemon, drop its firewall. */
  private async remove(interfaceName: string): Promise<void> {
    clearTimeout(this.restartTimers.get(interfaceName));
    this.restartTimers.delete(interfaceName);
    await this.stop(interfaceName);
    await this.stopOrphan(interfaceName);
    await this.commands
      .run('nft', ['delete', 'table', 'inet', yggdrasilHostTable(interfaceName)], { pkg: 'nftables' })
      .catch(() => undefined);
  }

  private get dir(): string {
    return join(this.config.stateDir, 'mesh-yggdrasil');
  }

  private socket(interfaceName: string): string {
    return join(this.dir, `${interfaceName}.sock`);
  }

  /** The config as the daemon runs it: the layer's render with the admin socket this driver reads. */
  private nodeConfig(config: HostInterfaceConfig): string {
    const node = JSON.parse(config.config) as Record<string, unknown>;
    return `${JSON.stringify({ ...node, IfName: config.interfaceName, AdminListen: `unix://${this.socket(config.interfaceName)}` }, null, 2)}\n`;
  }

  private async applyFirewall(config: HostInterfaceConfig): Promise<void> {
    const script = yggdrasilConfigFirewall(config.config, config.interfaceName, yggdrasilHostTable(config.interfaceName));
    await this.commands.run('nft', ['-f', '-'], { input: script, pkg: 'nftables' });
  }

  private async restart(config: HostInterfaceConfig): Promise<void> {
    const name = config.interfaceName;
    if (!HOST_INTERFACE.test(name)) throw new Error(`${JSON.stringify(name)} is not a host interface name.`);
    const socket = this.socket(name);
    if (socket.length > UNIX_SOCKET_PATH_MAX) {
      throw new Error(`The Yggdrasil admin socket path ${socket} is too long for a Unix socket; use a shorter state directory.`);
    }
    await this.stop(name);
    await this.stopOrphan(name);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = join(this.dir, `${name}.conf`);
    const text = this.nodeConfig(config);
    await writeFile(file, text, { mode: 0o600 });
    await rm(socket, { force: true });
    const child = this.runner.start('yggdrasil', ['-useconffile', file, '-logto', 'stdout'], {
      netns: this.config.mesh.netns,
      pkg: 'yggdrasil',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const daemon: Daemon = { child, config: text, startedAt: Date.now(), stopping: false, output: [] };
    this.daemons.set(name, daemon);
    const keep = (data: Buffer) => {
      daemon.output.push(...data.toString('utf8').split('\n').filter(Boolean));
      daemon.output.splice(0, Math.max(0, daemon.output.length - 20));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const failed = new Promise<Error>((resolve) => {
      child.once('error', (error) => resolve(error));
      child.once('exit', (code, signal) => {
        const said = daemon.output.slice(-3).join(' / ');
        // Through `ip netns exec` a missing binary is ip's complaint, not ENOENT.
        if (/exec of "yggdrasil" failed/.test(said)) resolve(new Error(missingCommandMessage('yggdrasil', 'yggdrasil')));
        else resolve(new Error(`yggdrasil exited (${signal ?? code}): ${said || 'no output'}`));
      });
    });
    child.once('exit', () => this.exited(name, daemon, config));
    child.once('error', () => undefined);
    if (child.pid !== undefined) await writeFile(join(this.dir, `${name}.pid`), `${child.pid}\n`, { mode: 0o600 });
    await this.waitForAddress(name, failed);
  }

  /** Resolves once the daemon's TUN has its address (Yggdrasil sets it itself); rejects when it dies or takes too long. */
  private async waitForAddress(name: string, failed: Promise<Error>): Promise<void> {
    let dead: Error | null = null;
    void failed.then((error) => (dead = error));
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (dead) throw dead;
      const shown = await this.commands.run('ip', ['-o', '-6', 'addr', 'show', 'dev', name]).catch(() => '');
      if (/ inet6 [23][0-9a-f]{2}:/.test(shown)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`yggdrasil did not bring ${name} up within ${START_TIMEOUT_MS / 1000} s.`);
  }

  /** Starts it again after an unexpected exit, unless it was stopped, replaced or the panel is closing. */
  private exited(name: string, daemon: Daemon, config: HostInterfaceConfig): void {
    if (daemon.stopping || this.closing || this.daemons.get(name) !== daemon) return;
    this.daemons.delete(name);
    const healthy = Date.now() - daemon.startedAt > HEALTHY_MS;
    const delay = healthy ? RESTART_MIN_MS : Math.min(RESTART_MAX_MS, (this.restartDelays.get(name) ?? RESTART_MIN_MS / 2) * 2);
    this.restartDelays.set(name, delay);
    this.log.warn(`yggdrasil of ${name} exited (${daemon.output.slice(-1)[0] ?? 'no output'}); starting it again in ${delay} ms`);
    const timer = setTimeout(() => {
      this.restartTimers.delete(name);
      if (this.closing || this.daemons.has(name)) return;
      this.restart(config).catch((error: Error) => this.log.warn(`restarting yggdrasil of ${name}: ${error.message}`));
    }, delay);
    timer.unref();
    this.restartTimers.set(name, timer);
  }

  /** SIGTERM (Yggdrasil removes its TUN), SIGKILL after 3 s. */
  private async stop(name: string): Promise<void> {
    const daemon = this.daemons.get(name);
    if (!daemon) return;
    daemon.stopping = true;
    this.daemons.delete(name);
    const { child } = daemon;
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 3000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    await rm(join(this.dir, `${name}.pid`), { force: true });
  }

  /** A daemon a previous panel process left running (it would hold the interface name): stopped by the pid it wrote. */
  private async stopOrphan(name: string): Promise<void> {
    const pidFile = join(this.dir, `${name}.pid`);
    const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
    if (!Number.isInteger(pid) || pid <= 1) return;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    // Only that daemon: a pid reused by another program is left alone.
    if (cmdline.includes('yggdrasil') && cmdline.includes(join(this.dir, `${name}.conf`))) {
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 30 && (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')) !== ''; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await rm(pidFile, { force: true });
  }
}
