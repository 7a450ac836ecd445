import type { components } from '@clan/api-client';

export type JournalEntryView = components['schemas']['JournalEntryDto'];
export type JournalPageView = components['schemas']['JournalPageDto'];

/** How many entries the host journal page keeps while following; the oldest go first. */
export const JOURNAL_ROW_CAP = 2000;

export type Tone = 'danger' | 'warn' | 'info' | 'ok' | 'muted';

/** syslog priorities, most important first: the index is the number journald stores. */
export const PRIORITIES: readonly { value: number; name: string; label: string }[] = [
  { value: 0, name: 'emerg', label: 'Emergency' },
  { value: 1, name: 'alert', label: 'Alert' },
  { value: 2, name: 'crit', label: 'Critical' },
  { value: 3, name: 'err', label: 'Error' },
  { value: 4, name: 'warning', label: 'Warning' },
  { value: 5, name: 'notice', label: 'Notice' },
  { value: 6, name: 'info', label: 'Info' },
  { value: 7, name: 'debug', label: 'Debug' },
];

/** 3 → "err"; unknown or missing → "—". */
export function priorityName(priority: number | null | undefined): string {
  return (priority != null && PRIORITIES[priority]?.name) || '—';
}

/** Errors and worse are red, warnings amber, notices blue, the rest quiet. */
export function priorityTone(priority: number | null | undefined): Tone {
  if (priority == null) return 'muted';
  if (priority <= 3) return 'danger';
  if (priority === 4) return 'warn';
  if (priority === 5) return 'info';
  return 'muted';
}

/** What the row says in its source column: the unit, else the syslog identifier, with the pid. */
export function journalSource(entry: Pick<JournalEntryView, 'unit' | 'identifier' | 'pid'>): string {
  const name = entry.unit ?? entry.identifier ?? '—';
  return entry.pid != null ? `${name}[${entry.pid}]` : name;
}

/**
 * Newer entries appended to those shown, each once (a stream that reconnects
 * may repeat the entry it resumed from), keeping at most `cap`: the oldest
 * are dropped. Returns the list and how many were dropped.
 */
export function appendEntries<T extends { cursor: string }>(
  shown: readonly T[],
  incoming: readonly T[],
  cap = JOURNAL_ROW_CAP,
): { items: T[]; dropped: number } {
  const known = new Set(shown.map((e) => e.cursor));
  const fresh = incoming.filter((e) => {
    if (known.has(e.cursor)) return false;
    known.add(e.cursor);
    return true;
  });
  const all = fresh.length ? [...shown, ...fresh] : [...shown];
  const dropped = Math.max(0, all.length - cap);
  return { items: dropped ? all.slice(dropped) : all, dropped };
}

/** Older entries put before those shown (paging back), each once. */
export function prependEntries<T extends { cursor: string }>(shown: readonly T[], older: readonly T[]): T[] {
  const known = new Set(shown.map((e) => e.cursor));
  return [...older.filter((e) => !known.has(e.cursor)), ...shown];
}
