/**
 * The decisions of a verified restore (docs/backups.md, "Verified
 * restores"), as pure functions: which snapshot, which generation, where its
 * files go on the throw-away state disk, what the status says afterwards.
 */
import type { GuestCheck } from '../../services/guest/guest-checks';
import type { SnapshotInfo } from '../restic/restic-output';

/** The tag that marks a snapshot of a stopped machine's state disk image (machine/machine-backups.service.ts). */
export const STATE_DISK_SOURCE = 'clan-source=state-disk';

/** The newest snapshot (the policy's snapshots as `restic snapshots --tag clan-policy:<id>` lists them), or null. */
export function latestSnapshot(snapshots: readonly SnapshotInfo[]): SnapshotInfo | null {
  return [...snapshots].sort((a, b) => b.time.localeCompare(a.time))[0] ?? null;
}

/** The generation a snapshot was taken on (`clan-generation=<n>`), or null. */
export function generationOf(s: Pick<SnapshotInfo, 'tags'>): number | null {
  const t = s.tags.find((x) => /^clan-generation=\d{1,9}$/.test(x));
  return t ? Number(t.slice('clan-generation='.length)) : null;
}

/** The configuration revision a snapshot was taken on (`clan-revision=<sha>`), or null. */
export function revisionOf(s: Pick<SnapshotInfo, 'tags'>): string | null {
  const t = s.tags.find((x) => /^clan-revision=[0-9a-f]{7,64}$/.test(x));
  return t ? t.slice('clan-revision='.length) : null;
}

export function isStateDiskImage(s: Pick<SnapshotInfo, 'tags'>): boolean {
  return s.tags.includes(STATE_DISK_SOURCE);
}

/** The one file of a state-disk snapshot (`/<machine>-state.img`, as restic backup --stdin names it). */
export function stateImageName(machine: string): string {
  return `${machine}-state.img`;
}

/**
 * Where a file of a file-level snapshot lies on the state disk. Demo guests
 * mount the state disk at /state, so `/state/data/x` is `/data/x` on the
 * disk; NixOS machines mount it at / and their paths map as they are.
 */
export function diskPathOf(snapshotPath: string): string {
  if (snapshotPath === '/state') return '/';
  return snapshotPath.startsWith('/state/') ? snapshotPath.slice('/state'.length) : snapshotPath;
}

/** The throw-away domain's name: never `clan-<panelId>-…`, so the reconciler and the metrics leave it alone. */
export function verifyDomainName(panelId: string, networkId: string, machine: string): string {
  return `clan-verify-${panelId}-${networkId.replace(/-/g, '').slice(0, 8)}-${machine}`;
}

/** The size of the throw-away state disk for `bytes` of restored files: room for ext4's tables, at least 64 MiB. */
export function stateDiskKiB(bytes: number): number {
  const MiB = 1024 * 1024;
  return Math.ceil(Math.max(64 * MiB, bytes * 1.5 + 32 * MiB) / 1024 / 4) * 4;
}

/** What the status shows for a policy's restores (docs/backups.md, "Status"). */
export type Restorability = 'verified' | 'not-restorable' | 'unverified';

export interface VerificationFacts {
  ok: boolean;
  verifiedAt: Date;
}

/**
 * "verified" while the latest verification succeeded and is not older than
 * one verification window (CLAN_VERIFY_DAYS, at least a day) before the
 * latest successful backup; "not-restorable" when the latest one failed;
 * "unverified" otherwise (never verified, or the proof is older than the
 * backups it should vouch for).
 */
export function restorabilityOf(latest: VerificationFacts | null, lastSuccessAt: Date | null, verifyDays: number): Restorability {
  if (!latest) return 'unverified';
  if (!latest.ok) return 'not-restorable';
  if (!lastSuccessAt) return 'verified';
  const windowMs = Math.max(1, verifyDays) * 24 * 3600_000;
  return latest.verifiedAt.getTime() >= lastSuccessAt.getTime() - windowMs ? 'verified' : 'unverified';
}

/** A verification is due when the policy has a backup and its last verification is older than `verifyDays` (0: never scheduled). */
export function verificationDue(latestAt: Date | null, lastSuccessAt: Date | null, verifyDays: number, now: Date): boolean {
  if (verifyDays <= 0 || !lastSuccessAt) return false;
  return !latestAt || now.getTime() - latestAt.getTime() >= verifyDays * 24 * 3600_000 - 3600_000;
}

/**
 * The sentence that makes a snapshot not restorable because of the machine's
 * app checks (CHECK), naming each failed check with what it said; null when
 * none failed (or the controller runs none).
 */
export function failedChecksSentence(checks: readonly GuestCheck[] | null, what: string): string | null {
  const failed = (checks ?? []).filter((c) => !c.ok);
  if (!failed.length) return null;
  const said = (c: GuestCheck) => `${c.name} (${c.detail.replace(/[.\s]+$/, '') || 'no output'})`;
  return failed.length === 1
    ? `${what}, but its app check ${said(failed[0])} failed.`
    : `${what}, but these app checks failed: ${failed.slice(0, 5).map(said).join('; ')}.`;
}

/** How the success detail names the app checks: those that passed, none declared, or a controller without CHECK. */
export function checksSummary(checks: readonly GuestCheck[] | null): string {
  if (checks === null) return ' (its controller is older than app checks: none were run)';
  if (!checks.length) return '; the machine declares no app checks';
  return `, app checks passed: ${checks.map((c) => c.name).join(', ')}`;
}
