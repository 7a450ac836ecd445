import { allPages, type components } from '@clan/api-client';
import type { CliContext } from '../app/context';
import type { Network, PanelApi } from '../lib/api';
import { shortSha } from '../lib/diff';
import { type Painter, relativeTime, table } from '../lib/format';
import { resolveNetwork } from './network';

type Updates = components['schemas']['UpdatesDto'];

export interface NetworkUpdates {
  network: string;
  updates: Updates;
}

/** The networks a command is about: the one named, else every network the caller sees. */
async function networksOf(api: PanelApi, ref: string | undefined): Promise<Network[]> {
  if (ref) return [await resolveNetwork(api, ref)];
  return (await allPages((p) => api.networks.list(p))).items;
}

/** One line per network: what it follows, what its lock pins, what the upstream has. */
export function renderUpdates(rows: readonly NetworkUpdates[], now: Date, paint: Painter): string {
  if (!rows.length) return 'No networks.';
  return table(rows, [
    { header: 'network', value: (r) => r.network },
    { header: 'upstream', value: (r) => r.updates.upstream ?? paint('dim', "the panel's flake (no lock)") },
    { header: 'pinned', value: (r) => (r.updates.inputs[0]?.currentRev ? shortSha(r.updates.inputs[0].currentRev) : '—') },
    { header: 'latest', value: (r) => (r.updates.inputs[0]?.latestRev ? shortSha(r.updates.inputs[0].latestRev) : '—') },
    {
      header: 'status',
      value: (r) => {
        const i = r.updates.inputs[0];
        if (!i) return '—';
        if (i.error) return paint('red', i.error);
        if (!i.checkedAt) return 'not checked yet';
        return i.available ? paint('bold', 'update available') : 'up to date';
      },
    },
    { header: 'checked', value: (r) => (r.updates.inputs[0]?.checkedAt ? relativeTime(r.updates.inputs[0].checkedAt, now) : '—') },
  ]);
}

/** `clanctl update status [--network N]`. */
export async function updateStatusCommand(ctx: CliContext, options: { network?: string }): Promise<void> {
  const api = ctx.api();
  const rows: NetworkUpdates[] = [];
  for (const n of await networksOf(api, options.network)) rows.push({ network: n.name, updates: await api.updates.get(n.id) });
  ctx.print(rows, () => renderUpdates(rows, ctx.now(), ctx.paint));
}

/** `clanctl update check [--network N]`: starts a check of the network, or of every network that follows an upstream. */
export async function updateCheckCommand(ctx: CliContext, options: { network?: string }): Promise<void> {
  const api = ctx.api();
  const started: { network: string; taskId: string }[] = [];
  for (const n of await networksOf(api, options.network)) {
    if (!options.network && !(await api.updates.get(n.id)).upstream) continue;
    const { taskId } = await api.updates.check(n.id);
    started.push({ network: n.name, taskId });
  }
  ctx.print(started, () =>
    started.length
      ? started.map((s) => `Checking ${s.network} for updates (task ${s.taskId}; \`clanctl task log -f ${s.taskId}\`).`).join('\n')
      : 'No network follows an upstream; set one with PUT /api/networks/<id>/updates/upstream (docs/updates.md).',
  );
}
