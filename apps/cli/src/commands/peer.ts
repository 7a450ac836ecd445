import { chmod, open } from 'node:fs/promises';
import type { components } from '@clan/api-client';
import QRCode from 'qrcode';
import type { CliContext } from '../app/context';
import { CliError, UsageError } from '../lib/errors';
import { formatWhen, keyValues, type Painter, relativeTime, table } from '../lib/format';
import { resolveNetwork } from './network';

type Schemas = components['schemas'];
export type Mesh = Schemas['MeshDto'];
export type MeshLayer = Schemas['MeshLayerDto'];
export type MeshPeer = Schemas['MeshPeerDto'];
export type MeshRemoval = Schemas['MeshRemovalDto'];
export type CreatedInvite = Schemas['CreatedInviteDto'];
export type CreateInvite = Schemas['CreateInviteDto'];

/**
 * The config forms when the panel does not say (MeshDto.layer.configFormats
 * is how it does): WireGuard's, the first being the default.
 */
export const CONFIG_FORMATS: readonly string[] = ['wg-quick', 'syncconf'];

/** What the panel writes in a config where the device's own private key goes (libs/vpn). */
export const PRIVATE_KEY_PLACEHOLDER = '{{PRIVATE_KEY}}';
/** The API's limit for invites (INVITE_MAX_HOURS): 30 days. */
export const INVITE_MAX_HOURS = 720;

const DEVICE_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

// ── parsing ────────────────────────────────────────────────────────────────

/** A device name as the panel knows it (a DNS label), checked before asking. */
export function checkDeviceName(what: string, value: string): string {
  if (!DEVICE_NAME.test(value)) {
    throw new UsageError(`${what}: "${value}" must be a device name: lowercase letters, digits and inner hyphens, e.g. anna-phone`);
  }
  return value;
}

/** `--hours`: a whole number of hours, 1 to 720 (30 days). */
export function parseHours(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > INVITE_MAX_HOURS) {
    throw new UsageError(`--hours: "${value}" must be a whole number of hours from 1 to ${INVITE_MAX_HOURS} (30 days)`);
  }
  return n;
}

/** `--format`: one of the network's layer's config forms (`formats`, the first the default). */
export function parseFormat(value: string | undefined, formats: readonly string[] = CONFIG_FORMATS): string {
  if (value === undefined) return formats[0];
  if (formats.includes(value)) return value;
  throw new UsageError(`--format: "${value}" must be one of ${formats.join(', ')}`);
}

// ── rendering ──────────────────────────────────────────────────────────────

function onlineCell(peer: MeshPeer, paint: Painter): string {
  if (peer.online === null) return paint('dim', '—');
  return peer.online ? paint('green', 'yes') : paint('red', 'no');
}

function hostLine(mesh: Mesh): string {
  const h = mesh.host;
  if (!h) return 'none: the panel host runs no interface here (online state unknown, no relay)';
  const state = h.error
    ? `not running: ${h.error}`
    : h.appliedRevision < mesh.revision
      ? `applying revision ${mesh.revision}`
      : 'up to date';
  return `${h.interfaceName}, port ${h.listenPort}${h.endpoint ? `, devices dial ${h.endpoint}` : ''} (${state})`;
}

/** "2 of 3 peers updated; still trusting its key until they sync: nas, phone" (or that all have it). */
export function removalText(r: Pick<MeshRemoval, 'peersTotal' | 'peersUpdated' | 'stillTrustedBy'>): string {
  const total = Math.max(0, r.peersTotal);
  const updated = Math.min(total, Math.max(0, r.peersUpdated));
  const waiting = [...r.stillTrustedBy].sort();
  if (total === 0) return 'no other peers had its key';
  if (waiting.length === 0 && updated >= total) return `all ${total} ${total === 1 ? 'peer' : 'peers'} updated`;
  return `${updated} of ${total} ${total === 1 ? 'peer' : 'peers'} updated; still trusting its key until they sync: ${waiting.join(', ')}`;
}

export function renderPeerList(network: string, mesh: Mesh, now: Date, paint: Painter): string {
  const active = mesh.peers.filter((p) => !p.revoked);
  const head = keyValues([
    ['Mesh', `${network}: ${mesh.ipv4Cidr} · ${mesh.ipv6Prefix} · revision ${mesh.revision}`],
    ['Host interface', hostLine(mesh)],
  ]);
  const body = active.length
    ? table(active, [
        { header: 'name', value: (p) => p.name },
        { header: 'kind', value: (p) => p.kind },
        { header: 'address', value: (p) => p.ipv4 ?? '—' },
        { header: 'ipv6', value: (p) => p.ipv6 ?? '—' },
        { header: 'online', value: (p) => onlineCell(p, paint) },
        { header: 'last handshake', value: (p) => (p.lastHandshake ? relativeTime(p.lastHandshake, now) : '—') },
        { header: 'pending sync', value: (p) => (p.pendingSync ? paint('yellow', 'yes') : '') },
      ])
    : `No peers yet. Invite a device with \`clanctl peer invite ${network}\`.`;
  const removals = mesh.removals.map(
    (r) => `${paint('bold', r.name)} (${r.kind}) removed ${relativeTime(r.revokedAt, now)}: ${removalText(r)}.`,
  );
  return [head, '', body, ...(removals.length ? ['', 'Recent removals:', ...removals.map((l) => `  ${l}`)] : [])].join('\n');
}

export function renderInvite(created: CreatedInvite, now: Date): string {
  return keyValues([
    ['Link', created.url],
    ['Network link', created.nixLink ?? undefined],
    ['Device', created.invite.deviceName ?? '(any name: the person picks one)'],
    ['Kind', created.invite.relayOnly ? 'phone (relay only: a small config that fits a QR code)' : undefined],
    ['Expires', `${formatWhen(created.invite.expiresAt, now)} · works once`],
  ]);
}

// ── commands ───────────────────────────────────────────────────────────────

export interface InviteOptions {
  name?: string;
  hours?: string;
  phone?: boolean;
  note?: string;
  qr?: boolean;
}

export interface RemoveOptions {
  yes?: boolean;
}

export interface ConfigOptions {
  format?: string;
  out?: string;
}

async function meshContext(ctx: CliContext, ref: string) {
  const api = ctx.api();
  const network = await resolveNetwork(api, ref);
  return { network, peers: api.mesh };
}

/** `peer list <network>` */
export async function peerListCommand(ctx: CliContext, ref: string): Promise<void> {
  const { network, peers } = await meshContext(ctx, ref);
  const mesh = await peers.get(network.id);
  ctx.print(mesh, () => renderPeerList(network.name, mesh, ctx.now(), ctx.paint));
}

/** `peer invite <network> [--name n] [--hours h] [--phone] [--note t] [--qr]` */
export async function peerInviteCommand(ctx: CliContext, ref: string, options: InviteOptions): Promise<void> {
  const body: CreateInvite = { expiresInHours: parseHours(options.hours) ?? 24, relayOnly: Boolean(options.phone) };
  if (options.name !== undefined) body.deviceName = checkDeviceName('--name', options.name);
  if (options.note !== undefined) body.note = options.note;
  const { network, peers } = await meshContext(ctx, ref);
  const created = await peers.invite(network.id, body);
  // The terminal QR code is for a phone's camera; --json keeps the API's SVG instead.
  const qr = options.qr && !ctx.json ? await QRCode.toString(created.url, { type: 'terminal', small: true }) : '';
  ctx.print(created, () => `${renderInvite(created, ctx.now())}${qr ? `\n\n${qr}` : ''}`);
  ctx.note('The link is shown once (the panel keeps only a hash of it): send it now.');
}

/** Removal revokes a key for good, so it asks first (`--yes` for scripts). */
async function confirmRemoval(ctx: CliContext, device: string, network: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!ctx.deps.stdinIsTTY) throw new UsageError(`Removing ${device} from ${network}; pass --yes to confirm without a terminal`);
  const answer = (
    await ctx.deps.prompt(
      `Remove ${device} from the mesh of ${network}? Its key is revoked; peers that are offline keep trusting it until they sync. [y/N] `,
    )
  ).trim();
  if (!/^y(es)?$/i.test(answer)) throw new UsageError('Nothing removed: answer "y" to confirm, or pass --yes.');
}

/** `peer remove <network> <device> [--yes]`: then says who still trusts the key. */
export async function peerRemoveCommand(ctx: CliContext, ref: string, device: string, options: RemoveOptions): Promise<void> {
  checkDeviceName('<device>', device);
  const { network, peers } = await meshContext(ctx, ref);
  await confirmRemoval(ctx, device, network.name, options.yes);
  const revoked = await peers.revokeDevice(network.id, device);
  const mesh = await peers.get(network.id);
  const removal =
    mesh.removals.filter((r) => r.name === device).sort((a, b) => Date.parse(b.revokedAt) - Date.parse(a.revokedAt))[0] ?? null;
  ctx.print({ device: revoked, removal }, () => {
    const lines = [`Removed ${device} from ${network.name}: its key is revoked and its address freed.`];
    if (removal) lines.push(`${removalText(removal)}.`);
    if (removal?.stillTrustedBy.length) lines.push(`Follow it with \`clanctl peer list ${network.name}\`.`);
    return lines.join('\n');
  });
}

/** Writes a file only its owner can read (it holds a private key), also when it existed with a wider mode. */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const handle = await open(path, 'w', 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
  await chmod(path, 0o600);
}

/** `peer config <network> <device> [--format <one of the layer's forms>] [--out file]` */
export async function peerConfigCommand(ctx: CliContext, ref: string, device: string, options: ConfigOptions): Promise<void> {
  checkDeviceName('<device>', device);
  const { network, peers } = await meshContext(ctx, ref);
  // The network's layer says which forms exist (WireGuard: wg-quick, syncconf).
  const format = parseFormat(options.format, (await peers.get(network.id)).layer?.configFormats);
  const config = await peers.deviceConfig(network.id, device, format);
  if (options.out) {
    try {
      await writePrivateFile(options.out, config);
    } catch (err) {
      throw new CliError(`Cannot write ${options.out}: ${(err as Error).message}`);
    }
    ctx.print({ network: network.name, device, format, path: options.out }, () => '');
    ctx.note(`Wrote ${options.out} (mode 0600: it holds the device's private key).`);
  } else {
    // stdout gets the file byte for byte (`> laptop.conf` works); notes go to stderr.
    if (ctx.json) ctx.print({ network: network.name, device, format, config }, () => '');
    else ctx.deps.out(config);
  }
  if (config.includes(PRIVATE_KEY_PLACEHOLDER)) {
    ctx.note(`The panel does not hold ${device}'s private key (the device made its own): put it where ${PRIVATE_KEY_PLACEHOLDER} stands.`);
  }
}
