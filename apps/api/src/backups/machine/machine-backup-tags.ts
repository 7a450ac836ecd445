/**
 * Tags of a machine's backups (docs/backups.md, "Machines: where the data is").
 * The controller accepts only `key=value` tags of `[a-z0-9=._-]`, so the
 * policy and part tags travel there as `clan-policy=<id>`, `clan-part=<part>`;
 * in the policy's repository the copy gets the usual `clan-policy:<id>` and
 * `clan-part:<part>` added, so the status model, retention and the restore
 * routes find it as they find every other snapshot of the policy.
 */

/** What the controller takes (docs/vm-controller.md, BACKUP). */
export const CONTROLLER_TAG = /^[a-z0-9._-]+=[a-z0-9=._-]*$/;

/** The part a machine's file-level snapshot belongs to (its paths and its dumps, in one snapshot). */
export const MACHINE_FILES_PART = 'machine-files';
/** The part of a stopped machine's state disk image. */
export const STATE_DISK_PART = 'state-disk';

/** Which configuration the machine ran when it was saved: the deployed revision and the generation. */
export interface MachineBuild {
  revision: string | null;
  generation: number | null;
}

/** `clan-revision=<sha>` and `clan-generation=<n>` (each only when known). */
export function buildTags(b: MachineBuild): string[] {
  const tags: string[] = [];
  if (b.revision && /^[0-9a-f]{7,64}$/.test(b.revision)) tags.push(`clan-revision=${b.revision}`);
  if (b.generation !== null && Number.isInteger(b.generation) && b.generation >= 0) tags.push(`clan-generation=${b.generation}`);
  return tags;
}

/** The tags sent with BACKUP: the policy and part in the controller's charset, then the build. */
export function controllerTags(policyId: string, b: MachineBuild): string[] {
  const tags = [`clan-policy=${policyId.toLowerCase()}`, `clan-part=${MACHINE_FILES_PART}`, ...buildTags(b)];
  const bad = tags.find((t) => !CONTROLLER_TAG.test(t));
  if (bad) throw new Error(`The tag "${bad}" cannot be sent to the VM controller (only [a-z0-9=._-] is allowed).`);
  return tags;
}

/** `LOG <id> progress <percent> <bytes done> <total bytes>` as the channel hands it over (`progress …`), or null. */
export function parseControllerProgress(text: string): { percent: number; bytesDone: number; totalBytes: number } | null {
  const m = /^progress (\d{1,3}(?:\.\d+)?) (\d+) (\d+)\s*$/.exec(text);
  if (!m) return null;
  return { percent: Math.min(100, Number(m[1])), bytesDone: Number(m[2]), totalBytes: Number(m[3]) };
}

/** BACKUP's END payload (docs/vm-controller.md), checked. */
export interface ControllerBackupResult {
  snapshotId: string;
  filesNew: number;
  dataAdded: number;
  totalBytes: number;
  complete: boolean;
}

export function parseControllerBackupResult(v: unknown): ControllerBackupResult {
  const o = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  const id = o['snapshotId'];
  if (typeof id !== 'string' || !/^[0-9a-f]{8,64}$/.test(id)) {
    throw new Error(`The VM controller ended BACKUP without a snapshot id (it answered ${JSON.stringify(v).slice(0, 200)}).`);
  }
  const n = (k: string): number => {
    const x = o[k];
    return typeof x === 'number' && Number.isFinite(x) ? x : 0;
  };
  return {
    snapshotId: id,
    filesNew: n('filesNew'),
    dataAdded: n('dataAdded'),
    totalBytes: n('totalBytes'),
    complete: o['complete'] !== false,
  };
}
