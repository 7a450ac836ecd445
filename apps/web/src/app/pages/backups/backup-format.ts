/**
 * Wording and mapping for the backup pages (the family view and the network's
 * Backups tab): ages in human words, badges from the API's status values, and
 * usage samples as chart points. Pure functions of the API's answer and `now`.
 */
import type { ChartPoint } from '../../shared/chart/chart-math';
import { timeAgo } from '../../core/vm/vm-rules';

export type Tone = 'ok' | 'warn' | 'danger' | 'info' | 'muted';
export interface Badge {
  label: string;
  tone: Tone;
  /** What the badge means, for its title and screen readers. */
  hint: string;
}

export type Freshness = 'never' | 'ok' | 'late' | 'stale';

/** "never", "just now", "2 hours ago", "yesterday", "3 days ago"; older than a month: "on 2026-01-31". */
export function lastBackupText(iso: string | null | undefined, now: number): string {
  if (!iso || !Number.isFinite(Date.parse(iso))) return 'never';
  const words = timeAgo(iso, now);
  return /^\d{4}-\d{2}-\d{2}$/.test(words) ? `on ${words}` : words;
}

/** The family card's big state: green when safe; red when unprotected or not for too long, amber otherwise (late, not yet backed up). */
export function familyState(device: { state: 'safe' | 'needs-attention'; freshness: Freshness | null }): Badge {
  if (device.state === 'safe') return { label: 'Safe', tone: 'ok', hint: 'Backed up recently and the backup checks out.' };
  const urgent = device.freshness === null || device.freshness === 'stale';
  return { label: 'Needs attention', tone: urgent ? 'danger' : 'warn', hint: 'Something keeps this device from being backed up.' };
}

export type Coverage = 'protected' | 'not-yet-backed-up' | 'not-protected';

const COVERAGE_BADGES: Record<Coverage, Badge> = {
  protected: { label: 'protected', tone: 'ok', hint: 'A backup of it has succeeded.' },
  'not-yet-backed-up': {
    label: 'not yet backed up',
    tone: 'warn',
    hint: 'It has a backup policy, but no backup of it has succeeded yet.',
  },
  'not-protected': { label: 'not protected', tone: 'danger', hint: 'No enabled backup policy: nothing backs it up.' },
};

export function coverageBadge(coverage: Coverage): Badge {
  return COVERAGE_BADGES[coverage];
}

/** The API's one-word state of a subject (docs/backups.md "Status"). */
export type BackupState =
  'not-protected' | 'first-backup-pending' | 'first-backup-running' | 'first-backup-failed' | 'protected' | 'late' | 'stale';

const STATE_BADGES: Record<BackupState, Badge> = {
  'not-protected': COVERAGE_BADGES['not-protected'],
  'first-backup-pending': {
    label: 'not yet backed up',
    tone: 'warn',
    hint: 'It has a backup policy; the first backup runs at its scheduled time (or start it with "Run now").',
  },
  'first-backup-running': { label: 'first backup running', tone: 'info', hint: 'Its first backup is running now.' },
  'first-backup-failed': {
    label: 'first backup failed',
    tone: 'danger',
    hint: 'Its first backup failed, so nothing of it is backed up yet; the error is shown beside it.',
  },
  protected: { label: 'protected', tone: 'ok', hint: 'Backed up within its "late" threshold.' },
  late: { label: 'late', tone: 'warn', hint: 'Backed up, but the last success is older than its "late" threshold.' },
  stale: { label: 'stale', tone: 'danger', hint: 'Backed up once, but the last success is older than its "stale" threshold.' },
};

/** The badge of a subject's state: green only once a backup has succeeded and is fresh. */
export function backupStateBadge(state: BackupState): Badge {
  return STATE_BADGES[state];
}

/** The state in words ("not yet backed up", "protected"…), for pages that show it as text. */
export function backupStateWords(state: BackupState): string {
  return STATE_BADGES[state].label;
}

const FRESHNESS_BADGES: Record<Freshness, Badge> = {
  ok: { label: 'ok', tone: 'ok', hint: 'Backed up within its "late" threshold.' },
  late: { label: 'late', tone: 'warn', hint: 'The last success is older than its "late" threshold.' },
  stale: { label: 'stale', tone: 'danger', hint: 'Not backed up: the last success is older than its "stale" threshold.' },
  never: { label: 'never', tone: 'warn', hint: 'No successful backup yet.' },
};

/** Freshness of a subject; null (no enabled policy) is "not protected". */
export function freshnessBadge(freshness: Freshness | null): Badge {
  return freshness === null ? coverageBadge('not-protected') : FRESHNESS_BADGES[freshness];
}

/**
 * A policy's "Last success" cell: "never" once (no badge beside it), or the
 * freshness badge and the time in words ("ok 2 hours ago").
 */
export function lastSuccessCell(freshness: Freshness, lastSuccessAt: string | null, now: number): { badge: Badge | null; text: string } {
  if (freshness === 'never' || !lastSuccessAt) return { badge: null, text: 'never' };
  return { badge: FRESHNESS_BADGES[freshness], text: lastBackupText(lastSuccessAt, now) };
}

export function integrityBadge(integrity: { result: 'unknown' | 'ok' | 'failed'; lastCheckAt: string | null }, now: number): Badge {
  switch (integrity.result) {
    case 'ok':
      return { label: 'checked', tone: 'ok', hint: `Last integrity check passed ${lastBackupText(integrity.lastCheckAt, now)}.` };
    case 'failed':
      return { label: 'check failed', tone: 'danger', hint: 'The last integrity check (restic check) of its repository failed.' };
    default:
      return { label: 'not checked', tone: 'muted', hint: 'Its repository has not been checked yet.' };
  }
}

export type Restorability = 'verified' | 'not-restorable' | 'unverified';

/**
 * What the verified restores of a machine policy say (docs/backups.md,
 * "Verified restores"); null for devices, which are never booted to verify.
 */
export function verificationBadge(
  v: { verification: Restorability | null; verifiedAt: string | null; verificationDetail: string | null },
  now: number,
): Badge | null {
  switch (v.verification) {
    case 'verified':
      return {
        label: 'verified',
        tone: 'ok',
        hint: `The latest snapshot booted healthy in a throw-away VM ${lastBackupText(v.verifiedAt, now)}.`,
      };
    case 'not-restorable':
      return { label: 'not restorable', tone: 'danger', hint: v.verificationDetail ?? 'The latest verified restore failed.' };
    case 'unverified':
      return {
        label: 'not verified',
        tone: 'muted',
        hint: v.verifiedAt
          ? `The last verified restore (${lastBackupText(v.verifiedAt, now)}) is older than the backups it should vouch for.`
          : 'No verified restore yet: "Verify now" boots the latest snapshot in a throw-away VM.',
      };
    default:
      return null;
  }
}

/** The family card's line about restores: the API's words ("backed up and verified <date>"…) and a tone. */
export function familyBackupLine(d: { words: string | null; restorability: Restorability | null }): { text: string; tone: Tone } | null {
  if (!d.words) return null;
  const tone: Tone = d.restorability === 'not-restorable' ? 'danger' : d.restorability === 'verified' ? 'ok' : 'muted';
  return { text: d.words.charAt(0).toUpperCase() + d.words.slice(1), tone };
}

export interface UsageSample {
  at: string;
  sizeBytes: number;
  freeBytes: number | null;
}

export interface UsageChart {
  size: ChartPoint[];
  free: ChartPoint[];
  from: number;
  to: number;
  /**
   * The chart draws a gap where points are further apart than 1.5 steps. Size
   * is sampled irregularly (every poll and after every run) and does not vanish
   * between samples, so the step spans the whole window: one unbroken line.
   */
  stepSeconds: number;
}

/** Usage samples (any order, bad dates dropped) → the size and free-space lines, oldest first. */
export function usageChart(samples: readonly UsageSample[], now: number, windowMs = 30 * 24 * 3600 * 1000): UsageChart {
  const valid = samples
    .map((s) => ({ t: Date.parse(s.at), size: s.sizeBytes, free: s.freeBytes }))
    .filter((s) => Number.isFinite(s.t) && Number.isFinite(s.size))
    .sort((a, b) => a.t - b.t);
  const size = valid.map((s) => ({ t: s.t, avg: Math.max(0, s.size), max: Math.max(0, s.size) }));
  const free = valid
    .filter((s) => s.free !== null && Number.isFinite(s.free))
    .map((s) => ({ t: s.t, avg: Math.max(0, s.free ?? 0), max: Math.max(0, s.free ?? 0) }));
  const from = Math.min(now - windowMs, valid.length ? valid[0].t : now);
  const to = Math.max(now, valid.length ? valid[valid.length - 1].t : now);
  return { size, free, from, to, stepSeconds: Math.max(60, Math.ceil((to - from) / 1000)) };
}

/** The parent of an absolute snapshot path; "/" stays "/". */
export function parentPath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  return cut <= 0 ? '/' : trimmed.slice(0, cut);
}

/** The directories from "/" down to `path`, for the file browser's breadcrumb. */
export function pathCrumbs(path: string): { name: string; path: string }[] {
  const parts = path.split('/').filter(Boolean);
  return [{ name: '/', path: '/' }, ...parts.map((name, i) => ({ name, path: '/' + parts.slice(0, i + 1).join('/') }))];
}

/**
 * The point in time a machine snapshot records (its `clan-revision=` and
 * `clan-generation=` tags), which a whole-machine restore brings back; null
 * when the snapshot lacks either.
 */
export function restorePoint(tags: readonly string[]): { revision: string; generation: number } | null {
  const value = (name: string) => tags.find((t) => t.startsWith(`${name}=`))?.slice(name.length + 1);
  const revision = value('clan-revision');
  const generation = Number(value('clan-generation'));
  if (!revision || !/^[0-9a-f]{7,64}$/.test(revision) || !Number.isInteger(generation) || generation < 0) return null;
  return { revision, generation };
}

/** What a snapshot holds, in words: its part tag ("files", "machine-files", "state-disk", "dump:<name>"). */
export function snapshotContents(part: string): string {
  if (part === 'machine-files') return 'Files from inside the machine';
  if (part === 'state-disk') return 'Whole state disk';
  if (part.startsWith('dump:')) return `Database dump (${part.slice(5)})`;
  return 'Files';
}

/** When a snapshot was taken, for people: "7 Dec 2026, 07:42" in their locale and time zone. */
export function snapshotTime(iso: string, locale?: string, timeZone?: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(t);
}
