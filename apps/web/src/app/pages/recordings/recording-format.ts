import type { RecordingView } from './recordings.api';
import { formatClock } from './player-timeline';

/** How a recording is named in lists and headings. Pure functions of the API's answer. */

export function kindLabel(kind: RecordingView['kind']): string {
  return kind === 'host' ? 'host shell' : 'serial console';
}

/** "family / web" for a machine's serial console, "host" for a host shell. */
export function recordingTarget(r: Pick<RecordingView, 'kind' | 'networkName' | 'networkId' | 'machine'>): string {
  if (r.kind === 'host') return 'host';
  const network = r.networkName ?? r.networkId ?? 'unknown network';
  return `${network} / ${r.machine ?? 'unknown machine'}`;
}

/** Everyone who was connected besides the person who started it, each once, in the order they joined. */
export function otherParticipants(r: Pick<RecordingView, 'participants' | 'startedBy' | 'startedByName'>): string[] {
  const names: string[] = [];
  for (const p of r.participants) {
    const starter = r.startedBy ? p.userId === r.startedBy : p.username === r.startedByName;
    if (!starter && !names.includes(p.username)) names.push(p.username);
  }
  return names;
}

/** A recording's length: from the API when it ended, else up to `now` (still recording). */
export function recordingSeconds(r: Pick<RecordingView, 'durationSeconds' | 'startedAt' | 'endedAt'>, now = Date.now()): number {
  if (r.durationSeconds != null) return r.durationSeconds;
  const start = Date.parse(r.startedAt);
  const end = r.endedAt ? Date.parse(r.endedAt) : now;
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, (end - start) / 1000) : 0;
}

export function durationText(r: Pick<RecordingView, 'durationSeconds' | 'startedAt' | 'endedAt'>, now = Date.now()): string {
  return formatClock(recordingSeconds(r, now));
}

/** A file name for the download: `web-2026-03-10-1405.cast`, `host-shell-….cast`. */
export function castFileName(r: Pick<RecordingView, 'kind' | 'machine' | 'startedAt' | 'id'>): string {
  const who = r.kind === 'host' ? 'host-shell' : (r.machine ?? 'serial').replace(/[^A-Za-z0-9._-]/g, '_');
  const at = Date.parse(r.startedAt);
  if (!Number.isFinite(at)) return `${who}-${r.id}.cast`;
  const iso = new Date(at).toISOString(); // 2026-03-10T14:05:…
  return `${who}-${iso.slice(0, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}.cast`;
}
