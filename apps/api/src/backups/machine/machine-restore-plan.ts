import type { Layers } from '../../configs/layers';
import type { SnapshotInfo } from '../restic/restic-output';
import { generationOf, revisionOf } from '../verify/verify-plan';

/**
 * The pure decisions of a whole-machine restore (docs/backups.md,
 * "Whole-machine restore"): which snapshot may bring a machine back, where
 * the current state disk goes, and the machine's configuration as the
 * recorded revision had it.
 */

const POLICY_TAG = /^clan-policy:([0-9a-f-]{36})$/;

/** The policies a restore may come from: a machine's own. */
export interface RestorePolicy {
  id: string;
  subjectKind: string;
  subjectName: string;
}

export type RestorePoint = { ok: true; policyId: string; revision: string; generation: number } | { ok: false; reason: string };

/** The snapshot brings `machine` back when it belongs to one of its policies and records the revision and generation it was taken under. */
export function restorePointOf(
  snapshot: Pick<SnapshotInfo, 'shortId' | 'tags'>,
  machine: string,
  policies: readonly RestorePolicy[],
): RestorePoint {
  const ids = snapshot.tags.map((t) => POLICY_TAG.exec(t)?.[1]).filter((x): x is string => Boolean(x));
  const policy = policies.find((p) => ids.includes(p.id) && p.subjectKind === 'machine' && p.subjectName === machine);
  if (!policy) {
    return {
      ok: false,
      reason: `Snapshot ${snapshot.shortId} is not a backup of ${machine} (it belongs to none of its backup policies); choose one of ${machine}'s own snapshots.`,
    };
  }
  const revision = revisionOf(snapshot);
  const generation = generationOf(snapshot);
  if (!revision || generation === null) {
    const missing = [revision ? null : 'clan-revision', generation === null ? 'clan-generation' : null].filter(Boolean).join(' and ');
    return {
      ok: false,
      reason: `Snapshot ${snapshot.shortId} does not record the configuration it was taken under (no ${missing} tag), so the machine cannot be brought back as it was; restore its files instead.`,
    };
  }
  return { ok: true, policyId: policy.id, revision, generation };
}

/** `state.img.before-restore-20261207T054500Z`: where the current state disk is kept (never deleted). */
export function asideName(now: Date): string {
  return `state.img.before-restore-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
}

/** A snapshot's time for a sentence: "2026-12-07 07:57 UTC" (restic's own is an RFC 3339 string with nanoseconds). */
export function snapshotWhen(time: string): string {
  const t = Date.parse(time);
  return Number.isNaN(t) ? time : `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The panel commit that reverts the machine's configuration. */
export function restoreMessage(machine: string, snapshotTime: string, revision: string): string {
  const date = snapshotTime.slice(0, 10);
  return `Restore ${machine} as of ${date}\n\nWhole-machine restore of ${machine}: its configuration as of revision ${revision.slice(0, 8)} (snapshot of ${snapshotTime}).`;
}

/**
 * The configuration with `machine`'s part (network layer, local layer, local
 * admins) as `target` had it; every other machine as now, and the machine's
 * panel-written mesh section as now. Null when nothing would change.
 */
export function machineLayersAt(current: Layers, target: Layers, machine: string): Layers | null {
  const before = current.configs[machine];
  const wanted = target.configs[machine];
  if (wanted === undefined) return null;
  const network = { ...(wanted as Record<string, unknown>) };
  const mesh = (before as Record<string, unknown> | undefined)?.['mesh'];
  if (mesh !== undefined) network['mesh'] = mesh;
  else delete network['mesh'];
  const next: Layers = {
    configs: { ...current.configs, [machine]: network },
    overrides: { ...current.overrides },
    localAdmins: { ...current.localAdmins },
  };
  if (target.overrides[machine] && Object.keys(target.overrides[machine]).length) next.overrides[machine] = target.overrides[machine];
  else delete next.overrides[machine];
  if (target.localAdmins[machine]?.length) next.localAdmins[machine] = target.localAdmins[machine];
  else delete next.localAdmins[machine];
  const same = (a: unknown, b: unknown) => JSON.stringify(canon(a)) === JSON.stringify(canon(b));
  const unchanged =
    same(next.configs[machine], before) &&
    same(next.overrides[machine] ?? {}, current.overrides[machine] ?? {}) &&
    same(next.localAdmins[machine] ?? [], current.localAdmins[machine] ?? []);
  return unchanged ? null : next;
}

function canon(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canon((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
