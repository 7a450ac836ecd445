import { NETWORK_ROLES } from '@clan/contracts';
import { groupProblem } from './network-mesh-groups';

/**
 * Reachability rules (docs/vpn.md "Firewall: reachability rules") as the API
 * stores them, and the editor's row form. Pure: the mapping both ways, port
 * parsing, and routing the API's 400 sentences back to the rows they name.
 */
export type PortProtocol = 'tcp' | 'udp';
export type RulePort = 'apps' | 'ssh' | { port: number; protocol: PortProtocol };
export type PeerKind = 'machine' | 'device';

export interface MeshRule {
  id: string;
  from: { roles?: string[]; groups?: string[]; peers?: string[]; kinds?: PeerKind[] };
  to: { machines?: string[]; groups?: string[] };
  ports: RulePort[];
}

/** One allowed (port, protocol) on a machine: who may connect and which rules allow it. */
export interface RuleAllowance {
  port: number;
  protocol: PortProtocol;
  sources: string[];
  rules: string[];
}

/**
 * The network's default (libs/vpn DEFAULT_REACHABILITY_RULES, copied: the
 * browser must not import the VPN library): members and machines reach every
 * machine's app ports; only owners and admins reach SSH.
 */
export const DEFAULT_RULES: readonly MeshRule[] = [
  { id: 'members-reach-apps', from: {}, to: {}, ports: ['apps'] },
  { id: 'admins-reach-ssh', from: { roles: ['owner', 'admin'] }, to: {}, ports: ['ssh'] },
];

/** One row of the editor: lists as comma-separated text, roles as checkboxes, kind as a choice. */
export interface RuleForm {
  id: string;
  roles: string[];
  groups: string;
  peers: string;
  kinds: 'any' | PeerKind;
  machines: string;
  toGroups: string;
  ports: string;
}

export const KNOWN_ROLES: readonly string[] = NETWORK_ROLES;

/** "a, b ,, c" → ["a", "b", "c"]; also splits on whitespace so "a b" is two names. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function formatPort(port: RulePort): string {
  return typeof port === 'string' ? port : `${port.port}/${port.protocol}`;
}

export function formatPorts(ports: readonly RulePort[]): string {
  return ports.map(formatPort).join(', ');
}

const PORT_TOKEN = /^(\d{1,5})(?:\/(tcp|udp))?$/i;

/** "apps, ssh, 8080/tcp, 53/udp, 443" (a bare number is TCP). */
export function parsePorts(text: string): { ports: RulePort[]; problems: string[] } {
  const ports: RulePort[] = [];
  const problems: string[] = [];
  for (const token of splitList(text)) {
    const lower = token.toLowerCase();
    if (lower === 'apps' || lower === 'ssh') {
      ports.push(lower);
      continue;
    }
    const m = PORT_TOKEN.exec(token);
    const port = m ? Number(m[1]) : NaN;
    if (!m || port < 1 || port > 65535) {
      problems.push(`Ports: "${token}" is not "apps", "ssh" or a port 1–65535 like 8080/tcp or 53/udp.`);
      continue;
    }
    ports.push({ port, protocol: (m[2]?.toLowerCase() as PortProtocol | undefined) ?? 'tcp' });
  }
  if (ports.length === 0 && problems.length === 0) problems.push('Ports: give "apps", "ssh" or a port like 8080/tcp.');
  return { ports, problems };
}

export function ruleToForm(rule: MeshRule): RuleForm {
  const kinds = rule.from.kinds ?? [];
  return {
    id: rule.id,
    roles: [...(rule.from.roles ?? [])],
    groups: (rule.from.groups ?? []).join(', '),
    peers: (rule.from.peers ?? []).join(', '),
    kinds: kinds.length === 1 ? kinds[0] : 'any',
    machines: (rule.to.machines ?? []).join(', '),
    toGroups: (rule.to.groups ?? []).join(', '),
    ports: formatPorts(rule.ports ?? []),
  };
}

/** A row back to the API's shape; empty criteria are left out (they match everyone). */
export function formToRule(form: RuleForm): { rule: MeshRule; problems: string[] } {
  const { ports, problems } = parsePorts(form.ports);
  const from: MeshRule['from'] = {};
  const roles = [...new Set(form.roles)];
  if (roles.length) from.roles = roles;
  const groups = splitList(form.groups);
  if (groups.length) from.groups = groups;
  for (const group of groups) {
    const problem = groupProblem(group);
    if (problem) problems.push(`From groups: ${problem}`);
  }
  const peers = splitList(form.peers);
  if (peers.length) from.peers = peers;
  if (form.kinds !== 'any') from.kinds = [form.kinds];
  const to: MeshRule['to'] = {};
  const machines = splitList(form.machines);
  if (machines.length) to.machines = machines;
  const toGroups = splitList(form.toGroups);
  if (toGroups.length) to.groups = toGroups;
  for (const group of toGroups) {
    const problem = groupProblem(group);
    if (problem) problems.push(`To groups: ${problem}`);
  }
  const id = form.id.trim();
  if (!id) problems.unshift('Id: give the rule a name, e.g. "family-reaches-nas".');
  return { rule: { id, from, to, ports }, problems };
}

/** Every row mapped; `problems[i]` holds row i's own (client-side) problems. */
export function formsToRules(forms: readonly RuleForm[]): { rules: MeshRule[]; problems: string[][]; ok: boolean } {
  const mapped = forms.map(formToRule);
  const problems = mapped.map((m) => m.problems);
  return { rules: mapped.map((m) => m.rule), problems, ok: problems.every((p) => p.length === 0) };
}

/** An empty row with an id not yet used ("rule-3"). */
export function newRuleForm(existingIds: readonly string[]): RuleForm {
  let n = existingIds.length + 1;
  while (existingIds.includes(`rule-${n}`)) n++;
  return { id: `rule-${n}`, roles: [], groups: '', peers: '', kinds: 'any', machines: '', toGroups: '', ports: 'apps' };
}

/** Who a rule lets in, in words: "everyone", "roles owner, admin · devices". */
export function describeFrom(rule: MeshRule): string {
  const parts: string[] = [];
  if (rule.from.roles?.length) parts.push(`roles ${rule.from.roles.join(', ')}`);
  if (rule.from.groups?.length) parts.push(`groups ${rule.from.groups.join(', ')}`);
  if (rule.from.peers?.length) parts.push(`peers ${rule.from.peers.join(', ')}`);
  if (rule.from.kinds?.length) parts.push(rule.from.kinds.map((k) => `${k}s`).join(', '));
  return parts.length ? parts.join(' · ') : 'everyone';
}

export function describeTo(rule: MeshRule): string {
  const parts: string[] = [];
  if (rule.to.machines?.length) parts.push(`machines ${rule.to.machines.join(', ')}`);
  if (rule.to.groups?.length) parts.push(`groups ${rule.to.groups.join(', ')}`);
  return parts.length ? parts.join(' · ') : 'every machine';
}

/** Who, in the summary's short form: groups by name ("kids"), else roles, peers, kinds; "everyone" when open. */
function shortFrom(rule: MeshRule): string {
  const parts: string[] = [];
  if (rule.from.groups?.length) parts.push(rule.from.groups.join(', '));
  if (rule.from.roles?.length) parts.push(`${rule.from.roles.join(', ')} (roles)`);
  if (rule.from.peers?.length) parts.push(rule.from.peers.join(', '));
  if (rule.from.kinds?.length) parts.push(rule.from.kinds.map((k) => `${k}s`).join(', '));
  return parts.length ? parts.join(' · ') : 'everyone';
}

function shortTo(rule: MeshRule): string {
  const parts: string[] = [];
  if (rule.to.groups?.length) parts.push(rule.to.groups.join(', '));
  if (rule.to.machines?.length) parts.push(rule.to.machines.join(', '));
  return parts.length ? parts.join(' · ') : 'every machine';
}

/** A rule in one line, naming groups as they are: "kids → media: apps", "owner, admin (roles) → every machine: ssh". */
export function ruleSummary(rule: MeshRule): string {
  return `${shortFrom(rule)} → ${shortTo(rule)}: ${formatPorts(rule.ports)}`;
}

export interface RoutedProblems {
  /** Per row (same order as the ids given). */
  rows: string[][];
  /** What names no row. */
  general: string[];
}

const RULE_REF = /^Rule ("(?:[^"\\]|\\.)*")/;

/**
 * Sends the API's 400 back to the rows: `fields[].field` `rules[3]` names row
 * 3; the planner's sentences start with `Rule "<id>"` (every row with that id
 * gets it); anything else is general.
 */
export function routeRuleProblems(
  error: { message: string; fields: { field: string; message: string }[] },
  ids: readonly string[],
): RoutedProblems {
  const rows: string[][] = ids.map(() => []);
  const general: string[] = [];
  const entries = error.fields.length ? error.fields : [{ field: '', message: error.message }];
  for (const entry of entries) {
    const indexed = /^rules\[(\d+)\]/.exec(entry.field);
    if (indexed && Number(indexed[1]) < rows.length) {
      rows[Number(indexed[1])].push(entry.message);
      continue;
    }
    let routedAny = false;
    const leftover: string[] = [];
    for (const chunk of entry.message.split(/(?=Rule ")/)) {
      // A chunk is one rule's sentence, possibly followed by sentences about other things.
      const [first = '', ...rest] = chunk.trim().split(/(?<=\.)\s+/);
      if (!first) continue;
      const ref = RULE_REF.exec(first);
      const id = ref ? unquote(ref[1]) : null;
      const targets = id === null ? [] : ids.flatMap((x, i) => (x === id ? [i] : []));
      if (targets.length) {
        for (const i of targets) rows[i].push(first);
        routedAny = true;
      } else leftover.push(first);
      leftover.push(...rest);
    }
    if (!routedAny) general.push(entry.message);
    // The preface ("The reachability rules cannot be applied:") says nothing once the rows carry the sentences.
    else general.push(...leftover.filter((t) => !t.endsWith(':')));
  }
  return { rows, general };
}

function unquote(quoted: string): string | null {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return null;
  }
}

export interface AllowanceRow {
  machine: string;
  port: string;
  sources: string;
  rules: string;
}

/** Whether a rule's `to` takes in this machine: as libs/vpn decides it, its names and its groups must both match where given. */
function ruleReaches(rule: MeshRule, machine: string, groups: readonly string[]): boolean {
  const names = rule.to.machines ?? [];
  const wanted = rule.to.groups ?? [];
  return (names.length === 0 || names.includes(machine)) && (wanted.length === 0 || wanted.some((g) => groups.includes(g)));
}

/**
 * The API's `allowances` (per machine) as table rows, machines by name. A
 * machine with no concrete allowance yet (no peer has joined, or it runs no
 * app) is described by the rules that reach it — the defaults read
 * "everyone in the network" — and "nobody" only when no rule reaches it.
 */
export function allowanceRows(
  allowances: Record<string, RuleAllowance[]>,
  rules: readonly MeshRule[] = [],
  machineGroups: Readonly<Record<string, readonly string[]>> = {},
): AllowanceRow[] {
  return Object.keys(allowances)
    .sort()
    .flatMap((machine) => {
      const list = allowances[machine] ?? [];
      if (list.length > 0)
        return list.map((a) => ({ machine, port: `${a.port}/${a.protocol}`, sources: a.sources.join(', '), rules: a.rules.join(', ') }));
      const reaching = rules.filter((r) => ruleReaches(r, machine, machineGroups[machine] ?? []));
      if (reaching.length === 0)
        return [{ machine, port: '—', sources: 'nobody (every new connection over the mesh is dropped)', rules: '' }];
      return reaching.map((r) => {
        const who = describeFrom(r);
        return { machine, port: formatPorts(r.ports), sources: who === 'everyone' ? 'everyone in the network' : who, rules: r.id };
      });
    });
}
