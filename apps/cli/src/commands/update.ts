import { allPages, type components } from '@clan/api-client';
import type { CliContext } from '../app/context';
import type { Network, PanelApi } from '../lib/api';
import { shortSha } from '../lib/diff';
import { CliError, UsageError } from '../lib/errors';
import { ExitCode } from '../lib/exit-codes';
import { type Painter, relativeTime, table } from '../lib/format';
import { formatBytes } from './generation';
import { resolveNetwork } from './network';
import { reportOutcome } from './task';
import { awaitStartedTask } from './vm';

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
  ctx.print(rows, () => {
    const lines = rows.map((r) => updateSummaryLine(r.network, r.updates)).filter((l): l is string => l !== null);
    return [renderUpdates(rows, ctx.now(), ctx.paint), ...(lines.length ? ['', ...lines] : [])].join('\n');
  });
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

// ── preview and rollout (decision 0017 §3–4) ─────────────────────────────────

type Preview = components['schemas']['UpdatePreviewDto'];
type Rollout = components['schemas']['UpdateRolloutDto'];

const MAX_CONCURRENCY = 8;
const MAX_SOAK_SECONDS = 3600;
/** The panel's defaults (StartRolloutDto), sent explicitly. */
const DEFAULT_CONCURRENCY = 1;
const DEFAULT_SOAK_SECONDS = 120;

/** A whole number in [min, max] from the command line, or undefined when the option is absent. */
export function parseWhole(option: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${option}: "${value}" must be a whole number from ${min} to ${max}`);
  }
  return n;
}

/** The network a preview/rollout command is about: the one named, else the only one the caller sees. */
async function oneNetwork(api: PanelApi, ref: string | undefined): Promise<Network> {
  if (ref) return resolveNetwork(api, ref);
  const { items } = await allPages((p) => api.networks.list(p));
  if (items.length === 1 && items[0]) return items[0];
  throw new UsageError(
    items.length ? `Name the network with --network (you see ${items.map((n) => n.name).join(', ')})` : 'You see no network yet',
  );
}

/** Per machine: changes, reboot, packages, download; then the error sentences. */
export function renderPreview(network: string, p: Preview, paint: Painter): string {
  const head = `Preview of ${network}: ${shortSha(p.fromRev)} → ${p.toRev ? shortSha(p.toRev) : '?'} (${p.status}).`;
  if (p.status === 'failed') return `${head}\n${paint('red', p.error ?? 'The preview failed.')}`;
  if (!p.machines.length) return p.status === 'building' ? `${head} Still building.` : `${head} The network has no machines.`;
  const rows = table(p.machines, [
    { header: 'machine', value: (m) => m.machine },
    { header: 'changes', value: (m) => (m.error ? paint('red', 'not known') : m.changes ? paint('bold', 'yes') : 'no') },
    {
      header: 'reboot',
      value: (m) => (m.reboot ? paint('yellow', 'REBOOT') : m.restarts.length ? `restarts ${m.restarts.length}` : '—'),
    },
    { header: 'packages', value: (m) => String(m.packages.length), align: 'right' },
    { header: 'download', value: (m) => formatBytes(m.downloadBytes), align: 'right' },
  ]);
  const errors = p.machines.filter((m) => m.error).map((m) => paint('red', `${m.machine}: ${m.error}`));
  return [head, rows, ...errors].join('\n');
}

const STATE_STYLE: Partial<Record<Rollout['machines'][number]['state'], Parameters<Painter>[0]>> = {
  updated: 'green',
  updating: 'cyan',
  'rolled-back': 'yellow',
  failed: 'red',
  reverted: 'yellow',
  pending: 'dim',
  skipped: 'dim',
  unchanged: 'dim',
};

/** The rollout machine by machine: wave (canary first), state, generations, reason. */
export function renderRollout(network: string, r: Rollout, paint: Painter): string {
  const relevant = r.machines.filter((m) => m.state !== 'unchanged');
  const done = relevant.filter((m) => m.state === 'updated').length;
  const head = `Rollout of ${network}: ${shortSha(r.fromRev)} → ${shortSha(r.toRev)}, ${r.status}; ${done} of ${relevant.length} machines updated.`;
  const rows = table(r.machines, [
    { header: 'wave', value: (m) => (m.wave === 0 ? 'canary' : String(m.wave)) },
    { header: 'machine', value: (m) => m.machine },
    { header: 'state', value: (m) => paint(STATE_STYLE[m.state] ?? 'dim', m.state) },
    {
      header: 'generation',
      value: (m) =>
        m.toGeneration === null
          ? m.fromGeneration === null
            ? '—'
            : `${m.fromGeneration}`
          : `${m.fromGeneration ?? '—'} → ${m.toGeneration}`,
    },
    { header: 'reason', value: (m) => m.reason ?? '' },
  ]);
  const halt = r.haltReason && (r.status === 'halted' || r.status === 'failed') ? [paint('red', r.haltReason)] : [];
  return [head, rows, ...halt].join('\n');
}

/** One line under `update status`: the preview and rollout a network has, if any. */
export function updateSummaryLine(network: string, u: Pick<Updates, 'preview' | 'rollout'>): string | null {
  const parts: string[] = [];
  const p = u.preview;
  if (p) {
    const changing = p.machines.filter((m) => m.changes && !m.error).length;
    const reboots = p.machines.filter((m) => m.reboot && !m.error).length;
    parts.push(
      p.status === 'ready'
        ? `preview ready (${changing} of ${p.machines.length} machines change${reboots ? `, ${reboots} reboot` : ''})`
        : p.status === 'failed'
          ? `preview failed: ${p.error ?? 'no reason given'}`
          : `preview ${p.status}`,
    );
  }
  const r = u.rollout;
  if (r) {
    const relevant = r.machines.filter((m) => m.state !== 'unchanged');
    const done = relevant.filter((m) => m.state === 'updated').length;
    parts.push(
      `rollout ${r.status} (${done} of ${relevant.length} updated)${r.status === 'halted' && r.haltReason ? `: ${r.haltReason}` : ''}`,
    );
  }
  return parts.length ? `${network}: ${parts.join('; ')}` : null;
}

/** Exit code for a rollout after its task: non-zero (with the halt reason) unless it ended well or is still running. */
function rolloutOutcome(ctx: CliContext, network: string, r: Rollout): ExitCode {
  if (r.status === 'succeeded' || r.status === 'running') return ExitCode.Ok;
  if (r.status === 'halted') {
    ctx.note(
      `The rollout of ${network} halted: ${r.haltReason ?? 'a machine failed'}. ` +
        '`clanctl update resume`, `clanctl update skip <machine>` or `clanctl update abort` decide how it goes on.',
    );
  } else if (r.status === 'failed') ctx.note(`The rollout of ${network} failed: ${r.haltReason ?? 'no reason given'}.`);
  else ctx.note(`The rollout of ${network} was ${r.status}.`);
  return r.status === 'aborted' ? ExitCode.Ok : ExitCode.TaskFailed;
}

/** `clanctl update preview [--network N] [--wait]`. */
export async function updatePreviewCommand(ctx: CliContext, options: { network?: string; wait?: boolean }): Promise<ExitCode> {
  const api = ctx.api();
  const network = await oneNetwork(api, options.network);
  const started = await api.updates.preview(network.id);
  const task = await awaitStartedTask(ctx, api, started, `Previewing the update of ${network.name}`, options.wait === true);
  if (!task) return ExitCode.Ok;
  const preview = await api.updates.getPreview(network.id, started.previewId);
  if (ctx.json) ctx.print(preview, () => '');
  else ctx.deps.out(`${renderPreview(network.name, preview, ctx.paint)}\n`);
  const code = reportOutcome(ctx, task);
  if (code === ExitCode.Ok && preview.status === 'ready') ctx.note('Nothing was deployed. `clanctl update rollout` rolls it out.');
  return code;
}

/** `clanctl update rollout [--network N] [--canary m] [--concurrency n] [--soak s] [--preview id] [--no-wait]`. */
export async function updateRolloutCommand(
  ctx: CliContext,
  options: { network?: string; canary?: string; concurrency?: string; soak?: string; preview?: string; wait?: boolean },
): Promise<ExitCode> {
  const concurrency = parseWhole('--concurrency', options.concurrency, 1, MAX_CONCURRENCY);
  const soakSeconds = parseWhole('--soak', options.soak, 0, MAX_SOAK_SECONDS);
  const api = ctx.api();
  const network = await oneNetwork(api, options.network);
  let previewId = options.preview;
  if (!previewId) {
    const { preview } = await api.updates.get(network.id);
    if (!preview || preview.status !== 'ready') {
      throw new CliError(
        preview?.status === 'building'
          ? `The preview of ${network.name} is still building; wait for it (\`clanctl update preview --wait\`), then roll out.`
          : `${network.name} has no ready preview to roll out; make one with \`clanctl update preview --wait\`.`,
      );
    }
    previewId = preview.id;
  }
  const body = {
    previewId,
    ...(options.canary ? { canary: options.canary } : {}),
    concurrency: concurrency ?? DEFAULT_CONCURRENCY,
    soakSeconds: soakSeconds ?? DEFAULT_SOAK_SECONDS,
  };
  const started = await api.updates.startRollout(network.id, body);
  return finishRollout(ctx, api, network, started, `Rolling the update of ${network.name} out`, options.wait !== false);
}

/** Follows a rollout's task, then prints the rollout; the exit code says whether it halted. */
async function finishRollout(
  ctx: CliContext,
  api: PanelApi,
  network: Network,
  started: { taskId: string; rolloutId: string },
  doing: string,
  wait: boolean,
): Promise<ExitCode> {
  const task = await awaitStartedTask(ctx, api, started, doing, wait);
  if (!task) return ExitCode.Ok;
  const rollout = await api.updates.getRollout(network.id, started.rolloutId);
  if (ctx.json) ctx.print(rollout, () => '');
  else ctx.deps.out(`${renderRollout(network.name, rollout, ctx.paint)}\n`);
  const taskCode = reportOutcome(ctx, task);
  const code = rolloutOutcome(ctx, network.name, rollout);
  return code !== ExitCode.Ok ? code : taskCode;
}

/** The rollout that is running or halted now. */
async function currentRollout(api: PanelApi, network: Network): Promise<Rollout> {
  const { rollout } = await api.updates.get(network.id);
  if (!rollout || !['running', 'halted', 'aborting'].includes(rollout.status)) {
    throw new CliError(`${network.name} has no rollout running or halted${rollout ? ` (the last one ${rollout.status})` : ''}.`);
  }
  return rollout;
}

export type RolloutAction = 'resume' | 'skip' | 'abort';

/** `clanctl update resume|skip <machine>|abort [--network N] [--no-wait]`: of the current rollout. */
export async function updateRolloutActionCommand(
  ctx: CliContext,
  action: RolloutAction,
  options: { network?: string; wait?: boolean },
  machine?: string,
): Promise<ExitCode> {
  const api = ctx.api();
  const network = await oneNetwork(api, options.network);
  const rollout = await currentRollout(api, network);
  const started =
    action === 'resume'
      ? await api.updates.resume(network.id, rollout.id)
      : action === 'skip'
        ? await api.updates.skip(network.id, rollout.id, machine ?? '')
        : await api.updates.abort(network.id, rollout.id);
  const doing =
    action === 'resume'
      ? `Resuming the rollout of ${network.name}`
      : action === 'skip'
        ? `Skipping ${machine} and going on with the rollout of ${network.name}`
        : `Aborting the rollout of ${network.name}: every machine it updated goes back, and the old lock is restored`;
  return finishRollout(ctx, api, network, started, doing, options.wait !== false);
}
