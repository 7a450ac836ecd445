import { allPages } from '@clan/api-client';
import type { CliContext } from '../app/context';
import { shortSha } from '../lib/diff';
import { UsageError } from '../lib/errors';
import { ExitCode } from '../lib/exit-codes';
import { type Painter, relativeTime, table } from '../lib/format';
import { parseMachineRef } from '../lib/refs';
import type { Generation } from '../lib/api';
import { awaitStartedTask, finishTask, resolveTarget, type WaitOption } from './vm';

// ── parsing ────────────────────────────────────────────────────────────────

/** `<number>` of `generation rollback`: a whole number from 1, as `generation list` shows it. */
export function parseGenerationNumber(value: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(value.trim())) {
    throw new UsageError(`<number>: "${value}" must be a generation number (1 or more), as \`clanctl generation list\` shows it`);
  }
  return Number(value.trim());
}

/** `--keep N`: 1 to 100 generations per machine, as the panel accepts; undefined leaves the panel's default. */
export function parseKeep(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 100) throw new UsageError(`--keep: "${value}" must be a whole number from 1 to 100`);
  return n;
}

// ── rendering ──────────────────────────────────────────────────────────────

const STATUS_STYLE = { healthy: 'green', booting: 'yellow', 'rolled-back': 'red', collected: 'dim' } as const;

/** "812 MiB", "1.4 GiB", "930 KiB"; "—" when unknown. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 || v >= 10 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** `current`, `last healthy`, both, or nothing. */
export function inUseCell(g: Pick<Generation, 'current' | 'lastHealthy'>, paint: Painter): string {
  const marks = [g.current ? paint('bold', 'current') : '', g.lastHealthy ? 'last healthy' : ''].filter(Boolean);
  return marks.join(', ');
}

export function renderGenerations(ref: string, items: readonly Generation[], now: Date, paint: Painter): string {
  if (!items.length) return `No generations of ${ref} yet. Build the first with \`clanctl deploy ${ref}\`.`;
  return table(items, [
    { header: 'gen', value: (g) => String(g.number), align: 'right' },
    {
      header: 'status',
      value: (g) => {
        const style = STATUS_STYLE[g.status as keyof typeof STATUS_STYLE];
        return style ? paint(style, g.status) : g.status;
      },
    },
    { header: 'in use', value: (g) => inUseCell(g, paint) },
    { header: 'revision', value: (g) => shortSha(g.revision) },
    { header: 'built', value: (g) => relativeTime(g.builtAt, now) },
    { header: 'healthy', value: (g) => relativeTime(g.healthyAt, now) },
    { header: 'size', value: (g) => formatBytes(g.closureBytes), align: 'right' },
    { header: 'note', value: (g) => g.note ?? '' },
  ]);
}

// ── commands ───────────────────────────────────────────────────────────────

export async function generationListCommand(ctx: CliContext, ref: string): Promise<void> {
  const t = await resolveTarget(ctx, ref);
  const page = await allPages((p) => t.vm.generations(t.network.id, t.machine, p));
  ctx.print(page, () => renderGenerations(t.label, page.items, ctx.now(), ctx.paint));
}

/**
 * Rolling back restarts the VM on an older system, so it asks first; `--yes`
 * (or a refusal without a terminal) keeps scripts from hanging on a question.
 */
async function confirmRollback(ctx: CliContext, ref: string, number: number, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  const what = `boots generation ${number} of ${ref} again (its VM restarts)`;
  if (!ctx.deps.stdinIsTTY) throw new UsageError(`Rolling back ${what}; pass --yes to confirm without a terminal`);
  const answer = (await ctx.deps.prompt(`This ${what}. Roll back? [y/N] `)).trim();
  if (!/^y(es)?$/i.test(answer)) throw new UsageError('Not rolled back: answer "y" to confirm, or pass --yes.');
}

export async function generationRollbackCommand(
  ctx: CliContext,
  ref: string,
  numberText: string,
  options: WaitOption & { yes?: boolean },
): Promise<ExitCode> {
  parseMachineRef(ref);
  const number = parseGenerationNumber(numberText);
  await confirmRollback(ctx, ref, number, options.yes);
  const t = await resolveTarget(ctx, ref);
  const started = await t.vm.rollback(t.network.id, t.machine, number);
  const task = await awaitStartedTask(ctx, t.api, started, `Rolling ${t.label} back to generation ${number}`, options.wait !== false);
  return finishTask(ctx, task);
}

export async function generationGcCommand(ctx: CliContext, options: WaitOption & { keep?: string }): Promise<ExitCode> {
  const keep = parseKeep(options.keep);
  const api = ctx.api();
  const started = await api.vms.collectGenerations(keep);
  const doing = `Collecting old generations${keep === undefined ? '' : ` (keeping the last ${keep} of each machine)`}`;
  const task = await awaitStartedTask(ctx, api, started, doing, options.wait !== false);
  return finishTask(ctx, task);
}
