/**
 * The child's half of an IpcWorker (ipc-worker.ts): a worker process holds a
 * set of listeners and is sent, over IPC, the whole state it should have; it
 * applies each state in order, answers `applied`, and exits when the panel
 * goes away. Plain Node: a worker never loads NestJS.
 */

/** Where a worker listens. */
export interface Listener {
  address: string;
  port: number;
}

export interface ListenError {
  address: string;
  port: number;
  message: string;
}

/**
 * Makes `current` (keyed by address and port) hold exactly `wanted`: stops
 * listeners no longer wanted or `changed`, starts the missing ones. A
 * listener that cannot start is reported, not thrown, so one busy address
 * never keeps the others down.
 */
export async function reconcileListeners<L extends Listener>(
  current: Map<string, L>,
  wanted: readonly L[],
  ops: { listen(l: L): Promise<unknown>; unlisten(l: L): Promise<unknown>; changed?(now: L, next: L): boolean },
): Promise<ListenError[]> {
  const key = (l: Listener) => `${l.address}|${l.port}`;
  const next = new Map(wanted.map((l) => [key(l), l]));
  for (const [k, l] of current) {
    const w = next.get(k);
    if (!w || ops.changed?.(l, w)) {
      await ops.unlisten(l);
      current.delete(k);
    }
  }
  const errors: ListenError[] = [];
  for (const [k, l] of next) {
    if (current.has(k)) continue;
    try {
      await ops.listen(l);
      current.set(k, l);
    } catch (error) {
      errors.push({ address: l.address, port: l.port, message: (error as Error).message });
    }
  }
  return errors;
}

/**
 * Runs the worker's IPC loop: every `{ type: 'state' }` message is applied
 * after the previous one (a failure is written to stderr as `<name>: …`);
 * on disconnect `close` runs and the process exits. Sends `ready` first.
 */
export function serveWorker<S extends { type: 'state' }>(
  name: string,
  apply: (state: S) => Promise<void>,
  close: () => Promise<void>,
): void {
  let queue: Promise<void> = Promise.resolve();
  process.on('message', (message: S) => {
    if (message?.type !== 'state') return;
    queue = queue
      .then(() => apply(message))
      .catch((error: Error) => {
        process.stderr.write(`${name}: ${error.message}\n`);
      });
  });
  process.on('disconnect', () => {
    void close().finally(() => process.exit(0));
  });
  process.send?.({ type: 'ready' });
}
