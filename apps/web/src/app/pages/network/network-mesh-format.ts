/**
 * Wording for the Mesh tab: handshakes in human words, traffic, and how far a
 * removal has got. Pure functions of the API's answer and `now`.
 */

export interface PeerLiveState {
  online: boolean | null;
  lastHandshake: string | null;
}

export type OnlineState = 'online' | 'offline' | 'unknown';

/** "just now", "40 s ago", "2 min ago", "3 h ago", "yesterday", "5 days ago"; older than 30 days: the date. */
export function ago(iso: string | null | undefined, now: number): string {
  if (!iso) return '—';
  const then = Date.parse(iso);
  if (!Number.isFinite(then)) return '—';
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days === 1) return 'yesterday';
  if (days <= 30) return `${days} days ago`;
  return new Date(then).toISOString().slice(0, 10);
}

export function onlineState(peer: PeerLiveState): OnlineState {
  return peer.online === null ? 'unknown' : peer.online ? 'online' : 'offline';
}

/** What the status column says next to the dot. */
export function handshakeText(peer: PeerLiveState, now: number): string {
  if (peer.lastHandshake) return `last handshake ${ago(peer.lastHandshake, now)}`;
  if (peer.online === null) return 'online state unknown';
  return 'no handshake yet';
}

/** "—" for unknown, "0 B", "930 KiB", "1.4 GiB". */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Math.max(0, n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const text = i === 0 ? String(Math.round(v)) : v < 10 ? v.toFixed(1) : String(Math.round(v));
  return `${text} ${units[i]}`;
}

export interface RemovalLike {
  name: string;
  peersTotal: number;
  peersUpdated: number;
  stillTrustedBy: string[];
}

export interface RemovalProgress {
  updated: number;
  total: number;
  /** 0–100, whole. */
  percent: number;
  done: boolean;
  /** "2 of 3 peers updated". */
  text: string;
  /** Who would still accept the removed key, sorted. */
  waiting: string[];
}

/**
 * How far a removal has got. The counts are the API's; `updated` is clamped
 * into 0…total and the names still trusting the key are sorted, so a stale or
 * odd answer never shows "4 of 3".
 */
export function removalProgress(removal: RemovalLike): RemovalProgress {
  const total = Math.max(0, Math.floor(removal.peersTotal));
  const updated = Math.min(total, Math.max(0, Math.floor(removal.peersUpdated)));
  const waiting = [...removal.stillTrustedBy].sort();
  const done = updated >= total && waiting.length === 0;
  const percent = total === 0 ? 100 : Math.floor((updated / total) * 100);
  const text = total === 0 ? 'no other peers had it' : `${updated} of ${total} ${total === 1 ? 'peer' : 'peers'} updated`;
  return { updated, total, percent: done ? 100 : Math.min(percent, 99), done, text, waiting };
}
