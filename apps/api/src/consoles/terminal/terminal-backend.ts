import type { ConsoleState } from '@clan/contracts';

/** Output with the absolute offset of its first byte (offsets count every byte the terminal ever printed). */
export type OutputListener = (chunk: Buffer, offset: number) => void;
export type StatusListener = (state: ConsoleState, message: string) => void;

/**
 * Where a terminal session's bytes come from and go to: a VM's serial
 * console or a shell on the host. Listeners hear output only once it is in
 * the backend's scrollback, so replay(…).to and the offsets of later chunks
 * never overlap or leave a gap.
 */
export interface TerminalBackend {
  subscribe(listener: OutputListener): () => void;
  onStatus(listener: StatusListener): () => void;
  /** Kept output from `since` (null: the default replay, e.g. since the current boot) up to now. */
  replay(since: number | null): Promise<{ from: number; to: number; data: Buffer }>;
  write(data: Buffer): void;
  /** Applies a window size; false when the terminal has none (a serial line). */
  resize(cols: number, rows: number): boolean;
  size(): { cols: number; rows: number };
  state(): ConsoleState;
}
