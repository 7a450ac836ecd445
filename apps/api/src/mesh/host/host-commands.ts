import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { ProcessRunner } from '../../services/process/process-runner';

/** Host interface names: "clan" + 8 hex digits of the network id (see hostInterfaceName). */
export const HOST_INTERFACE = /^clan[0-9a-f]{8}$/;

/**
 * Host commands of the mesh (`ip`, `wg`, `sysctl`, …) through the
 * ProcessRunner, inside the mesh network namespace when the config names one
 * (CLAN_MESH_NETNS). Failures are CommandErrors with stderr in the message;
 * a missing command names its Debian package.
 */
@Injectable()
export class MeshHostCommands {
  private readonly removeHooks: ((interfaceName: string) => Promise<void>)[] = [];

  constructor(
    private readonly runner: ProcessRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Resolves stdout. `input` goes to stdin (configs with private keys go this way, never into an argument). */
  async run(command: string, args: string[], options: { input?: string; pkg?: string } = {}): Promise<string> {
    const result = await this.runner.run(command, args, {
      netns: this.config.mesh.netns,
      input: options.input,
      pkg: options.pkg,
      timeoutMs: 15_000,
    });
    return result.stdout;
  }

  /** The host's mesh interfaces (any layer): links named like hostInterfaceName. */
  async interfaces(): Promise<string[]> {
    const out = await this.run('ip', ['-o', 'link', 'show']);
    return out
      .split('\n')
      .map((line) => /^\d+:\s+([^:@\s]+)/.exec(line)?.[1] ?? '')
      .filter((name) => HOST_INTERFACE.test(name));
  }

  /** Adds the addresses the interface lacks (IPv6 without duplicate detection: the mesh is ours). */
  async ensureAddresses(interfaceName: string, addresses: readonly string[]): Promise<void> {
    const shown = await this.run('ip', ['-o', 'addr', 'show', 'dev', interfaceName]);
    for (const address of addresses) {
      if (shown.includes(` ${address} `)) continue;
      await this.run('ip', ['addr', 'add', address, 'dev', interfaceName, ...(address.includes(':') ? ['nodad'] : [])]);
    }
  }

  async up(interfaceName: string): Promise<void> {
    await this.run('ip', ['link', 'set', 'dev', interfaceName, 'up']);
  }

  async sysctls(values: Readonly<Record<string, string>>): Promise<void> {
    for (const [key, value] of Object.entries(values)) await this.run('sysctl', ['-q', '-w', `${key}=${value}`]);
  }

  /** A layer's driver stops what runs the interface (a daemon) before it is deleted. */
  beforeRemove(hook: (interfaceName: string) => Promise<void>): void {
    this.removeHooks.push(hook);
  }

  /** Tears an interface down, whatever its layer: its drivers' hooks first (a daemon may take its interface with it). */
  async remove(interfaceName: string): Promise<void> {
    for (const hook of this.removeHooks) await hook(interfaceName);
    if (this.removeHooks.length > 0 && !(await this.interfaces()).includes(interfaceName)) return;
    await this.run('ip', ['link', 'del', 'dev', interfaceName]);
  }
}
