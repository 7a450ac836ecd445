/**
 * Pure formatting for human output. No I/O, no clock: callers pass `now`, so
 * every function here is deterministic and unit-tested.
 */

// eslint-disable-next-line no-control-regex -- matching terminal colour codes is the point
const ANSI = /\u001b\[[0-9;]*m/g;

/** Width as a terminal shows it (ANSI colour codes take no room). */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const gap = ' '.repeat(Math.max(0, width - visibleWidth(text)));
  return align === 'right' ? gap + text : text + gap;
}

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  align?: 'left' | 'right';
}

/** An aligned table: upper-case headers, two spaces between columns, no trailing blanks. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  const widths = columns.map((c, i) => Math.max(visibleWidth(c.header), ...cells.map((row) => visibleWidth(row[i]))));
  const line = (values: string[]) =>
    values
      .map((v, i) => pad(v, i === values.length - 1 && columns[i].align !== 'right' ? 0 : widths[i], columns[i].align ?? 'left'))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)].join('\n');
}

/** `Label:  value` lines with the values aligned; rows whose value is undefined are left out. */
export function keyValues(pairs: readonly [string, string | undefined][]): string {
  const shown = pairs.filter((p): p is [string, string] => p[1] !== undefined);
  const width = Math.max(0, ...shown.map(([k]) => visibleWidth(k) + 1));
  return shown.map(([k, v]) => `${pad(`${k}:`, width, 'left')}  ${v}`).join('\n');
}

const UNITS: [limitSeconds: number, divisor: number, unit: string][] = [
  [60, 1, 's'],
  [3600, 60, 'min'],
  [86400, 3600, 'h'],
  // Days up to ~6 weeks, so a 30-day token reads "in 30 d" rather than "in 1 mo".
  [86400 * 45, 86400, 'd'],
  [86400 * 365, 86400 * 30, 'mo'],
  [Infinity, 86400 * 365, 'y'],
];

/** "just now", "5 min ago", "in 29 d", "3 mo ago"; "—" for no date. */
export function relativeTime(when: string | Date | null | undefined, now: Date): string {
  if (!when) return '—';
  const t = typeof when === 'string' ? new Date(when) : when;
  if (Number.isNaN(t.getTime())) return '—';
  const deltaS = Math.round((t.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(deltaS);
  if (abs < 10) return 'just now';
  const [, divisor, unit] = UNITS.find(([limit]) => abs < limit) ?? UNITS[UNITS.length - 1];
  const n = Math.floor(abs / divisor);
  return deltaS < 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
}

/** "850 ms", "4.2 s", "3m 05s", "2h 07m". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const totalS = Math.round(s);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const sec = totalS % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m ${String(sec).padStart(2, '0')}s`;
}

/** `[██████░░░░]  60%`; progress is 0–100 and clamped. */
export function progressBar(progress: number, width = 10): string {
  const p = Math.min(100, Math.max(0, Number.isFinite(progress) ? progress : 0));
  const filled = Math.round((p / 100) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(p)).padStart(3)}%`;
}

/** An absolute timestamp a person can read, in UTC so output does not depend on the machine. */
export function formatTimestamp(when: string | Date | null | undefined): string {
  if (!when) return '—';
  const t = typeof when === 'string' ? new Date(when) : when;
  if (Number.isNaN(t.getTime())) return '—';
  return t
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC');
}

/** Absolute and relative together: "2025-11-23 10:49:00 UTC (5 min ago)". */
export function formatWhen(when: string | Date | null | undefined, now: Date): string {
  if (!when) return '—';
  return `${formatTimestamp(when)} (${relativeTime(when, now)})`;
}

export type Painter = (style: 'red' | 'yellow' | 'green' | 'cyan' | 'dim' | 'bold', text: string) => string;

const CODES = { red: 31, yellow: 33, green: 32, cyan: 36, dim: 2, bold: 1 } as const;

/** Colours only for a terminal, and never when NO_COLOR is set (no-color.org). */
export function painter(enabled: boolean): Painter {
  return enabled ? (style, text) => `\u001b[${CODES[style]}m${text}\u001b[0m` : (_style, text) => text;
}
