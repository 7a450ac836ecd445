import { createHash } from 'node:crypto';
import { LibvirtClient } from '@clan/libvirt-client';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { loadOrCreateKey } from '../secrets/state-keys';

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

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // test:///default keeps its state only for one connection: use one long-lived virsh.
    this.client = new LibvirtClient({ uri: config.libvirtUri, session: config.libvirtUri.startsWith('test:') });
    this.panelId = createHash('sha256').update(loadOrCreateKey(config.stateDir, 'panel-id')).digest('hex').slice(0, 8);
  }

  get uri(): string {
    return this.config.libvirtUri;
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
