import { allPages, ClanApiError, type QueryOf } from '@clan/api-client';
import { type Asciicast, parseAsciicast } from '@clan/contracts';
import type { CliContext } from '../app/context';
import type { PanelApi, Recording, RecordingList } from '../lib/api';
import { CliError, UsageError } from '../lib/errors';
import { formatDuration, formatWhen, type Painter, table } from '../lib/format';
import { isUuid, parseMachineRef } from '../lib/refs';
import { resolveNetwork } from './network';

type RecordingFilter = QueryOf<'listRecordings'>;

// ── parsing ────────────────────────────────────────────────────────────────

/** `--speed`: a factor from 0.1 to 100 (2 = twice as fast). */
export function parseSpeed(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n < 0.1 || n > 100) throw new UsageError(`--speed: "${value}" must be a factor from 0.1 to 100`);
  return n;
}

/** `--idle-limit`: the longest pause replayed, in seconds (asciinema's -i); 0 keeps every pause. */
export function parseIdleLimit(value: string | undefined): number {
  if (value === undefined) return 2;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n > 3600) throw new UsageError(`--idle-limit: "${value}" must be seconds from 0 to 3600`);
  return n;
}

export function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 200) throw new UsageError(`--limit: "${value}" must be a number from 1 to 200`);
  return n;
}

export function parseKind(value: string | undefined): 'serial' | 'host' | undefined {
  if (value === undefined || value === 'serial' || value === 'host') return value;
  throw new UsageError(`--kind: "${value}" must be serial or host`);
}

// ── replay ─────────────────────────────────────────────────────────────────

export interface PlayStep {
  /** Wait this long (ms) first. */
  delayMs: number;
  /** Terminal output, or a marker (who joined or left) for stderr. */
  output?: string;
  marker?: string;
}

/**
 * The recording as timed steps: output and markers in order, each pause
 * divided by `speed` and capped at `idleLimit` seconds (0: no cap).
 */
export function playSteps(cast: Asciicast, speed: number, idleLimit: number): PlayStep[] {
  const steps: PlayStep[] = [];
  let previous = 0;
  for (const [time, code, data] of cast.events) {
    if (code !== 'o' && code !== 'm') continue;
    let pause = Math.max(0, time - previous);
    previous = time;
    if (idleLimit > 0) pause = Math.min(pause, idleLimit);
    steps.push({ delayMs: Math.round((pause * 1000) / speed), ...(code === 'o' ? { output: data } : { marker: data }) });
  }
  return steps;
}

// ── rendering ──────────────────────────────────────────────────────────────

export function targetOf(r: Recording): string {
  if (r.kind === 'host') return 'host shell';
  return `${r.networkName ?? r.networkId?.slice(0, 8) ?? '(deleted network)'}/${r.machine ?? '?'}`;
}

export function renderRecordings(list: RecordingList, now: Date, paint: Painter): string {
  if (!list.items.length) return 'No recordings you may replay.';
  const t = table(list.items, [
    { header: 'id', value: (r) => r.id },
    { header: 'started', value: (r) => formatWhen(r.startedAt, now) },
    {
      header: 'length',
      value: (r) => (r.durationSeconds === null ? paint('yellow', 'recording…') : formatDuration(r.durationSeconds * 1000)),
      align: 'right',
    },
    { header: 'console', value: (r) => targetOf(r) },
    { header: 'who', value: (r) => [...new Set([r.startedByName, ...r.participants.map((p) => p.username)])].join(', ') },
  ]);
  return list.total > list.items.length ? `${t}\n${paint('dim', `(${list.items.length} of ${list.total}; --limit shows more)`)}` : t;
}

// ── commands ───────────────────────────────────────────────────────────────

export interface RecordingListOptions {
  network?: string;
  machine?: string;
  kind?: string;
  limit?: string;
}

export async function recordingListCommand(ctx: CliContext, options: RecordingListOptions): Promise<void> {
  const api = ctx.api();
  const filter: RecordingFilter = { kind: parseKind(options.kind), limit: parseLimit(options.limit) };
  if (options.machine) {
    const ref = parseMachineRef(options.machine);
    filter.networkId = (await resolveNetwork(api, ref.network)).id;
    filter.machine = ref.machine;
  } else if (options.network) {
    filter.networkId = (await resolveNetwork(api, options.network)).id;
  }
  const list = await api.recordings.list(filter);
  ctx.print(list, () => renderRecordings(list, ctx.now(), ctx.paint));
}

export interface RecordingPlayOptions {
  speed?: string;
  idleLimit?: string;
}

/**
 * Where the caller may read recording `id`: the host routes (host admins,
 * null), or the network it belongs to among those they can see.
 */
export async function recordingScope(api: PanelApi, id: string): Promise<string | null> {
  try {
    await api.recordings.get({ recordingId: id, networkId: null });
    return null;
  } catch (err) {
    if (!(err instanceof ClanApiError) || err.status !== 403) throw err;
  }
  for (const network of (await allPages((p) => api.networks.list(p))).items) {
    try {
      await api.recordings.get({ recordingId: id, networkId: network.id });
      return network.id;
    } catch (err) {
      if (!(err instanceof ClanApiError) || (err.status !== 403 && err.status !== 404)) throw err;
    }
  }
  throw new CliError(`No recording ${id} that you may replay; \`clanctl recording list\` shows yours.`);
}

/** Replays a recording in this terminal with its timing (`--speed`, `--idle-limit`). */
export async function recordingPlayCommand(ctx: CliContext, id: string, options: RecordingPlayOptions): Promise<void> {
  if (!isUuid(id)) throw new UsageError(`"${id}" is not a recording id; \`clanctl recording list\` shows them.`);
  const speed = parseSpeed(options.speed);
  const idleLimit = parseIdleLimit(options.idleLimit);
  const api = ctx.api();
  const text = await api.recordings.cast({ recordingId: id, networkId: await recordingScope(api, id) });
  let cast: Asciicast;
  try {
    cast = parseAsciicast(text);
  } catch (err) {
    throw new CliError(`The recording is not a valid asciicast: ${(err as Error).message}`);
  }
  if (ctx.json) {
    ctx.print(cast, () => '');
    return;
  }
  ctx.note(ctx.paint('dim', `${cast.header.title ?? id} — ${cast.header.width}×${cast.header.height}, speed ×${speed}`));
  for (const step of playSteps(cast, speed, idleLimit)) {
    if (step.delayMs > 0) await ctx.deps.sleep(step.delayMs);
    if (step.output !== undefined) ctx.deps.out(step.output);
    else if (step.marker !== undefined) ctx.note(ctx.paint('dim', `[${step.marker}]`));
  }
  ctx.note(ctx.paint('dim', '[end of recording]'));
}
