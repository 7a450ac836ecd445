import { createHash } from 'node:crypto';
import { LibvirtClient, LibvirtConnectionError, probeLibvirt } from '@clan/libvirt-client';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { loadOrCreateKey } from '../secrets/state-keys';
import { type DomainType, DomainTypeService } from './domain-type';

/**
 * The panel's one libvirt connection (CLAN_LIBVIRT_URI) and its identity on
 * that libvirtd: every domain the panel makes is named and tagged with
 * `panelId`, so several panels (or test runs) can share one libvirtd.
 */
@Injectable()
export class LibvirtService implements OnModuleDestroy {
  readonly client: LibvirtClient;
  /** 8 hex characters derived from a key in the state directory. */
  readonly panelId: string;
  private reachableAt = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly domainTypes: DomainTypeService,
  ) {
    // test:///default keeps its state only for one connection: use one long-lived virsh.
    this.client = new LibvirtClient({ uri: config.libvirtUri, session: config.libvirtUri.startsWith('test:') });
    this.panelId = createHash('sha256').update(loadOrCreateKey(config.stateDir, 'panel-id')).digest('hex').slice(0, 8);
  }

  get uri(): string {
    return this.config.libvirtUri;
  }

  /** The domain type VMs are defined with (CLAN_DOMAIN_TYPE, `auto` resolved by a probe). */
  domainType(): Promise<DomainType> {
    return this.domainTypes.resolve();
  }

  /**
   * Throws LibvirtConnectionError (answered as 503 with what to do) unless
   * libvirtd answers now; for requests that would only queue work needing it.
   * A success is trusted for 5 seconds.
   */
  async requireReachable(): Promise<void> {
    if (Date.now() - this.reachableAt < 5000) return;
    const p = await probeLibvirt(this.config.libvirtUri, 5000);
    if (!p.available) throw new LibvirtConnectionError(p.detail, p.detail, this.config.libvirtUri, p.virshMissing);
    this.reachableAt = Date.now();
  }

  /** `clan-<panelId>-<first 8 of network id>-<machine>`. */
  domainName(networkId: string, machine: string): string {
    return `clan-${this.panelId}-${networkId.replace(/-/g, '').slice(0, 8)}-${machine}`;
  }

  /** True for names this panel gives its domains. */
  owns(domainName: string): boolean {
    return domainName.startsWith(`clan-${this.panelId}-`);
  }

  onModuleDestroy(): void {
    this.client.close();
  }
}
