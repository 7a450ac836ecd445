import { formatBytes } from '../network-mesh-format';
import type {
  PreviewMachineView,
  PreviewPackageView,
  RolloutMachineState,
  RolloutMachineView,
  UpdateRolloutView,
  UpdateWindowView,
} from '../network-updates.api';

export type Tone = 'ok' | 'warn' | 'danger' | 'info' | 'muted';

export interface StateChip {
  label: string;
  tone: Tone;
  /** What it means, for the title. */
  hint: string;
}

/** A machine's place in a rollout, as a chip a family member reads. */
export const MACHINE_STATES: Record<RolloutMachineState, StateChip> = {
  pending: { label: 'waiting', tone: 'muted', hint: 'Not reached yet: it runs what it ran before.' },
  updating: { label: 'updating', tone: 'info', hint: 'Building, starting or being watched after the update.' },
  updated: { label: 'updated', tone: 'ok', hint: 'Runs the update and stayed healthy.' },
  'rolled-back': { label: 'rolled back', tone: 'warn', hint: 'Failed after the update; the panel put back what it ran before.' },
  failed: { label: 'failed', tone: 'danger', hint: 'Failed, and could not be put back by itself.' },
  skipped: { label: 'skipped', tone: 'muted', hint: 'Left out by an admin: it keeps running what it ran before.' },
  reverted: { label: 'reverted', tone: 'warn', hint: 'Was updated, then taken back when the rollout was aborted.' },
  unchanged: { label: 'no change', tone: 'muted', hint: 'The update does not change this machine.' },
};

export function machineState(state: RolloutMachineState): StateChip {
  return MACHINE_STATES[state] ?? { label: state, tone: 'muted', hint: '' };
}

const ROLLOUT_STATUS: Record<UpdateRolloutView['status'], StateChip> = {
  running: { label: 'running', tone: 'info', hint: 'Machines are being updated one wave at a time.' },
  halted: { label: 'halted', tone: 'danger', hint: 'A machine failed; nothing more happens until you decide.' },
  succeeded: { label: 'done', tone: 'ok', hint: 'Every machine that changes runs the update.' },
  aborting: { label: 'aborting', tone: 'warn', hint: 'Updated machines are going back to what they ran before.' },
  aborted: { label: 'aborted', tone: 'muted', hint: 'Every updated machine went back, and the old lock is restored.' },
  failed: { label: 'failed', tone: 'danger', hint: 'The rollout itself could not go on.' },
};

export function rolloutStatus(status: UpdateRolloutView['status']): StateChip {
  return ROLLOUT_STATUS[status] ?? { label: status, tone: 'muted', hint: '' };
}

/** A rollout that still needs the page's attention (polling) or the admin's (a banner). */
export function rolloutActive(r: Pick<UpdateRolloutView, 'status'> | null | undefined): boolean {
  return !!r && (r.status === 'running' || r.status === 'aborting' || r.status === 'halted');
}

/** "12 MiB", "+3.4 MiB", "−200 KiB" for a delta; "—" for null. */
export function bytes(n: number | null | undefined): string {
  return formatBytes(n);
}

export function signedBytes(n: number): string {
  if (n === 0) return '±0 B';
  return `${n > 0 ? '+' : '−'}${formatBytes(Math.abs(n))}`;
}

/** "nginx: 1.26.3 → 1.28.0", "new: jq 1.7", "removed: …". */
export function packageChange(p: PreviewPackageView): string {
  const from = p.from.join(', ');
  const to = p.to.join(', ');
  if (!from && to) return `${p.name}: new, ${to}`;
  if (from && !to) return `${p.name}: removed (was ${from})`;
  return `${p.name}: ${from || '?'} → ${to || '?'}`;
}

/** The machines of a preview the update changes, in the preview's order. */
export function changedMachines(machines: readonly PreviewMachineView[]): string[] {
  return machines.filter((m) => m.changes && !m.error).map((m) => m.machine);
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "30 seconds", "2 minutes", "1 minute 30 seconds". */
export function duration(seconds: number): string {
  if (seconds < 60) return count(seconds, 'second', 'seconds');
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest ? `${count(minutes, 'minute', 'minutes')} ${count(rest, 'second', 'seconds')}` : count(minutes, 'minute', 'minutes');
}

/**
 * What a rollout will do, as the confirmation says it: "alpha first, then 2 more one
 * at a time; each must stay healthy for 2 minutes; the first failure stops the
 * rollout and rolls that machine back." `canary` null: the panel picks it.
 */
export function rolloutPlan(changed: readonly string[], canary: string | null, concurrency: number, soakSeconds: number): string {
  const first = canary ? canary : 'the machine with the fewest apps';
  const rest = Math.max(0, changed.length - 1);
  const pace = concurrency <= 1 ? 'one at a time' : `at most ${concurrency} at a time`;
  const then = rest ? `, then ${count(rest, 'more', 'more')} ${pace}` : '';
  const soak = soakSeconds > 0 ? `each must stay healthy for ${duration(soakSeconds)}` : 'each must come up healthy';
  return `${first} first${then}; ${soak}; the first failure stops the rollout and rolls that machine back.`;
}

/** "n of m machines updated": the machines the update changes, not those it leaves alone. */
export function rolloutCounts(machines: readonly RolloutMachineView[]): { done: number; total: number } {
  const relevant = machines.filter((m) => m.state !== 'unchanged');
  return { done: relevant.filter((m) => m.state === 'updated').length, total: relevant.length };
}

/** The machines in waves, the canary's first. */
export function waves(machines: readonly RolloutMachineView[]): { wave: number; machines: RolloutMachineView[] }[] {
  const byWave = new Map<number, RolloutMachineView[]>();
  for (const m of machines) byWave.set(m.wave, [...(byWave.get(m.wave) ?? []), m]);
  return [...byWave.entries()].sort(([a], [b]) => a - b).map(([wave, list]) => ({ wave, machines: list }));
}

/** The machine a halted rollout stopped at: the one that failed or was rolled back and is not finished with. */
export function haltedMachine(r: Pick<UpdateRolloutView, 'status' | 'machines'>): string | null {
  if (r.status !== 'halted') return null;
  const failing = r.machines.filter((m) => m.state === 'rolled-back' || m.state === 'failed');
  return failing.at(-1)?.machine ?? null;
}

export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** "Saturday and Sunday, 02:00–05:00"; null window: "any time". */
export function windowText(w: UpdateWindowView | null): string {
  if (!w) return 'any time';
  const days = [...w.days].sort((a, b) => a - b).map((d) => DAY_NAMES[d] ?? String(d));
  const list =
    days.length === 7 ? 'every day' : days.length > 1 ? `${days.slice(0, -1).join(', ')} and ${days.at(-1)}` : (days[0] ?? 'no day');
  const overnight = w.end <= w.start ? ' (past midnight)' : '';
  return `${list}, ${w.start}–${w.end}${overnight}`;
}
