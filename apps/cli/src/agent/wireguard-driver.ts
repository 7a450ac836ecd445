import type { MeshAgentConfigMessage, MeshAgentPeerState } from '@clan/contracts';
import { canonicalIp, fillPrivateKey, parseWireGuardDump } from '@clan/vpn';
import { DnsSetter } from './dns';
import type { AgentLog, DriverOptions, MeshDriver } from './driver';
import { Firewall } from './firewall';
import { type CommandRunner, must } from './runner';
import { AgentState } from './state';

/**
 * The WireGuard driver: a kernel interface (`ip link add … type wireguard`),
 * or wireguard-go where the kernel has no module. Peers change through
 * `wg syncconf`, which keeps the sessions of peers that stay.
 */
export class WireGuardDriver implements MeshDriver {
  readonly layer = 'wireguard' as const;
  readonly outlivesAgent = true;
  readonly interfaceName: string;
  private readonly firewall: Firewall;
  private readonly dns: DnsSetter;

  constructor(
    private readonly runner: CommandRunner,
    private readonly options: DriverOptions,
    private readonly log: AgentLog,
  ) {
    this.interfaceName = options.interfaceName;
    this.firewall = new Firewall(runner, log);
    this.dns = new DnsSetter(runner, log, options.interfaceName, options.resolvConf);
  }

  hostOnly(config: MeshAgentConfigMessage): MeshAgentConfigMessage {
    return { ...config, config: wgHostOnly(config.config, config.hostPublicKey) };
  }

  peerCount(config: MeshAgentConfigMessage): number {
    return wgSections(config.config).filter((s) => s.kind === 'peer').length;
  }

  async apply(config: MeshAgentConfigMessage): Promise<void> {
    const ifname = this.interfaceName;
    await this.ensureInterface();
    // The file holds the private key: 0600 in the 0700 state directory, and only there.
    const file = new AgentState(this.options.stateDir).writeSecret(
      `${ifname}.conf`,
      fillPrivateKey(config.config, this.options.privateKey),
    );
    await must(this.runner, 'wg', ['syncconf', ifname, file]);
    await this.syncAddresses(config.addresses);
    await must(this.runner, 'ip', ['link', 'set', 'up', 'dev', ifname]);
    await this.firewall.apply(config.firewall);
    await this.dns.apply(config.dns);
  }

  async status(): Promise<MeshAgentPeerState[]> {
    const dump = parseWireGuardDump(await must(this.runner, 'wg', ['show', this.interfaceName, 'dump']));
    return dump.peers.map((p) => ({
      publicKey: p.publicKey,
      latestHandshake: p.latestHandshake,
      endpoint: p.endpoint,
      rxBytes: p.rxBytes,
      txBytes: p.txBytes,
    }));
  }

  async down(): Promise<void> {
    if (await this.exists()) await must(this.runner, 'ip', ['link', 'del', 'dev', this.interfaceName]);
    await this.firewall.remove();
  }

  async close(): Promise<void> {
    // The interface outlives the agent (kernel, or the wireguard-go daemon): nothing to stop.
  }

  private async exists(): Promise<boolean> {
    return (await this.runner.run('ip', ['link', 'show', 'dev', this.interfaceName])).code === 0;
  }

  private async ensureInterface(): Promise<void> {
    if (await this.exists()) return;
    const kernel = await this.runner.run('ip', ['link', 'add', 'dev', this.interfaceName, 'type', 'wireguard']);
    if (kernel.code === 0) return;
    if (!(await this.runner.exists('wireguard-go'))) {
      throw new Error(
        `cannot create ${this.interfaceName}: the kernel has no WireGuard module (${kernel.stderr.trim() || `exit ${kernel.code}`}) ` +
          'and wireguard-go is not installed: install the Debian package wireguard-go (apt-get install wireguard-go).',
      );
    }
    // wireguard-go forks into the background and returns once the interface exists.
    await must(this.runner, 'wireguard-go', [this.interfaceName]);
    this.log(`created ${this.interfaceName} with wireguard-go (no kernel WireGuard here)`);
  }

  /** Exactly the given addresses: missing ones added (IPv6 without duplicate detection), stale ones removed. */
  private async syncAddresses(addresses: readonly string[]): Promise<void> {
    const want = new Map(addresses.map((a) => [canonicalCidr(a), a]));
    const shown = JSON.parse((await must(this.runner, 'ip', ['-j', 'addr', 'show', 'dev', this.interfaceName])) || '[]') as IpAddrShow[];
    const have = new Set<string>();
    for (const link of shown) {
      for (const a of link.addr_info ?? []) {
        if (a.scope === 'link') continue;
        have.add(canonicalCidr(`${a.local}/${a.prefixlen}`));
      }
    }
    for (const stale of [...have].filter((a) => !want.has(a))) {
      await must(this.runner, 'ip', ['addr', 'del', stale, 'dev', this.interfaceName]);
    }
    for (const [key, address] of want) {
      if (have.has(key)) continue;
      const v6 = address.includes(':');
      await must(this.runner, 'ip', ['addr', 'add', address, 'dev', this.interfaceName, ...(v6 ? ['nodad'] : [])]);
    }
  }
}

interface IpAddrShow {
  addr_info?: { family?: string; local: string; prefixlen: number; scope?: string }[];
}

/** "fd00:0::7/64" → "fd00::7/64", so the kernel's spelling and the panel's compare equal. */
export function canonicalCidr(cidr: string): string {
  const slash = cidr.indexOf('/');
  const address = slash < 0 ? cidr : cidr.slice(0, slash);
  const prefix = slash < 0 ? (address.includes(':') ? '128' : '32') : cidr.slice(slash + 1);
  return `${canonicalIp(address) ?? address}/${prefix}`;
}

interface WgSection {
  kind: 'interface' | 'peer' | 'other';
  lines: string[];
  publicKey: string | null;
  /** The comment line right above the header ("laptop (device)"). */
  comment?: string | null;
}

/** The sections of a `wg syncconf` file, comments kept with the section they follow. */
export function wgSections(text: string): WgSection[] {
  const sections: WgSection[] = [];
  let current: WgSection = { kind: 'other', lines: [], publicKey: null, comment: null };
  for (const line of text.split('\n')) {
    const header = /^\s*\[(\w+)\]\s*$/.exec(line);
    if (header) {
      // Comment lines right above a header belong to it (the panel names each peer there).
      let cut = current.lines.length;
      while (cut > 0 && /^\s*#/.test(current.lines[cut - 1])) cut--;
      const leading = current.lines.splice(cut);
      sections.push(current);
      const name = header[1].toLowerCase();
      const kind = name === 'interface' ? 'interface' : name === 'peer' ? 'peer' : 'other';
      current = {
        kind,
        lines: [...leading, line],
        publicKey: null,
        comment: leading.length ? leading[leading.length - 1].replace(/^\s*#\s?/, '') : null,
      };
      continue;
    }
    const key = /^\s*PublicKey\s*=\s*(\S+)\s*$/i.exec(line);
    if (key) current.publicKey = key[1];
    current.lines.push(line);
  }
  sections.push(current);
  return sections.filter((s) => s.lines.length > 0);
}

/** Public key → the name the panel wrote above its [Peer] ("laptop"), for `mesh status`. */
export function wgPeerNames(text: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const s of wgSections(text)) {
    if (s.kind === 'peer' && s.publicKey && s.comment) names.set(s.publicKey, s.comment.split(' ')[0]);
  }
  return names;
}

/** The config with only the [Peer] of `hostPublicKey` (none when null). */
export function wgHostOnly(text: string, hostPublicKey: string | null): string {
  const kept = wgSections(text).filter((s) => s.kind !== 'peer' || (hostPublicKey !== null && s.publicKey === hostPublicKey));
  const out = kept.map((s) => s.lines.join('\n')).join('\n');
  return out.endsWith('\n') ? out : `${out}\n`;
}
