/** Parsers for what restic prints (`--json` lines and the text progress of `check`). Pure, unit-tested. */

export interface BackupProgress {
  percent: number;
  bytesDone: number;
  totalBytes: number;
  filesDone: number;
  totalFiles: number;
}

export interface BackupSummary {
  snapshotId: string | null;
  filesNew: number;
  filesChanged: number;
  filesUnmodified: number;
  dirsNew: number;
  dirsChanged: number;
  bytesAdded: number;
  totalBytesProcessed: number;
  totalFilesProcessed: number;
  durationSeconds: number;
}

export interface BackupFileError {
  path: string;
  message: string;
}

export type BackupLine =
  | { kind: 'progress'; progress: BackupProgress }
  | { kind: 'summary'; summary: BackupSummary }
  | { kind: 'error'; error: BackupFileError }
  | { kind: 'other' };

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

function parseObject(line: string): Record<string, unknown> | null {
  const t = line.trim();
  if (!t.startsWith('{')) return null;
  try {
    const v: unknown = JSON.parse(t);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** One line of `restic backup --json` (stdout: status/summary; stderr: error records). */
export function parseBackupLine(line: string): BackupLine {
  const o = parseObject(line);
  if (!o) return { kind: 'other' };
  switch (o['message_type']) {
    case 'status':
      return {
        kind: 'progress',
        progress: {
          percent: Math.max(0, Math.min(100, num(o['percent_done']) * 100)),
          bytesDone: num(o['bytes_done']),
          totalBytes: num(o['total_bytes']),
          filesDone: num(o['files_done']),
          totalFiles: num(o['total_files']),
        },
      };
    case 'summary':
      return {
        kind: 'summary',
        summary: {
          // Absent when nothing changed and restic (≥ 0.17 with --skip-if-unchanged) saved no snapshot.
          snapshotId: str(o['snapshot_id']),
          filesNew: num(o['files_new']),
          filesChanged: num(o['files_changed']),
          filesUnmodified: num(o['files_unmodified']),
          dirsNew: num(o['dirs_new']),
          dirsChanged: num(o['dirs_changed']),
          bytesAdded: num(o['data_added']),
          totalBytesProcessed: num(o['total_bytes_processed']),
          totalFilesProcessed: num(o['total_files_processed']),
          durationSeconds: num(o['total_duration']),
        },
      };
    case 'error': {
      const err = (o['error'] ?? {}) as Record<string, unknown>;
      const errno = typeof err['Err'] === 'number' ? ` (errno ${err['Err']})` : '';
      const op = str(err['Op']) ?? str(o['during']) ?? 'read';
      return { kind: 'error', error: { path: str(o['item']) ?? str(err['Path']) ?? '?', message: `${op} failed${errno}` } };
    }
    default:
      return { kind: 'other' };
  }
}

/** `restic restore --json` (0.16+) status lines. */
export function parseRestoreLine(line: string): BackupProgress | null {
  const o = parseObject(line);
  if (!o || o['message_type'] !== 'status') return null;
  return {
    percent: Math.max(0, Math.min(100, num(o['percent_done']) * 100)),
    bytesDone: num(o['bytes_restored']),
    totalBytes: num(o['total_bytes']),
    filesDone: num(o['files_restored']),
    totalFiles: num(o['total_files']),
  };
}

/**
 * `restic check` prints text progress when RESTIC_PROGRESS_FPS is set:
 * "[0:01] 54.55%  6 / 11 packs" / "… snapshots". Returns the phase and its fraction.
 */
export function parseCheckProgress(line: string): { phase: 'snapshots' | 'packs'; fraction: number; done: number; total: number } | null {
  const m = /^\[[\d:]+\]\s+([\d.]+)%\s+(\d+)\s*\/\s*(\d+)\s+(snapshots|packs)\b/.exec(line.trim());
  if (!m) return null;
  return { phase: m[4] as 'snapshots' | 'packs', fraction: Number(m[1]) / 100, done: Number(m[2]), total: Number(m[3]) };
}

export interface SnapshotInfo {
  id: string;
  shortId: string;
  time: string;
  hostname: string;
  paths: string[];
  tags: string[];
  /** The id of the snapshot this one was copied (restic copy) or re-tagged from, when it was. */
  original?: string;
}

function toSnapshot(o: Record<string, unknown>): SnapshotInfo | null {
  const id = str(o['id']);
  const time = str(o['time']);
  if (!id || !time) return null;
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    id,
    shortId: str(o['short_id']) ?? id.slice(0, 8),
    time,
    hostname: str(o['hostname']) ?? '',
    paths: list(o['paths']),
    tags: list(o['tags']),
    ...original(o['original']),
  };
}

function original(v: unknown): { original?: string } {
  const id = str(v);
  return id ? { original: id } : {};
}

/** `restic snapshots --json`: one JSON array. */
export function parseSnapshots(stdout: string): SnapshotInfo[] {
  const t = stdout.trim();
  if (!t) return [];
  const v: unknown = JSON.parse(t);
  if (!Array.isArray(v)) throw new Error('restic snapshots --json did not print an array');
  return v.flatMap((o) => (o && typeof o === 'object' ? (toSnapshot(o as Record<string, unknown>) ?? []) : []));
}

export interface TreeEntry {
  name: string;
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  size: number | null;
  mtime: string | null;
  permissions: string | null;
}

/** `restic ls --json`: the snapshot line, then one node per line. */
export function parseLsLines(stdout: string): { snapshot: SnapshotInfo | null; entries: TreeEntry[] } {
  let snapshot: SnapshotInfo | null = null;
  const entries: TreeEntry[] = [];
  for (const line of stdout.split('\n')) {
    const o = parseObject(line);
    if (!o) continue;
    if (o['struct_type'] === 'snapshot') {
      snapshot = toSnapshot(o);
      continue;
    }
    const name = str(o['name']);
    const path = str(o['path']);
    if (!name || !path) continue;
    const t = o['type'];
    entries.push({
      name,
      path,
      type: t === 'file' || t === 'dir' || t === 'symlink' ? t : 'other',
      size: typeof o['size'] === 'number' ? o['size'] : t === 'file' ? 0 : null,
      mtime: str(o['mtime']),
      permissions: str(o['permissions']),
    });
  }
  return { snapshot, entries };
}

/** `restic stats --json --mode raw-data`. */
export function parseStats(stdout: string): { totalSize: number; snapshotsCount: number } {
  const o = parseObject(stdout.trim().split('\n').pop() ?? '');
  if (!o) throw new Error('restic stats --json printed no JSON');
  return { totalSize: num(o['total_size']), snapshotsCount: num(o['snapshots_count']) };
}
