import { MESH_INTERFACES } from '@clan/nix-schema';
import { VpnError } from './errors';
import { canonicalIp } from './ip';
import type { JsonObject } from './json';
import { PEER_NAME_PATTERN, type PeerKind } from './mesh';
import { nftNixosTable, nftSet, nftTableScript, quoteInterface } from './nftables';

/**
 * Reachability rules: who may open connections to which target and port over
 * the mesh, by role, group, peer or kind — rendered as a firewall per target.
 * A target is a machine or a device that runs the device agent (`clanctl mesh
 * up`), the two kinds of peer that apply an inbound table of their own; other
 * devices only ever open connections. Pure: the API supplies members' roles
 * and peers' groups, each peer's mesh addresses (from its MeshLayer) and each
 * machine's app ports (from the app catalog), and applies the result through
 * the machine's NixOS configuration or the agent's `config` message.
 *
 * The rendered nftables table only drops: on the mesh interface it lets
 * through replies, ICMP and what the rules allow, and drops every other new
 * connection. The NixOS form also opens the allowed ports on the mesh
 * interface, so the NixOS firewall and this table agree.
 */

export type PortProtocol = 'tcp' | 'udp';

export interface ServicePort {
  port: number;
  protocol: PortProtocol;
}

/** "apps": the target machine's app ports; "ssh": TCP 22; or one explicit port. */
export type RulePort = 'apps' | 'ssh' | ServicePort;

export interface ReachabilityRule {
  /** Stable identifier, shown in the rendered comments and in `allows[].rules`. */
  id: string;
  /** Who: every given criterion must match; an omitted or empty one matches everyone. */
  from: { roles?: string[]; groups?: string[]; peers?: string[]; kinds?: PeerKind[] };
  /** Which targets (machines and agent devices): every given criterion must match; omitted or empty matches every target. */
  to: { machines?: string[]; groups?: string[] };
  ports: RulePort[];
}

export interface ReachabilitySource {
  /** Peer name (device or machine). */
  name: string;
  kind: PeerKind;
  /** The network role of the member the device belongs to ("owner", "admin", "member", "viewer"); null for machines. */
  role: string | null;
  groups: string[];
  /** The peer's mesh addresses (MeshLayer.addressesOf). */
  addresses: string[];
}

/** A target of the rules: a machine, or a device that runs the agent (no app ports; rules may still give it SSH or a port). */
export interface ReachabilityMachine {
  name: string;
  groups: string[];
  /** Ports the machine's enabled apps serve on the mesh (none for an agent device). */
  appPorts: ServicePort[];
}

export interface ReachabilityInput {
  sources: ReachabilitySource[];
  machines: ReachabilityMachine[];
  /** Defaults to DEFAULT_REACHABILITY_RULES. */
  rules?: ReachabilityRule[];
  /** The mesh interface; defaults to clan-wg. */
  interfaceName?: string;
}

export interface MachineAllowance extends ServicePort {
  /** Peer names allowed, sorted. */
  sources: string[];
  /** Ids of the rules that allow it, in rule order. */
  rules: string[];
}

export interface MachineFirewall {
  machine: string;
  /** Sorted by protocol, then port. */
  allows: MachineAllowance[];
  /** `nft -f` script (replaces the table atomically). */
  nftables: string;
  /** NixOS option values: the nftables table and the ports opened on the mesh interface. */
  nixos: JsonObject;
}

export const SSH_PORT = 22;
export const ADMIN_ROLES: readonly string[] = ['owner', 'admin'];
export const REACHABILITY_TABLE = 'clan_reach';

/** Members (and machines) reach every machine's app ports; only admins and owners reach SSH. */
export const DEFAULT_REACHABILITY_RULES: readonly ReachabilityRule[] = [
  { id: 'members-reach-apps', from: {}, to: {}, ports: ['apps'] },
  { id: 'admins-reach-ssh', from: { roles: [...ADMIN_ROLES] }, to: {}, ports: ['ssh'] },
];

const RULE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** A group name: a lower-case word ("kids", "office"), as peers carry them. */
export const REACHABILITY_GROUP_PATTERN = /^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/;

const groupProblem = (group: unknown): string | null =>
  typeof group === 'string' && REACHABILITY_GROUP_PATTERN.test(group)
    ? null
    : `${JSON.stringify(group)} is not a group name (a lower-case word: a–z, 0–9 and inner "-", at most 32 characters).`;

function validPort(p: ServicePort): boolean {
  return Number.isInteger(p.port) && p.port >= 1 && p.port <= 65535 && (p.protocol === 'tcp' || p.protocol === 'udp');
}

function inputProblems(input: ReachabilityInput, rules: readonly ReachabilityRule[]): string[] {
  const problems: string[] = [];
  const sourceNames = new Set(input.sources.map((s) => s.name));
  const machineNames = new Set(input.machines.map((m) => m.name));
  const ids = new Set<string>();
  for (const named of [...input.sources, ...input.machines]) {
    if (typeof named.name !== 'string' || !PEER_NAME_PATTERN.test(named.name)) {
      problems.push(`${JSON.stringify(named.name)} is not a peer name (a DNS label: a–z, 0–9 and "-").`);
    }
  }
  for (const source of input.sources) {
    for (const address of source.addresses) {
      if (canonicalIp(address) === null)
        problems.push(`Peer ${JSON.stringify(source.name)} has ${JSON.stringify(address)}, which is not an IP address.`);
    }
  }
  for (const named of [...input.sources, ...input.machines]) {
    for (const group of named.groups) {
      const problem = groupProblem(group);
      if (problem !== null) problems.push(`Peer ${JSON.stringify(named.name)}: ${problem}`);
    }
  }
  for (const machine of input.machines) {
    for (const port of machine.appPorts) {
      if (!validPort(port))
        problems.push(
          `Machine ${JSON.stringify(machine.name)} has an app port ${JSON.stringify(port)} that is not a port 1–65535 over tcp or udp.`,
        );
    }
  }
  for (const rule of rules) {
    const which = `Rule ${JSON.stringify(rule.id)}`;
    if (typeof rule.id !== 'string' || !RULE_ID.test(rule.id)) problems.push(`${which}: a rule id is 1–63 of a–z, 0–9 and "-".`);
    else if (ids.has(rule.id)) problems.push(`${which} appears twice; rule ids are unique.`);
    ids.add(rule.id);
    for (const peer of rule.from.peers ?? []) {
      if (!sourceNames.has(peer)) problems.push(`${which} names the peer ${JSON.stringify(peer)}, which is not in the network.`);
    }
    for (const machine of rule.to.machines ?? []) {
      if (!machineNames.has(machine))
        problems.push(
          `${which} names the machine ${JSON.stringify(machine)}, which is not a machine or agent device of the network ` +
            '(only they apply rules; another device cannot be a target).',
        );
    }
    for (const [side, groups] of [
      ['from', rule.from.groups],
      ['to', rule.to.groups],
    ] as const) {
      for (const group of groups ?? []) {
        const problem = groupProblem(group);
        if (problem !== null) problems.push(`${which}: ${side}.groups: ${problem}`);
      }
    }
    for (const kind of rule.from.kinds ?? []) {
      if (kind !== 'machine' && kind !== 'device')
        problems.push(`${which}: ${JSON.stringify(kind)} is not a peer kind (machine or device).`);
    }
    if (!Array.isArray(rule.ports) || rule.ports.length === 0) problems.push(`${which} allows no ports; give "apps", "ssh" or a port.`);
    for (const port of rule.ports ?? []) {
      if (port !== 'apps' && port !== 'ssh' && !(typeof port === 'object' && port !== null && validPort(port))) {
        problems.push(`${which}: ${JSON.stringify(port)} is not "apps", "ssh" or a port 1–65535 over tcp or udp.`);
      }
    }
  }
  return problems;
}

function matches<T>(wanted: readonly T[] | undefined, test: (value: T) => boolean): boolean {
  return wanted === undefined || wanted.length === 0 || wanted.some(test);
}

function sourceMatches(rule: ReachabilityRule, source: ReachabilitySource): boolean {
  const from = rule.from;
  return (
    matches(from.roles, (r) => source.role === r) &&
    matches(from.groups, (g) => source.groups.includes(g)) &&
    matches(from.peers, (p) => source.name === p) &&
    matches(from.kinds, (k) => source.kind === k)
  );
}

function machineMatches(rule: ReachabilityRule, machine: ReachabilityMachine): boolean {
  return matches(rule.to.machines, (m) => machine.name === m) && matches(rule.to.groups, (g) => machine.groups.includes(g));
}

function expandPorts(ports: RulePort[], machine: ReachabilityMachine): ServicePort[] {
  return ports.flatMap((p) => (p === 'apps' ? machine.appPorts : p === 'ssh' ? [{ port: SSH_PORT, protocol: 'tcp' as const }] : [p]));
}

/** Which targets to plan or render: every one (default), or only these names (one device agent's own table). */
export interface ReachabilityScope {
  only?: readonly string[];
}

/** Who may reach which port of each target (machine or agent device). Throws VpnError INVALID_RULE naming every problem. */
export function planReachability(input: ReachabilityInput, scope: ReachabilityScope = {}): Map<string, MachineAllowance[]> {
  const rules = input.rules ?? DEFAULT_REACHABILITY_RULES;
  const problems = inputProblems(input, rules);
  if (problems.length > 0) throw new VpnError('INVALID_RULE', `The reachability rules cannot be applied: ${problems.join(' ')}`);
  const result = new Map<string, MachineAllowance[]>();
  const only = scope.only ? new Set(scope.only) : null;
  for (const machine of input.machines) {
    if (only && !only.has(machine.name)) continue;
    const byPort = new Map<string, MachineAllowance>();
    for (const rule of rules) {
      if (!machineMatches(rule, machine)) continue;
      const sources = input.sources.filter((s) => s.name !== machine.name && sourceMatches(rule, s));
      if (sources.length === 0) continue;
      for (const port of expandPorts(rule.ports, machine)) {
        const key = `${port.protocol}/${port.port}`;
        const entry = byPort.get(key) ?? { protocol: port.protocol, port: port.port, sources: [], rules: [] };
        entry.sources = [...new Set([...entry.sources, ...sources.map((s) => s.name)])].sort();
        if (!entry.rules.includes(rule.id)) entry.rules.push(rule.id);
        byPort.set(key, entry);
      }
    }
    result.set(
      machine.name,
      [...byPort.values()].sort((a, b) => (a.protocol === b.protocol ? a.port - b.port : a.protocol < b.protocol ? -1 : 1)),
    );
  }
  return result;
}

/** The table's chain for one machine; allowances with the same sources share a line per family. */
function chainContent(allows: MachineAllowance[], sources: ReachabilitySource[], interfaceName: string): string {
  const addressesOf = new Map(sources.map((s) => [s.name, s.addresses.map((a) => canonicalIp(a) as string)]));
  const groups = new Map<string, { protocol: PortProtocol; sources: string[]; ports: number[]; rules: string[] }>();
  for (const allow of allows) {
    const key = `${allow.protocol} ${allow.sources.join(',')}`;
    const group = groups.get(key) ?? { protocol: allow.protocol, sources: allow.sources, ports: [], rules: [] };
    group.ports.push(allow.port);
    for (const id of allow.rules) if (!group.rules.includes(id)) group.rules.push(id);
    groups.set(key, group);
  }
  const lines = [
    '\tchain input {',
    '\t\ttype filter hook input priority filter - 5; policy accept;',
    `\t\tiifname != ${quoteInterface(interfaceName)} return`,
    '\t\tct state established,related accept',
    '\t\tct state invalid drop',
    '\t\tmeta l4proto { icmp, ipv6-icmp } accept',
  ];
  for (const group of groups.values()) {
    const addresses = group.sources.flatMap((name) => addressesOf.get(name) ?? []);
    const v4 = [...new Set(addresses.filter((a) => !a.includes(':')))].sort();
    const v6 = [...new Set(addresses.filter((a) => a.includes(':')))].sort();
    const ports = nftSet(group.ports);
    lines.push(`\t\t# ${group.rules.join(', ')}: ${group.sources.join(', ')}`);
    if (v4.length > 0) lines.push(`\t\tip saddr ${nftSet(v4)} ${group.protocol} dport ${ports} accept`);
    if (v6.length > 0) lines.push(`\t\tip6 saddr ${nftSet(v6)} ${group.protocol} dport ${ports} accept`);
  }
  lines.push('\t\tdrop', '\t}', '');
  return lines.join('\n');
}

/** The firewall of every target (machine or agent device), or of `scope.only`, by name. Throws VpnError INVALID_RULE. */
export function renderReachability(input: ReachabilityInput, scope: ReachabilityScope = {}): Map<string, MachineFirewall> {
  const interfaceName = input.interfaceName ?? MESH_INTERFACES.wireguard;
  quoteInterface(interfaceName);
  const plan = planReachability(input, scope);
  const out = new Map<string, MachineFirewall>();
  for (const [machine, allows] of plan) {
    const content = chainContent(allows, input.sources, interfaceName);
    const nixos = nftNixosTable('inet', REACHABILITY_TABLE, content);
    const tcp = [...new Set(allows.filter((a) => a.protocol === 'tcp').map((a) => a.port))];
    const udp = [...new Set(allows.filter((a) => a.protocol === 'udp').map((a) => a.port))];
    (nixos['networking'] as JsonObject)['firewall'] = { interfaces: { [interfaceName]: { allowedTCPPorts: tcp, allowedUDPPorts: udp } } };
    out.set(machine, { machine, allows, nftables: nftTableScript('inet', REACHABILITY_TABLE, content), nixos });
  }
  return out;
}
