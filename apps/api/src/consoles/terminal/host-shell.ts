import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import type { ConsoleState } from '@clan/contracts';
import { type IPty, spawn } from 'node-pty';
import { MemoryScrollback } from './memory-scrollback';
import type { OutputListener, TerminalBackend } from './terminal-backend';

/** What a viewer that connects later is shown of a shell's past output. */
const SCROLLBACK_BYTES = 512 * 1024;

export interface HostShellOptions {
  shell?: string;
  /** The shell's environment: the panel's host command environment plus TERM (never the panel's secrets). */
  env: Record<string, string>;
  cwd: string;
  cols?: number;
  rows?: number;
}

/** The shell a host terminal runs: the configured one, else bash, else sh. */
export function pickShell(configured: string | undefined): string {
  if (configured) return configured;
  return existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
}

/**
 * A login shell on the host in a real pty (node-pty), as the panel's own
 * user. Emits 'exit' (exitCode) when the shell ends.
 */
export class HostShell extends EventEmitter implements TerminalBackend {
  private readonly pty: IPty;
  private readonly scrollback = new MemoryScrollback(SCROLLBACK_BYTES);
  private readonly outputListeners = new Set<OutputListener>();
  private cols: number;
  private rows: number;
  private exited = false;
  readonly shell: string;

  constructor(options: HostShellOptions) {
    super();
    this.cols = options.cols ?? 80;
    this.rows = options.rows ?? 24;
    this.shell = pickShell(options.shell);
    this.pty = spawn(this.shell, ['-l'], {
      name: 'xterm-256color',
      cols: this.cols,
      rows: this.rows,
      cwd: options.cwd,
      env: { ...options.env, TERM: 'xterm-256color', COLORTERM: 'truecolor', SHELL: this.shell },
      encoding: null,
    });
    this.pty.onData((d) => {
      const chunk = d as unknown as Buffer;
      const offset = this.scrollback.append(chunk);
      for (const l of this.outputListeners) l(chunk, offset);
    });
    this.pty.onExit(({ exitCode, signal }) => {
      this.exited = true;
      this.emit('exit', exitCode, signal);
    });
  }

  get pid(): number {
    return this.pty.pid;
  }

  subscribe(listener: OutputListener): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  /** A shell is always attached: nothing to report. */
  onStatus(): () => void {
    return () => undefined;
  }

  async replay(since: number | null): Promise<{ from: number; to: number; data: Buffer }> {
    const r = this.scrollback.read(since ?? 0);
    return { from: r.from, to: r.from + r.data.length, data: r.data };
  }

  write(data: Buffer): void {
    if (!this.exited) this.pty.write(data);
  }

  resize(cols: number, rows: number): boolean {
    if (this.exited) return false;
    this.cols = cols;
    this.rows = rows;
    this.pty.resize(cols, rows);
    return true;
  }

  size(): { cols: number; rows: number } {
    return { cols: this.cols, rows: this.rows };
  }

  state(): ConsoleState {
    return 'attached';
  }

  /** Hangs the shell up (SIGHUP, as a closed terminal does). */
  kill(): void {
    if (this.exited) return;
    try {
      this.pty.kill('SIGHUP');
    } catch {
      /* already gone */
    }
  }
}
