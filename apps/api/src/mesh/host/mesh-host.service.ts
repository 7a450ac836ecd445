import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { type HostInterfaceConfig, type LiveView, MeshLayers } from '../layers/mesh-layers';
import { MeshChanges } from '../mesh-changes';
import { MeshConfigs } from '../mesh-configs.service';
import { MeshModel } from '../mesh-model.service';
import { hostInterfaceName } from '../mesh-support';
import { PhonebookHost } from '../phonebook/phonebook-host.service';
import { MeshHostCommands } from './host-commands';

const RECONCILE_MS = 60_000;

export interface HostApplyResult {
  interfaceName: string;
  revision: number;
  /** Peers the interface has after the apply. */
  peers: number;
}

/**
 * The panel host's own interface in every network (docs/vpn.md, "Host
 * interface"): address .1, relay for devices without a direct path, where the
 * phonebook answers, and where a removal takes effect at once. The network's
 * layer renders the config (MeshConfigs) and its host driver applies it
 * (MeshLayers); this service decides when: on start, after every change of a
 * member list, and every minute (an interface deleted behind the panel's back
 * comes back; interfaces of deleted networks go away).
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
    private readonly model: MeshModel,
    private readonly configs: MeshConfigs,
    private readonly layers: MeshLayers,
    private readonly commands: MeshHostCommands,
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
    const config = await this.configs.hostInterfaceConfig(networkId);
    if (!config) return null;
    try {
      return { peers: await this.layers.of(config.layer).host.live(config.interfaceName), error: null };
    } catch (error) {
      return {
        peers: new Map(),
        error: this.errors.get(networkId) ?? `The host interface ${config.interfaceName} is not running: ${(error as Error).message}`,
      };
    }
  }

  /** Every mesh applied, orphaned interfaces removed. Never throws. */
  async reconcile(): Promise<void> {
    try {
      const ids = await this.model.meshNetworkIds();
      this.setUp.clear();
      for (const id of ids) await this.apply(id).catch(() => undefined);
      const wanted = new Set(ids.map(hostInterfaceName));
      for (const name of await this.commands.interfaces()) {
        if (wanted.has(name)) continue;
        this.log.log(`removing ${name}: its network no longer exists`);
        await this.commands.remove(name).catch((e: Error) => this.log.warn(`removing ${name}: ${e.message}`));
      }
      await this.phonebook.refresh();
    } catch (error) {
      this.log.warn(`reconcile: ${(error as Error).message}`);
    }
  }

  private async applyNow(networkId: string): Promise<HostApplyResult | null> {
    let config: HostInterfaceConfig | null;
    try {
      config = await this.configs.hostInterfaceConfig(networkId);
    } catch (error) {
      // The network was deleted meanwhile (404), its mesh cannot be rendered, or its layer does not run here: nothing to apply.
      this.log.debug?.(`network ${networkId}: ${(error as Error).message}`);
      return null;
    }
    if (!config) return null;
    const driver = this.layers.of(config.layer).host;
    try {
      // After a full set-up in this process, a change only needs an update (WireGuard: one `wg syncconf` instead of
      // seven commands); if the interface vanished meanwhile, the update fails and the full path runs again.
      const quick =
        this.setUp.has(config.interfaceName) &&
        (await driver.update(config).then(
          () => true,
          () => false,
        ));
      if (!quick) {
        this.setUp.delete(config.interfaceName);
        await driver.setUp(config);
        this.setUp.add(config.interfaceName);
      }
      await this.model.markSynced(config.hostPeerId, config.revision);
      this.errors.delete(networkId);
      await this.phonebook.refresh();
      return { interfaceName: config.interfaceName, revision: config.revision, peers: config.peers };
    } catch (error) {
      const message = `The host interface ${config.interfaceName} could not be set up: ${(error as Error).message}`;
      this.errors.set(networkId, message);
      this.log.warn(message);
      throw error;
    }
  }
}
