import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isOnline, parseWireGuardDump, RELAY_SYSCTLS } from '@clan/vpn';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import type { HostInterfaceConfig, LivePeer, MeshHostDriver } from '../layers/mesh-layers';
import { MeshHostCommands } from './host-commands';

/**
 * WireGuard on the panel host (docs/vpn.md, "Host interface"): kernel
 * WireGuard when the kernel has it, else wireguard-go; the member list is
 * applied with `wg syncconf`, which keeps the sessions of peers that stay and
 * ends those of removed ones.
 */
@Injectable()
export class WireGuardHost implements MeshHostDriver {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly commands: MeshHostCommands,
  ) {}

  async update(config: HostInterfaceConfig): Promise<void> {
    await this.syncconf(config);
    // The host may have become a relay with this change (a machine or a relay-only device joined after the set-up).
    if (config.forwards) await this.commands.sysctls(RELAY_SYSCTLS);
  }

  async setUp(config: HostInterfaceConfig): Promise<void> {
    await this.ensureInterface(config.interfaceName);
    await this.syncconf(config);
    await this.commands.ensureAddresses(config.interfaceName, config.addresses);
    await this.commands.up(config.interfaceName);
    if (config.forwards) await this.commands.sysctls(RELAY_SYSCTLS);
  }

  async live(interfaceName: string): Promise<Map<string, LivePeer>> {
    const dump = parseWireGuardDump(await this.commands.run('wg', ['show', interfaceName, 'dump']));
    const now = Math.floor(Date.now() / 1000);
    return new Map(
      dump.peers.map((p) => [
        p.publicKey,
        { online: isOnline(p, now), latestHandshake: p.latestHandshake, endpoint: p.endpoint, rxBytes: p.rxBytes, txBytes: p.txBytes },
      ]),
    );
  }

  /** `wg syncconf` reads a file: a private one (0600 in a 0700 directory), removed right after. */
  private async syncconf(config: HostInterfaceConfig): Promise<void> {
    const dir = await mkdtemp(join(this.config.stateDir, 'mesh-apply-'));
    try {
      await chmod(dir, 0o700);
      const file = join(dir, 'wg.conf');
      await writeFile(file, config.config, { mode: 0o600 });
      await this.commands.run('wg', ['syncconf', config.interfaceName, file]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async ensureInterface(name: string): Promise<void> {
    if ((await this.commands.interfaces()).includes(name)) return;
    try {
      await this.commands.run('ip', ['link', 'add', 'dev', name, 'type', 'wireguard']);
      return;
    } catch {
      // No WireGuard in this kernel: the userspace implementation (it daemonizes once the interface is up).
    }
    await this.commands.run('wireguard-go', [name], { pkg: 'wireguard-go' });
  }
}
