/**
 * The console WebSocket protocol (docs/consoles.md), shared by the API, the
 * web app and the CLI.
 *
 * URL: `/api/consoles/ws?ticket=<ticket>&target=<target>[&since=<offset>]`,
 * with the ticket and target from a ticket request. Terminal consoles (serial,
 * host shell): binary frames carry terminal bytes both ways; text frames carry
 * JSON control messages (below). VNC: binary frames carry the RFB stream, and
 * nothing else.
 */
export const CONSOLE_WS_PATH = '/api/consoles/ws';

export type ConsoleKindName = 'serial' | 'vnc' | 'host';

export interface ConsoleParticipant {
  userId: string;
  username: string;
  /** When this user's first open connection joined. */
  since: string;
  /** Open connections of this user (several tabs count once in the list). */
  connections: number;
}

/** What the serial attachment is doing; a host shell is always `attached`. */
export type ConsoleState =
  /** Output flows. */
  | 'attached'
  /** Connecting to the VM's console (for a moment after the VM starts). */
  | 'attaching'
  /** The VM is not running; the scrollback of its last boot is still shown. */
  | 'stopped'
  /** Someone else holds the VM's console (e.g. `virsh console` on the host); retried every few seconds. */
  | 'busy'
  /** Another panel process holds this VM's console. */
  | 'elsewhere';

/** JSON control messages the server sends (text frames). */
export type ConsoleServerMessage =
  | {
      type: 'hello';
      /** The live session (joinable host shells are addressed by it). */
      sessionId: string;
      kind: 'serial' | 'host';
      /** Who may see what: e.g. "anna@home/web serial console". */
      title: string;
      /** The recording this connection is part of. */
      recordingId: string | null;
      /** Absolute offset of the first byte of the replay that follows. */
      offset: number;
      cols: number;
      rows: number;
      state: ConsoleState;
    }
  /** The replay is complete; live output follows. `offset` is the offset of the next byte. */
  | { type: 'replayed'; offset: number }
  | { type: 'presence'; participants: ConsoleParticipant[] }
  | { type: 'status'; state: ConsoleState; message: string }
  | { type: 'resized'; cols: number; rows: number }
  | { type: 'pong'; at: number }
  | { type: 'error'; message: string };

/** JSON control messages a client sends (text frames). Terminal input is sent as binary frames. */
export type ConsoleClientMessage =
  | { type: 'resize'; cols: number; rows: number }
  | { type: 'ping' }
  /** Terminal input as a text message (for clients that cannot send binary frames). */
  | { type: 'input'; data: string };

/** Close codes of the console WebSocket beyond the standard ones (1000 normal, 1001 going away, 1009 too big). */
export enum ConsoleCloseCode {
  /** The host shell exited. */
  SessionEnded = 4000,
  /** The user lost the privilege (membership changed) or the account is gone. */
  AccessRevoked = 4403,
  /** The viewer fell too far behind the output. */
  TooSlow = 4408,
  /** The VNC server (the VM's display) went away. */
  DisplayGone = 4410,
  /** The panel is shutting down. */
  ServerShutdown = 4503,
  /** A protocol error (malformed control message). */
  ProtocolError = 4400,
}

// ---- asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/) ----

export interface AsciicastHeader {
  version: 2;
  width: number;
  height: number;
  timestamp?: number;
  duration?: number;
  title?: string;
  env?: Record<string, string>;
}

/** `o` output, `i` input, `r` resize ("COLSxROWS"), `m` marker. Times are seconds since the start. */
export type AsciicastEvent = [time: number, code: 'o' | 'i' | 'r' | 'm', data: string];

export interface Asciicast {
  header: AsciicastHeader;
  events: AsciicastEvent[];
}

/** Parses an asciicast v2 file; throws with the line number on anything else. */
export function parseAsciicast(text: string): Asciicast {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (!lines.length) throw new Error('asciicast: empty file');
  const header = JSON.parse(lines[0]) as AsciicastHeader;
  if (header?.version !== 2 || !Number.isInteger(header.width) || !Number.isInteger(header.height)) {
    throw new Error('asciicast: line 1 is not an asciicast v2 header');
  }
  const events = lines.slice(1).map((line, i): AsciicastEvent => {
    const e = JSON.parse(line) as unknown;
    if (!Array.isArray(e) || typeof e[0] !== 'number' || !['o', 'i', 'r', 'm'].includes(e[1] as string) || typeof e[2] !== 'string') {
      throw new Error(`asciicast: line ${i + 2} is not an event`);
    }
    return e as AsciicastEvent;
  });
  return { header, events };
}

/** Everything the recorded program printed, in order (what a replay ends up showing, before terminal emulation). */
export function asciicastOutput(cast: Asciicast): string {
  return cast.events
    .filter((e) => e[1] === 'o')
    .map((e) => e[2])
    .join('');
}
