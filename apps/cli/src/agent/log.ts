import type { AgentLog } from './driver';

/** "2026-12-07T13:50:01Z applied revision 7 (4 peers) in 12 ms": one short sentence a line, never a key or token. */
export function timestampedLog(write: (text: string) => void, now: () => Date): AgentLog {
  return (sentence) =>
    write(
      `${now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z')} ${sentence}\n`,
    );
}
