import { readlinkSync, writeFileSync } from 'node:fs';
import type { MeshAgentConfigMessage } from '@clan/contracts';
import type { AgentLog } from './driver';
import type { CommandRunner } from './runner';

type Dns = MeshAgentConfigMessage['dns'];

/**
 * The mesh's resolvers and search domain (`<name>.<network>.clan`): written
 * to --resolv-conf when given, else told to systemd-resolved for the mesh
 * interface, else skipped with one log line. Failures are logged, never fatal:
 * the tunnel matters more than names.
 */
export class DnsSetter {
  private last: string | undefined;
  private skippedOnce = false;

  constructor(
    private readonly runner: CommandRunner,
    private readonly log: AgentLog,
    private readonly interfaceName: string,
    private readonly resolvConf: string | undefined,
    /** systemd-resolved serves the host's namespace; from another one it would change a stranger's link of the same index. */
    private readonly inHostNamespace: () => boolean = sameNetnsAsInit,
  ) {}

  async apply(dns: Dns): Promise<void> {
    const key = JSON.stringify(dns);
    if (key === this.last) return;
    try {
      if (this.resolvConf) {
        writeFileSync(this.resolvConf, resolvConfText(dns), { mode: 0o644 });
      } else if ((await this.runner.exists('resolvectl')) && this.inHostNamespace()) {
        await this.resolvectl(dns);
      } else {
        if (!this.skippedOnce)
          this.log('DNS not set: no resolvectl here and no --resolv-conf given (use names by address or pass --resolv-conf)');
        this.skippedOnce = true;
      }
      this.last = key;
    } catch (err) {
      this.log(`DNS not set: ${(err as Error).message}`);
    }
  }

  private async resolvectl(dns: Dns): Promise<void> {
    const steps: string[][] = dns
      ? [
          ['dns', this.interfaceName, ...dns.servers],
          ['domain', this.interfaceName, dns.domain],
        ]
      : [['revert', this.interfaceName]];
    for (const args of steps) {
      const result = await this.runner.run('resolvectl', args);
      if (result.code !== 0) throw new Error(`resolvectl ${args[0]} failed: ${result.stderr.trim()}`);
    }
  }
}

export function resolvConfText(dns: Dns): string {
  const lines = ['# written by clanctl mesh up (the mesh resolver); rewritten on every change'];
  if (dns) {
    lines.push(...dns.servers.map((s) => `nameserver ${s}`));
    if (dns.domain) lines.push(`search ${dns.domain}`);
  }
  return `${lines.join('\n')}\n`;
}

function sameNetnsAsInit(): boolean {
  try {
    return readlinkSync('/proc/self/ns/net') === readlinkSync('/proc/1/ns/net');
  } catch {
    // Unknown (not Linux, or /proc/1 not readable): trust resolvectl.
    return true;
  }
}
