import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseWireGuardDump, RELAY_SYSCTLS } from '@clan/vpn';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { MeshChanges } from '../mesh-changes';
import { type HostInterfaceConfig, type LiveView, MeshService } from '../mesh.service';
import { PhonebookHost } from '../phonebook/phonebook-host.service';
import { HostCommandError, hostRun } from './host-run';

/** Host interface names: "clan" + 8 hex digits (see hostInterfaceName). */
const HOST_IF = /^clan[0-9a-f]{8}$/;
const RECONCILE_MS = 60_000;

export interface HostApplyResult {
  interfaceName: string;
  revision: number;
  /** Peers the interface has after the apply. */
  peers: number;
}

/**
 * The panel host's own WireGuard interface in every network (docs/vpn.md,
 * "Host interface"): address .1, relay for devices without a direct path,
 * where the phonebook answers, and where a removal takes effect at once
 * (`wg syncconf` keeps the other peers' sessions). Kernel WireGuard when the
 * kernel has it, else wireguard-go. Applies on start, after every change of
 * a member list, and every minute (an interface deleted behind the panel's
 * back comes back; interfaces of deleted networks go away).
 */
@Injectable()
export class MeshHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('MeshHost');
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly errors = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  /** Interfaces fully set up by this process (addresses, link, sysctls); the minute's reconcile re-checks them. */
  private readonly setUp = new Set<string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mesh: MeshService,
    private readonly changes: MeshChanges,
    private readonly phonebook: PhonebookHost,
  ) {}

  get enabled(): boolean {
    return this.config.mesh.hostInterfaces;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.changes.on('host interface', async (change) => {
      await this.apply(change.networkId);
    });
    void this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), RECONCILE_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Brings the network's host interface to the current member list (serialized per network). */
  apply(networkId: string): Promise<HostApplyResult | null> {
    const previous = this.chains.get(networkId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.applyNow(networkId));
    this.chains.set(networkId, next);
    next
      .finally(() => {
        if (this.chains.get(networkId) === next) this.chains.delete(networkId);
      })
      .catch(() => undefined);
    return next;
  }

  /** What the host interface sees (online state, handshakes); the error when it is not there. */
  async live(networkId: string): Promise<LiveView | null> {
    if (!this.enabled) return null;
    const name = (await this.mesh.hostInterfaceConfig(networkId))?.interfaceName;
    if (!name) return null;
    try {
      const dump = parseWireGuardDump(await this.run('wg', ['show', name, 'dump']));
      return { peers: new Map(dump.peers.map((p) => [p.publicKey, p])), error: null };
    } catch (error) {
      return {
        peers: new Map(),
        error: this.errors.get(networkId) ?? `The host interface ${name} is not running: ${(error as Error).message}`,
      };
    }
  }

  /** Every mesh applied, orphaned interfaces removed. Never throws. */
  async reconcile(): Promise<void> {
    try {
      const ids = await this.mesh.meshNetworkIds();
      this.setUp.clear();
      for (const id of ids) await this.apply(id).catch(() => undefined);
      const wanted = new Set(ids.map((id) => `clan${id.replace(/-/g, '').slice(0, 8)}`));
      for (const name of await this.interfaces()) {
        if (!wanted.has(name)) await this.removeInterface(name);
      }
      await this.phonebook.refresh();
    } catch (error) {
      this.log.warn(`reconcile: ${(error as Error).message}`);
    }
  }

  private async applyNow(networkId: string): Promise<HostApplyResult | null> {
    let config: HostInterfaceConfig | null;
    try {
      config = await this.mesh.hostInterfaceConfig(networkId);
    } catch (error) {
      // The network was deleted meanwhile (404), or its mesh cannot be rendered: nothing to apply.
      this.log.debug?.(`network ${networkId}: ${(error as Error).message}`);
      return null;
    }
    if (!config) return null;
    try {
      // After a full set-up in this process, a change only needs `wg syncconf` (one command instead of seven);
      // if the interface vanished meanwhile, syncconf fails and the full path runs again.
      const quick =
        this.setUp.has(config.interfaceName) &&
        (await this.syncconf(config).then(
          () => true,
          () => false,
        ));
      if (!quick) {
        this.setUp.delete(config.interfaceName);
        await this.ensureInterface(config.interfaceName);
        await this.syncconf(config);
        await this.ensureAddresses(config);
        await this.run('ip', ['link', 'set', 'dev', config.interfaceName, 'up']);
        if (config.forwards) {
          for (const [key, value] of Object.entries(RELAY_SYSCTLS)) await this.run('sysctl', ['-q', '-w', `${key}=${value}`]);
        }
        this.setUp.add(config.interfaceName);
      }
      await this.mesh.markSynced(config.hostPeerId, config.revision);
      this.errors.delete(networkId);
      await this.phonebook.refresh();
      return { interfaceName: config.interfaceName, revision: config.revision, peers: config.peers };
    } catch (error) {
      const message = error instanceof HostCommandError ? error.message : (error as Error).message;
      this.errors.set(networkId, `The host interface ${config.interfaceName} could not be set up: ${message}`);
      this.log.warn(this.errors.get(networkId)!);
      throw error;
    }
  }

  /** `wg syncconf` reads a file: a private one (0600 in a 0700 directory), removed right after. */
  private async syncconf(config: HostInterfaceConfig): Promise<void> {
    const dir = await mkdtemp(join(this.config.stateDir, 'mesh-apply-'));
    try {
      await chmod(dir, 0o700);
      const file = join(dir, 'wg.conf');
      await writeFile(file, config.syncconf, { mode: 0o600 });
      await this.run('wg', ['syncconf', config.interfaceName, file]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async ensureInterface(name: string): Promise<void> {
    if ((await this.interfaces()).includes(name)) return;
    try {
      await this.run('ip', ['link', 'add', 'dev', name, 'type', 'wireguard']);
      return;
    } catch {
      // No WireGuard in this kernel: the userspace implementation (it daemonizes once the interface is up).
    }
    await this.run('wireguard-go', [name], undefined, 'wireguard-go');
  }

  private async ensureAddresses(config: HostInterfaceConfig): Promise<void> {
    const shown = await this.run('ip', ['-o', 'addr', 'show', 'dev', config.interfaceName]);
    for (const address of config.addresses) {
      if (shown.includes(` ${address} `)) continue;
      await this.run('ip', ['addr', 'add', address, 'dev', config.interfaceName, ...(address.includes(':') ? ['nodad'] : [])]);
    }
  }

  private async interfaces(): Promise<string[]> {
    const out = await this.run('ip', ['-o', 'link', 'show']);
    return out
      .split('\n')
      .map((line) => /^\d+:\s+([^:@\s]+)/.exec(line)?.[1] ?? '')
      .filter((name) => HOST_IF.test(name));
  }

  private async removeInterface(name: string): Promise<void> {
    this.log.log(`removing ${name}: its network no longer exists`);
    await this.run('ip', ['link', 'del', 'dev', name]).catch((e: Error) => this.log.warn(`removing ${name}: ${e.message}`));
  }

  private run(command: string, args: string[], input?: string, pkg?: string): Promise<string> {
    return hostRun(command, args, {
      netns: this.config.mesh.netns,
      input,
      env: this.config.hostCommandEnv,
      pkg: pkg ?? (command === 'wg' ? 'wireguard-tools' : command === 'ip' ? 'iproute2' : undefined),
    });
  }
}
