import { el, renderXml } from './xml';
import { LibvirtFailedError } from './errors';

/**
 * libvirt's push-mode backup of a running domain (`virsh backup-begin`,
 * libvirt 7.2 or later with QEMU 4.2 or later): qemu copies one disk, as it
 * was the moment the job began, into a file while the guest runs on.
 */
export interface PushBackupPlan {
  /** The guest device of the disk to copy, e.g. "vda". */
  target: string;
  /** Host path of the copy: a raw image of the disk's size. */
  file: string;
  /** Every other disk of the domain (their guest devices): not copied. */
  others: string[];
}

/**
 * `<domainbackup mode='push'>` copying `plan.target` into `plan.file` (raw),
 * every other disk `backup='no'` (libvirt would otherwise copy them too).
 */
export function buildPushBackupXml(plan: PushBackupPlan): string {
  const disks = [
    el('disk', { name: plan.target, backup: 'yes', type: 'file' }, [el('target', { file: plan.file }), el('driver', { type: 'raw' })]),
    ...plan.others.filter((t) => t !== plan.target).map((t) => el('disk', { name: t, backup: 'no' })),
  ];
  return renderXml(el('domainbackup', { mode: 'push' }, [el('disks', {}, disks)]));
}

/** libvirt's words for a job (`virsh domjobinfo`, "Job type"). */
export type DomainJobType = 'None' | 'Bounded' | 'Unbounded' | 'Completed' | 'Failed' | 'Cancelled' | 'Unknown';

export interface DomainJobInfo {
  type: DomainJobType;
  /** "Backup", "Outgoing migration", …; absent when there is no job. */
  operation?: string;
  /** Bytes processed and in all, when libvirt says (backup jobs do). */
  dataProcessedBytes?: number;
  dataTotalBytes?: number;
  /** Why a failed job failed, when libvirt says. */
  errorMessage?: string;
}

const JOB_TYPES: DomainJobType[] = ['None', 'Bounded', 'Unbounded', 'Completed', 'Failed', 'Cancelled'];
const UNITS: Partial<Record<string, number>> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };

/** "1.500 MiB" → bytes; undefined for anything else. */
function bytesOf(value: string | undefined): number | undefined {
  const m = /^([\d.]+)\s*(B|KiB|MiB|GiB|TiB)$/.exec(value?.trim() ?? '');
  const unit = m ? UNITS[m[2] ?? ''] : undefined;
  return m && unit ? Math.round(parseFloat(m[1] ?? '') * unit) : undefined;
}

/** Parses `virsh domjobinfo` (LC_ALL=C): "Key:   value" lines. */
export function parseDomJobInfo(text: string): DomainJobInfo {
  const f: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) f[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  const raw = f['Job type'] ?? '';
  const type = (JOB_TYPES as string[]).includes(raw) ? (raw as DomainJobType) : 'Unknown';
  const processed = bytesOf(f['Data processed'] ?? f['File processed']);
  const total = bytesOf(f['Data total'] ?? f['File total']);
  return {
    type,
    ...(f['Operation'] ? { operation: f['Operation'] } : {}),
    // Backup jobs say "File …" (the disk copied into a file), migrations "Data …".
    ...(processed !== undefined ? { dataProcessedBytes: processed } : {}),
    ...(total !== undefined ? { dataTotalBytes: total } : {}),
    ...(f['Error message'] ? { errorMessage: f['Error message'] } : {}),
  };
}

/** This libvirt (its virsh or its driver) cannot run a push-mode backup. */
export class LibvirtBackupUnsupportedError extends LibvirtFailedError {}

/** True when virsh's words say backup-begin is unknown or unsupported here. */
export function backupUnsupported(detail: string): boolean {
  return /unknown command|not supported|unsupported/i.test(detail);
}
