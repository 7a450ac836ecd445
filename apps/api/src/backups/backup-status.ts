/**
 * The backup status model (docs/backups.md, "Status"): pure functions of a
 * policy's recorded facts and the clock, shared by the API, the family view
 * and the notifications.
 */

import type { Restorability } from './verify/verify-plan';

export type { Restorability } from './verify/verify-plan';
export type Freshness = 'never' | 'ok' | 'late' | 'stale';
export type Integrity = 'unknown' | 'ok' | 'failed';
/** protected: at least one successful backup; not-yet-backed-up: policies, but no success yet; not-protected: no enabled policy. */
export type Coverage = 'protected' | 'not-yet-backed-up' | 'not-protected';
export type FamilyState = 'safe' | 'needs-attention';

export interface FreshnessInput {
  lastSuccessAt: Date | null;
  lateAfterHours: number;
  staleAfterHours: number;
}

const HOUR = 3600_000;

/** never / ok / late / stale, measured from the last successful run. */
export function freshnessOf(p: FreshnessInput, now: Date): Freshness {
  if (!p.lastSuccessAt) return 'never';
  const age = now.getTime() - p.lastSuccessAt.getTime();
  if (age <= p.lateAfterHours * HOUR) return 'ok';
  if (age <= p.staleAfterHours * HOUR) return 'late';
  return 'stale';
}

const FRESHNESS_RANK: Record<Freshness, number> = { ok: 0, late: 1, never: 2, stale: 3 };

/** The worst of several policies' freshness (a subject backed up to two places needs both). */
export function worstFreshness(values: readonly Freshness[]): Freshness | null {
  if (!values.length) return null;
  return values.reduce((a, b) => (FRESHNESS_RANK[b] > FRESHNESS_RANK[a] ? b : a));
}

/**
 * A subject's one-word state for the admin table (docs/backups.md "Status"):
 * "protected" only once a backup has succeeded; before that it says where the
 * first backup stands.
 */
export const SUBJECT_STATES = [
  'not-protected',
  'first-backup-pending',
  'first-backup-running',
  'first-backup-failed',
  'protected',
  'late',
  'stale',
] as const;
export type SubjectState = (typeof SUBJECT_STATES)[number];

export interface StatePolicyInput extends FreshnessInput {
  enabled: boolean;
  /** 'succeeded' / 'failed' of the last finished run, null before any. */
  lastRunStatus: string | null;
  /** A backup of this policy is running right now. */
  running: boolean;
}

/** The state from the subject's policies (disabled ones do not protect anything). */
export function subjectStateOf(policies: readonly StatePolicyInput[], now: Date): SubjectState {
  const enabled = policies.filter((p) => p.enabled);
  if (!enabled.length) return 'not-protected';
  if (!enabled.some((p) => p.lastSuccessAt)) {
    if (enabled.some((p) => p.running)) return 'first-backup-running';
    if (enabled.some((p) => p.lastRunStatus === 'failed')) return 'first-backup-failed';
    return 'first-backup-pending';
  }
  const worst = worstFreshness(enabled.filter((p) => p.lastSuccessAt).map((p) => freshnessOf(p, now)));
  return worst === 'late' || worst === 'stale' ? worst : 'protected';
}

/** The coarse coverage of a state. */
export function coverageOf(state: SubjectState): Coverage {
  if (state === 'not-protected') return 'not-protected';
  return state.startsWith('first-backup-') ? 'not-yet-backed-up' : 'protected';
}

export function integrityOf(r: { lastCheckAt: Date | null; lastCheckOk: boolean | null }): Integrity {
  if (!r.lastCheckAt || r.lastCheckOk === null) return 'unknown';
  return r.lastCheckOk ? 'ok' : 'failed';
}

/** "3 days", "5 hours", "12 minutes": the age in the largest whole unit. */
export function humanAge(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return plural(Math.max(0, minutes), 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

export interface SubjectFacts {
  subject: string;
  coverage: Coverage;
  freshness: Freshness | null;
  lastSuccessAt: Date | null;
  integrity: Integrity;
  lastErrorClass: string | null;
  runner: 'panel' | 'device' | null;
  /** Machines: what the verified restores say (verify/verify-plan.ts restorabilityOf); absent or null for devices. */
  restorability?: Restorability | null;
}

/** The family view's verdict and the one thing to do about it, in plain words. */
export function familyVerdict(f: SubjectFacts): { state: FamilyState; advice: string } {
  if (f.coverage === 'not-protected') {
    return { state: 'needs-attention', advice: `${f.subject} is not backed up at all. Ask your network admin to add a backup policy.` };
  }
  if (f.restorability === 'not-restorable') {
    return {
      state: 'needs-attention',
      advice: `A test restore of the backup of ${f.subject} did not start up. Tell your network admin.`,
    };
  }
  if (f.integrity === 'failed') {
    return { state: 'needs-attention', advice: 'The last integrity check of the backup found errors. Tell your network admin.' };
  }
  switch (f.freshness) {
    case 'ok':
      return { state: 'safe', advice: 'Nothing to do.' };
    case 'late':
      return {
        state: 'needs-attention',
        advice:
          f.runner === 'device'
            ? `Turn ${f.subject} on and connect it to the network so its backup can run.`
            : 'The backup is late; the panel retries at the next scheduled time.',
      };
    case 'never':
      return {
        state: 'needs-attention',
        advice: f.runner === 'device' ? `Set up the backup on ${f.subject} and let it run once.` : 'The first backup has not run yet.',
      };
    default:
      return {
        state: 'needs-attention',
        advice:
          f.runner === 'device'
            ? `Turn ${f.subject} on, connect it to the network and start a backup; tell your network admin if that does not help.`
            : 'Backups have stopped working; tell your network admin.',
      };
  }
}

/** The notification sentence for a freshness state, e.g. "laptop-anna has not been backed up for 3 days". */
export function freshnessMessage(subject: string, freshness: Freshness, lastSuccessAt: Date | null, now: Date): string {
  switch (freshness) {
    case 'ok':
      return `${subject} is backed up again (last backup ${humanAge(now.getTime() - (lastSuccessAt?.getTime() ?? now.getTime()))} ago).`;
    case 'never':
      return `${subject} has never been backed up.`;
    default:
      return `${subject} has not been backed up for ${humanAge(now.getTime() - (lastSuccessAt?.getTime() ?? now.getTime()))}.`;
  }
}

/** The worst restorability among a subject's machine policies (null: none of them is a machine policy). */
export function worstRestorability(values: readonly (Restorability | null)[]): Restorability | null {
  const known = values.filter((v): v is Restorability => v !== null);
  if (!known.length) return null;
  if (known.includes('not-restorable')) return 'not-restorable';
  return known.every((v) => v === 'verified') ? 'verified' : 'unverified';
}

/**
 * The status in a few words (docs/backups.md, "Verified restores"): "backed
 * up and verified 2026-12-07" while the latest restore test of a backed-up
 * machine passed, "not restorable" when it failed, "backed up" for every
 * other subject with a successful backup, null before the first one.
 */
export function backupWords(
  coverage: Coverage,
  restorability: Restorability | null | undefined,
  verifiedAt: Date | null | undefined,
): string | null {
  if (restorability === 'not-restorable') return 'not restorable';
  if (coverage !== 'protected') return null;
  if (restorability === 'verified' && verifiedAt) return `backed up and verified ${verifiedAt.toISOString().slice(0, 10)}`;
  return 'backed up';
}
