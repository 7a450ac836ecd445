import { allPages, ClanApiError } from '@clan/api-client';
import type { NetworkSystem } from '@clan/contracts';
import type { CliContext } from '../app/context';
import type { ConfigStatus, Member, Network, Page, PanelApi } from '../lib/api';
import { shortSha } from '../lib/diff';
import { formatWhen, keyValues, type Painter, relativeTime, table } from '../lib/format';
import { findNetwork, isUuid } from '../lib/refs';

/** A network by name (as `clanctl network list` shows it) or by id. */
export async function resolveNetwork(api: PanelApi, ref: string): Promise<Network> {
  if (isUuid(ref)) return api.networks.get(ref);
  const page = await allPages((p) => api.networks.list(p));
  return findNetwork(page.items, ref);
}

/** `git clone` address of a network's configuration repository (read-only; an API token is the password). */
export function cloneUrl(panelUrl: string, networkId: string): string {
  return `${panelUrl.replace(/\/+$/, '')}/api/networks/${networkId}/config.git`;
}

export function renderNetworkList(page: Page<Network>, now: Date, paint: Painter): string {
  if (!page.items.length) return 'No networks. Create one with `clanctl network create <name>`.';
  return table(page.items, [
    { header: 'name', value: (n) => n.name },
    { header: 'my role', value: (n) => (n.myRole === 'host-admin' ? paint('dim', 'host-admin') : n.myRole) },
    { header: 'members', value: (n) => String(n.memberCount), align: 'right' },
    { header: 'created', value: (n) => relativeTime(n.createdAt, now) },
    { header: 'description', value: (n) => n.description },
  ]);
}

export interface NetworkDetails {
  network: Network;
  members: Member[];
  /** Null when the panel has no configuration status (yet). */
  status: ConfigStatus | null;
  cloneUrl: string;
}

export function renderNetwork(d: NetworkDetails, now: Date, paint: Painter): string {
  const { network: n, status } = d;
  const head = keyValues([
    ['Network', paint('bold', n.name)],
    ['Id', n.id],
    ['Description', n.description || undefined],
    ['My role', n.myRole],
    ['Created', formatWhen(n.createdAt, now)],
    ['Revision', status ? shortSha(status.head) : undefined],
    ['Machines', status ? String(status.machines.length) : undefined],
    ['Link', status?.link ?? undefined],
    ['Clone', `git clone ${d.cloneUrl} ${n.name}`],
  ]);
  const members = d.members.length
    ? table(d.members, [
        { header: 'username', value: (m) => m.username },
        { header: 'name', value: (m) => m.displayName || '—' },
        { header: 'role', value: (m) => m.role },
        { header: 'joined', value: (m) => relativeTime(m.createdAt, now) },
      ])
    : 'No members.';
  return `${head}\n${paint('dim', '(git asks for a user name and password: give yours and an API token)')}\n\n${members}`;
}

export async function networkListCommand(ctx: CliContext): Promise<void> {
  const api = ctx.api();
  const page = await allPages((p) => api.networks.list(p));
  ctx.print(page, () => renderNetworkList(page, ctx.now(), ctx.paint));
}

export async function networkCreateCommand(
  ctx: CliContext,
  name: string,
  options: { description?: string; system?: NetworkSystem },
): Promise<void> {
  const network = await ctx.api().networks.create(name, options.description, options.system);
  ctx.print(network, () => `Created network ${network.name} (id ${network.id}, ${network.systemLabel}); you are its ${network.myRole}.`);
}

/** The configuration status, or null when the panel answers 404 for it (a panel without the configuration manager). */
export async function statusIfAvailable(api: PanelApi, networkId: string): Promise<ConfigStatus | null> {
  try {
    return await api.config.status(networkId);
  } catch (err) {
    if (err instanceof ClanApiError && err.status === 404) return null;
    throw err;
  }
}

export async function networkShowCommand(ctx: CliContext, ref: string): Promise<void> {
  const api = ctx.api();
  const network = await resolveNetwork(api, ref);
  const [members, status] = await Promise.all([allPages((p) => api.members.list(network.id, p)), statusIfAvailable(api, network.id)]);
  const details: NetworkDetails = { network, members: members.items, status, cloneUrl: cloneUrl(ctx.connection.url, network.id) };
  ctx.print({ ...network, members: members.items, status, cloneUrl: details.cloneUrl }, () => renderNetwork(details, ctx.now(), ctx.paint));
}
