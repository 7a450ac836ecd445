import { hostname } from 'node:os';

/** `<hostname>:<pid>:<start-ms>` — the start time tells a restarted process from an old one that had the same pid. */
export interface WorkerIdentity {
  id: string;
  hostname: string;
  pid: number;
  startedAtMs: number;
}

let lastStartMs = 0;

/** Several apps may share a process (tests); each still gets its own id. */
export function currentWorkerIdentity(): WorkerIdentity {
  const startedAtMs = Math.max(Date.now(), lastStartMs + 1);
  lastStartMs = startedAtMs;
  const host = hostname();
  return { id: `${host}:${process.pid}:${startedAtMs}`, hostname: host, pid: process.pid, startedAtMs };
}

export function parseWorkerId(id: string): WorkerIdentity | null {
  const m = /^(.+):(\d+):(\d+)$/.exec(id);
  if (!m) return null;
  return { id, hostname: m[1], pid: Number(m[2]), startedAtMs: Number(m[3]) };
}

export type Liveness = 'alive' | 'dead' | 'ask-redis';

/**
 * What can be decided without Redis. For our own pid we know which workers
 * are running (`liveInProcess`), so any other incarnation is dead; on this
 * host a missing pid is dead at once. Anything else (other hosts, a pid that
 * exists but may have been reused) is decided by the worker's Redis key.
 */
export function localLiveness(
  workerId: string,
  self: WorkerIdentity,
  pidExists: (pid: number) => boolean,
  liveInProcess: ReadonlySet<string> = new Set([self.id]),
): Liveness {
  if (workerId === self.id || liveInProcess.has(workerId)) return 'alive';
  const w = parseWorkerId(workerId);
  if (!w) return 'dead';
  if (w.hostname !== self.hostname) return 'ask-redis';
  if (w.pid === self.pid) return 'dead';
  return pidExists(w.pid) ? 'ask-redis' : 'dead';
}

export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
