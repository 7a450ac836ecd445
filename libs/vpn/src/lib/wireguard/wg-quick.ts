import { VpnError } from '../errors';
import { isWireGuardKey } from '../keys';
import { canonicalIp, formatCidr, formatEndpoint, parseCidr, parseEndpoint } from '../ip';
import { RELAY_SYSCTLS, type WireGuardPeerPlan } from './plan';

/**
 * WireGuard config files, written and read by us — never by an INI library:
 * a config repeats [Peer] sections, which INI parsers merge into one.
 *
 * Two forms: `wg-quick` (Address, DNS, MTU, PostUp/PostDown for wg-quick and
 * the phone apps) and `wg` (what `wg setconf`/`wg syncconf` read; the
 * equivalent of `wg-quick strip`). The parser is strict: unknown keys, a key
 * given twice, a [Peer] without PublicKey, two sections for one public key or
 * one address allowed for two peers are errors with the line number — the
 * cases where WireGuard would silently do something else than the file says.
 */

export type WgConfigForm = 'wg-quick' | 'wg';

/** Written instead of a private key the panel does not hold; fillPrivateKey() replaces it. */
export const PRIVATE_KEY_PLACEHOLDER = '{{PRIVATE_KEY}}';

export interface WgInterfaceSection {
  /** null: no PrivateKey line (`wg syncconf` then keeps the interface's key). */
  privateKey: string | null;
  listenPort: number | null;
  /** wg-quick only. */
  addresses: string[];
  /** wg-quick only: resolvers (IP addresses) and search domains. */
  dns: string[];
  /** wg-quick only. */
  mtu: number | null;
  /** wg-quick only: commands run after the interface is up / down. */
  postUp: string[];
  postDown: string[];
  /** Comment lines written before [Interface] (not read back). */
  comment?: string[];
}

export interface WgPeerSection {
  publicKey: string;
  presharedKey: string | null;
  allowedIps: string[];
  endpoint: string | null;
  persistentKeepalive: number | null;
  /** Comment line written before [Peer] (not read back). */
  comment?: string;
}

export interface WgConfig {
  interface: WgInterfaceSection;
  peers: WgPeerSection[];
}

export interface RenderWireGuardOptions {
  /** The peer's private key; without it PRIVATE_KEY_PLACEHOLDER is written. */
  privateKey?: string;
  /** wg-quick DNS line: resolver addresses and search domains. */
  dns?: string[];
  /** The network's name, for the header comment. */
  network?: string;
}

/** The WgConfig of one peer of a mesh plan. */
export function wireGuardConfig(plan: WireGuardPeerPlan, options: RenderWireGuardOptions = {}): WgConfig {
  if (options.privateKey !== undefined && !isWireGuardKey(options.privateKey)) {
    throw new VpnError('INVALID_KEY', 'The private key is not a WireGuard key (44 characters of base64).');
  }
  const dns = (options.dns ?? []).map((entry) => {
    const problem = dnsEntryProblem(entry);
    if (problem !== null) throw new VpnError('INVALID_CONFIG', `${problem}.`);
    return canonicalIp(entry) ?? entry;
  });
  const where = options.network === undefined ? '' : ` of network "${options.network}"`;
  return {
    interface: {
      comment: [`cLAN mesh: peer "${plan.name}" (${plan.kind})${where}. Rendered by the panel; local changes are overwritten.`],
      privateKey: options.privateKey ?? PRIVATE_KEY_PLACEHOLDER,
      listenPort: plan.listenPort,
      addresses: plan.addresses,
      dns,
      mtu: null,
      postUp: plan.forwards ? Object.entries(RELAY_SYSCTLS).map(([key, value]) => `sysctl -q -w ${key}=${value}`) : [],
      postDown: [],
    },
    peers: plan.peers.map((peer) => ({
      comment: `${peer.name} (${peer.kind})${relayComment(peer.relayFor)}`,
      publicKey: peer.publicKey,
      presharedKey: null,
      allowedIps: peer.allowedIps,
      endpoint: peer.endpoint,
      persistentKeepalive: peer.persistentKeepalive,
    })),
  };
}

/** Names a few relayed peers; a long list would only bloat the file (and a phone's QR code). */
function relayComment(relayFor: string[]): string {
  if (relayFor.length === 0) return '';
  return relayFor.length <= 3 ? `, relay for ${relayFor.join(', ')}` : `, relay for ${relayFor.length} peers`;
}

/** The wg-quick file of one peer (for devices, the phone apps' QR code and `wg-quick up`). */
export function renderWgQuick(plan: WireGuardPeerPlan, options: RenderWireGuardOptions = {}): string {
  return formatWgConfig(wireGuardConfig(plan, options), 'wg-quick');
}

/** The `wg setconf`/`wg syncconf` file of one peer: no Address, DNS or PostUp (see RELAY_SYSCTLS for a relay). */
export function renderWgSetconf(plan: WireGuardPeerPlan, options: Omit<RenderWireGuardOptions, 'dns'> = {}): string {
  return formatWgConfig(wireGuardConfig(plan, options), 'wg');
}

function line(key: string, value: string | number | null | undefined): string[] {
  return value === null || value === undefined ? [] : [`${key} = ${value}`];
}

function list(key: string, values: string[]): string[] {
  return values.length === 0 ? [] : [`${key} = ${values.join(', ')}`];
}

function commentLines(text: string | string[] | undefined): string[] {
  if (text === undefined) return [];
  return (Array.isArray(text) ? text : [text]).map((t) => `# ${t.replace(/[\r\n]+/g, ' ')}`);
}

/** Writes a config; the `wg` form leaves out everything only wg-quick understands. */
export function formatWgConfig(config: WgConfig, form: WgConfigForm): string {
  const i = config.interface;
  const quick = form === 'wg-quick';
  const out = [
    ...commentLines(i.comment),
    '[Interface]',
    ...line('PrivateKey', i.privateKey),
    ...(quick ? list('Address', i.addresses) : []),
    ...line('ListenPort', i.listenPort),
    ...(quick ? list('DNS', i.dns) : []),
    ...(quick ? line('MTU', i.mtu) : []),
    ...(quick ? i.postUp.flatMap((c) => line('PostUp', c)) : []),
    ...(quick ? i.postDown.flatMap((c) => line('PostDown', c)) : []),
  ];
  for (const peer of config.peers) {
    out.push(
      '',
      ...commentLines(peer.comment),
      '[Peer]',
      `PublicKey = ${peer.publicKey}`,
      ...line('PresharedKey', peer.presharedKey),
      ...list('AllowedIPs', peer.allowedIps),
      ...line('Endpoint', peer.endpoint),
      ...line('PersistentKeepalive', peer.persistentKeepalive),
    );
  }
  return `${out.join('\n')}\n`;
}

/** Replaces the placeholder of a config rendered without the private key. */
export function fillPrivateKey(text: string, privateKey: string): string {
  if (!isWireGuardKey(privateKey)) throw new VpnError('INVALID_KEY', 'The private key is not a WireGuard key (44 characters of base64).');
  const placeholderLine = `PrivateKey = ${PRIVATE_KEY_PLACEHOLDER}`;
  if (!text.includes(placeholderLine)) throw new VpnError('INVALID_CONFIG', 'The config has no private key placeholder to fill.');
  return text.replace(placeholderLine, `PrivateKey = ${privateKey}`);
}

/** A resolver address or a search domain; null when acceptable. */
function dnsEntryProblem(entry: string): string | null {
  if (canonicalIp(entry) !== null) return null;
  if (
    typeof entry === 'string' &&
    entry.length <= 253 &&
    /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(entry)
  ) {
    return null;
  }
  return `${JSON.stringify(entry)} is neither a resolver address nor a search domain`;
}

const INTERFACE_KEYS: Record<string, { name: string; quickOnly: boolean; repeatable: boolean }> = {
  privatekey: { name: 'PrivateKey', quickOnly: false, repeatable: false },
  listenport: { name: 'ListenPort', quickOnly: false, repeatable: false },
  address: { name: 'Address', quickOnly: true, repeatable: true },
  dns: { name: 'DNS', quickOnly: true, repeatable: true },
  mtu: { name: 'MTU', quickOnly: true, repeatable: false },
  postup: { name: 'PostUp', quickOnly: true, repeatable: true },
  postdown: { name: 'PostDown', quickOnly: true, repeatable: true },
};
const PEER_KEYS: Record<string, { name: string; repeatable: boolean }> = {
  publickey: { name: 'PublicKey', repeatable: false },
  presharedkey: { name: 'PresharedKey', repeatable: false },
  allowedips: { name: 'AllowedIPs', repeatable: true },
  endpoint: { name: 'Endpoint', repeatable: false },
  persistentkeepalive: { name: 'PersistentKeepalive', repeatable: false },
};

export interface ParseWgOptions {
  /** Accept PRIVATE_KEY_PLACEHOLDER as the private key. */
  allowPlaceholder?: boolean;
}

/** Reads a config of the given form. Throws VpnError INVALID_CONFIG: "line N: …". */
export function parseWgConfig(text: string, form: WgConfigForm, options: ParseWgOptions = {}): WgConfig {
  const fail = (lineNo: number, message: string): never => {
    throw new VpnError('INVALID_CONFIG', `Line ${lineNo} of the WireGuard config: ${message}.`);
  };
  let iface = null as WgInterfaceSection | null;
  const peers: WgPeerSection[] = [];
  let section = null as 'interface' | 'peer' | null;
  let seen = new Set<string>();
  let peerLine = 0;
  const peerLines: number[] = [];
  const closePeer = () => {
    if (section === 'peer' && !seen.has('publickey')) fail(peerLine, 'this [Peer] section has no PublicKey');
  };
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    const raw = lines[index];
    const hash = raw.indexOf('#');
    const content = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (content === '') continue;
    const header = /^\[([A-Za-z]+)\]$/.exec(content);
    if (header) {
      closePeer();
      const name = header[1].toLowerCase();
      if (name === 'interface') {
        if (iface !== null) fail(lineNo, 'a second [Interface] section; a config has exactly one');
        iface = { privateKey: null, listenPort: null, addresses: [], dns: [], mtu: null, postUp: [], postDown: [] };
        section = 'interface';
      } else if (name === 'peer') {
        if (iface === null) fail(lineNo, '[Peer] before [Interface]');
        peers.push({ publicKey: '', presharedKey: null, allowedIps: [], endpoint: null, persistentKeepalive: null });
        peerLines.push(lineNo);
        peerLine = lineNo;
        section = 'peer';
      } else {
        fail(lineNo, `unknown section [${header[1]}]; only [Interface] and [Peer] exist`);
      }
      seen = new Set();
      continue;
    }
    const eq = content.indexOf('=');
    if (eq <= 0) fail(lineNo, `${JSON.stringify(content)} is neither a [section] nor "Key = Value"`);
    const shownKey = content.slice(0, eq).trim();
    const key = shownKey.toLowerCase();
    const value = content.slice(eq + 1).trim();
    const failHere = (m: string): never => fail(lineNo, m);
    if (value === '') fail(lineNo, `${shownKey} has no value`);
    if (section === 'interface' && iface !== null) {
      const spec = INTERFACE_KEYS[key];
      if (spec === undefined || (spec.quickOnly && form === 'wg'))
        fail(lineNo, `${shownKey} is not a setting of [Interface] in a ${form} config`);
      if (!spec.repeatable && seen.has(key)) fail(lineNo, `${spec.name} is given twice in [Interface]`);
      seen.add(key);
      parseInterfaceValue(iface, key, value, options, failHere);
    } else if (section === 'peer') {
      const spec = PEER_KEYS[key];
      if (spec === undefined) fail(lineNo, `${shownKey} is not a setting of [Peer]`);
      if (!spec.repeatable && seen.has(key)) fail(lineNo, `${spec.name} is given twice in this [Peer] section`);
      seen.add(key);
      parsePeerValue(peers[peers.length - 1], key, value, failHere);
    } else {
      fail(lineNo, 'a setting before the [Interface] section');
    }
  }
  closePeer();
  if (iface === null) throw new VpnError('INVALID_CONFIG', 'The WireGuard config has no [Interface] section.');

  const keyLine = new Map<string, number>();
  const ipLine = new Map<string, number>();
  peers.forEach((peer, i) => {
    const previous = keyLine.get(peer.publicKey);
    if (previous !== undefined)
      fail(peerLines[i], `a second [Peer] for the public key of line ${previous}'s section; WireGuard would merge them`);
    keyLine.set(peer.publicKey, peerLines[i]);
    for (const ip of peer.allowedIps) {
      const owner = ipLine.get(ip);
      if (owner !== undefined)
        fail(peerLines[i], `${ip} is allowed for the [Peer] of line ${owner} too; WireGuard would route it to one of them only`);
      ipLine.set(ip, peerLines[i]);
    }
  });
  return { interface: iface, peers };
}

function wgKey(value: string, what: string, fail: (m: string) => never): string {
  if (!isWireGuardKey(value)) fail(`${what} is not a WireGuard key (44 characters of base64)`);
  return value;
}

function integer(value: string, what: string, min: number, max: number, fail: (m: string) => never): number {
  if (!/^[0-9]{1,5}$/.test(value) || Number(value) < min || Number(value) > max) fail(`${what} must be a number from ${min} to ${max}`);
  return Number(value);
}

function items(value: string, fail: (m: string) => never): string[] {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) fail('an empty item in a comma-separated list');
  return parts;
}

function cidr(value: string, allowHostBits: boolean, fail: (m: string) => never): string {
  try {
    return formatCidr(parseCidr(value, { allowHostBits }));
  } catch (err) {
    return fail((err as Error).message.replace(/\.$/, ''));
  }
}

function parseInterfaceValue(
  iface: WgInterfaceSection,
  name: string,
  value: string,
  options: ParseWgOptions,
  fail: (m: string) => never,
): void {
  switch (name) {
    case 'privatekey':
      iface.privateKey = options.allowPlaceholder && value === PRIVATE_KEY_PLACEHOLDER ? value : wgKey(value, 'PrivateKey', fail);
      return;
    case 'listenport':
      iface.listenPort = integer(value, 'ListenPort', 1, 65535, fail);
      return;
    case 'address':
      // Interface addresses keep their host part: 10.100.0.2/24.
      iface.addresses.push(
        ...items(value, fail).map((a) => {
          const checked = cidr(a, true, fail);
          return `${canonicalIp(a.split('/')[0])}/${checked.split('/')[1]}`;
        }),
      );
      return;
    case 'dns':
      iface.dns.push(
        ...items(value, fail).map((entry) => {
          const problem = dnsEntryProblem(entry);
          return problem === null ? (canonicalIp(entry) ?? entry) : fail(problem);
        }),
      );
      return;
    case 'mtu':
      iface.mtu = integer(value, 'MTU', 576, 65535, fail);
      return;
    case 'postup':
      iface.postUp.push(value);
      return;
    default:
      iface.postDown.push(value);
  }
}

function parsePeerValue(peer: WgPeerSection, name: string, value: string, fail: (m: string) => never): void {
  switch (name) {
    case 'publickey':
      peer.publicKey = wgKey(value, 'PublicKey', fail);
      return;
    case 'presharedkey':
      peer.presharedKey = wgKey(value, 'PresharedKey', fail);
      return;
    case 'allowedips':
      peer.allowedIps.push(...items(value, fail).map((a) => cidr(a, false, fail)));
      return;
    case 'endpoint': {
      const parsed = parseEndpoint(value);
      if ('problem' in parsed) fail(parsed.problem);
      else peer.endpoint = formatEndpoint(parsed);
      return;
    }
    default:
      peer.persistentKeepalive = integer(value, 'PersistentKeepalive', 0, 65535, fail);
  }
}

/** `wg-quick strip`: the wg-quick file as `wg setconf`/`wg syncconf` read it. */
export function stripWgQuick(text: string, options: ParseWgOptions = {}): string {
  return formatWgConfig(parseWgConfig(text, 'wg-quick', options), 'wg');
}
