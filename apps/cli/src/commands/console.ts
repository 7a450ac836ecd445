import { ConsoleCloseCode, type ConsoleParticipant, type ConsoleServerMessage } from '@clan/contracts';
import type { CliContext } from '../app/context';
import { type ConsoleSocket, openConsoleSocket } from '../lib/console-socket';
import { CliError, UsageError } from '../lib/errors';
import { ExitCode } from '../lib/exit-codes';
import { resolveTarget } from './vm';

/** Ctrl-] ends the session, as in `virsh console` and telnet. */
export const ESCAPE_KEY = 0x1d;
const MAX_RECONNECTS = 5;

/** The local terminal the console is attached to. */
export interface TerminalIo {
  isTTY: boolean;
  setRawMode(on: boolean): void;
  onInput(listener: (data: Buffer) => void): () => void;
  /** Terminal bytes to the screen (stdout). */
  write(data: Buffer): void;
  /** Our own messages, on their own line (stderr). */
  note(text: string): void;
  size(): { cols: number; rows: number };
  onResize(listener: () => void): () => void;
}

/** `process.stdin`/`stdout` as a TerminalIo. */
export function processTerminal(): TerminalIo {
  const stdin = process.stdin;
  return {
    isTTY: Boolean(stdin.isTTY),
    setRawMode: (on) => {
      if (stdin.isTTY) stdin.setRawMode(on);
    },
    onInput: (listener) => {
      stdin.on('data', listener);
      stdin.resume();
      return () => {
        stdin.off('data', listener);
        stdin.pause();
      };
    },
    write: (data) => process.stdout.write(data),
    note: (text) => process.stderr.write(`\r\n${text}\r\n`),
    size: () => ({ cols: process.stdout.columns ?? 80, rows: process.stdout.rows ?? 24 }),
    onResize: (listener) => {
      process.stdout.on('resize', listener);
      return () => process.stdout.off('resize', listener);
    },
  };
}

/** Input up to the escape key is sent; the escape key itself ends the session. */
export function splitAtEscape(data: Buffer): { send: Buffer; quit: boolean } {
  const i = data.indexOf(ESCAPE_KEY);
  return i < 0 ? { send: data, quit: false } : { send: data.subarray(0, i), quit: true };
}

/** How a close code reads, and whether reconnecting makes sense. */
export function closeOutcome(code: number, reason: string): { message: string; reconnect: boolean; exitCode: ExitCode } {
  if (code === ConsoleCloseCode.SessionEnded) return { message: reason || 'The session ended.', reconnect: false, exitCode: ExitCode.Ok };
  if (code === ConsoleCloseCode.AccessRevoked) {
    return { message: reason || 'You no longer have access to this console.', reconnect: false, exitCode: ExitCode.ApiError };
  }
  if (code === 1000) return { message: 'Disconnected.', reconnect: false, exitCode: ExitCode.Ok };
  return {
    message: `Connection lost (${code}${reason ? `: ${reason}` : ''}); reconnecting…`,
    reconnect: true,
    exitCode: ExitCode.Unreachable,
  };
}

/** "anna, bob (2 connections)" for the presence line, without the caller. */
export function othersConnected(participants: readonly ConsoleParticipant[], me: string | null): string[] {
  return participants
    .filter((p) => p.username !== me)
    .map((p) => p.username + (p.connections > 1 ? ` (${p.connections} connections)` : ''));
}

/**
 * Attaches the terminal to a console until the escape key, the end of the
 * session, or a loss of access. A dropped connection reconnects with a fresh
 * ticket and `since` = the last byte received, so nothing is replayed twice.
 */
export async function attachConsole(
  io: TerminalIo,
  connect: (since: number | null) => Promise<ConsoleSocket>,
  label: string,
  me: string | null,
  sleep: (ms: number) => Promise<void>,
): Promise<ExitCode> {
  let since: number | null = null;
  let attempts = 0;
  let others: string[] = [];
  io.note(`Connecting to ${label}… (escape: Ctrl-])`);
  if (io.isTTY) io.setRawMode(true);
  try {
    for (;;) {
      const socket = await connect(since);
      const ended = await new Promise<{ quit: boolean; code: number; reason: string }>((resolve) => {
        let quit = false;
        let offset: number | null = since;
        const stopInput = io.onInput((data) => {
          const { send, quit: q } = splitAtEscape(data);
          if (send.length) socket.send(send);
          if (q) {
            quit = true;
            socket.close();
          }
        });
        const sendSize = () => socket.control({ type: 'resize', ...io.size() });
        const stopResize = io.onResize(sendSize);
        socket.onData((d) => {
          io.write(d);
          if (offset !== null) offset += d.length;
        });
        socket.onControl((m: ConsoleServerMessage) => {
          if (m.type === 'hello') {
            offset = m.offset;
            attempts = 0;
            if (since === null) io.note(`Connected to ${m.title}${m.state === 'attached' ? '' : ` (${m.state})`}.`);
            sendSize();
          } else if (m.type === 'status') io.note(`[${m.state}] ${m.message}`);
          else if (m.type === 'presence') {
            const now = othersConnected(m.participants, me);
            if (now.join() !== others.join()) io.note(now.length ? `Also connected: ${now.join(', ')}.` : 'Nobody else is connected.');
            others = now;
          } else if (m.type === 'error') io.note(`[console] ${m.message}`);
        });
        socket.onClose((code, reason) => {
          stopInput();
          stopResize();
          since = offset;
          resolve({ quit, code, reason });
        });
      });
      if (ended.quit) {
        io.note('Detached.');
        return ExitCode.Ok;
      }
      const outcome = closeOutcome(ended.code, ended.reason);
      io.note(outcome.message);
      if (!outcome.reconnect) return outcome.exitCode;
      if (++attempts > MAX_RECONNECTS) throw new CliError(`Gave up after ${MAX_RECONNECTS} reconnection attempts.`, ExitCode.Unreachable);
      await sleep(500 * 2 ** (attempts - 1));
    }
  } finally {
    if (io.isTTY) io.setRawMode(false);
  }
}

/** `clanctl console <network>/<machine>`: the machine's serial console in this terminal. */
export async function consoleCommand(ctx: CliContext, ref: string, io: TerminalIo = processTerminal()): Promise<ExitCode> {
  if (ctx.json) throw new UsageError('console is interactive: --json does not apply.');
  const t = await resolveTarget(ctx, ref);
  const me = ctx.stored.username ?? null;
  return attachConsole(
    io,
    async (since) => {
      const ticket = await t.api.consoles.machineTicket(t.network.id, t.machine, 'serial');
      return openConsoleSocket(t.api.url, since === null ? ticket.url : `${ticket.url}&since=${since}`);
    },
    t.label,
    me,
    (ms) => ctx.deps.sleep(ms),
  );
}
