import type { ConsoleParticipant, ConsoleState } from '@clan/contracts';
import type { ClosedReason, ConnectionState, ConnectionStateKind } from './console-connection';

/** The `data-state` of a console's status line: connecting | connected | reconnecting | closed. */
export function stateAttribute(state: ConnectionState): Exclude<ConnectionStateKind, 'idle'> {
  return state.kind === 'idle' ? 'connecting' : state.kind;
}

/** The status line in words: "Connected", "Reconnecting in 3 s (attempt 2)…", "The shell exited (code 0)." */
export function connectionText(state: ConnectionState, now: number): string {
  switch (state.kind) {
    case 'idle':
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return 'Connected';
    case 'reconnecting': {
      const attempt = state.attempt > 0 ? ` (attempt ${state.attempt})` : '';
      if (state.retryAt === null) return `Reconnecting${attempt}…`;
      const seconds = Math.max(1, Math.ceil((state.retryAt - now) / 1000));
      return `Reconnecting in ${seconds} s${attempt}…`;
    }
    case 'closed':
      return closedText(state.reason);
  }
}

export function closedText(reason: ClosedReason): string {
  switch (reason.kind) {
    case 'user':
      return 'Disconnected.';
    case 'exited':
      return reason.exitCode === null ? 'The shell exited.' : `The shell exited (code ${reason.exitCode}).`;
    case 'revoked':
      return 'You no longer have console access: your role here changed. Ask an admin of this network if that is a mistake.';
    case 'protocol':
      return `The panel closed the console: ${reason.message || 'it did not understand what was sent.'}`;
    case 'ended':
      return reason.message || 'The panel closed the console.';
    case 'refused':
      return reason.message;
    case 'gave-up':
      return `The connection was lost and ${reason.attempts} attempts to reconnect failed.`;
  }
}

/** The serial attachment's state in words; null when there is nothing to add to "Connected". */
export function serialStateText(state: ConsoleState): string | null {
  switch (state) {
    case 'attached':
      return null;
    case 'attaching':
      return 'Waiting for the VM’s serial console…';
    case 'stopped':
      return 'The VM is off; this is its last boot’s output.';
    case 'busy':
      return 'Someone else holds this VM’s console (e.g. virsh console on the host); the panel takes it back when they leave.';
    case 'elsewhere':
      return 'Another panel process holds this VM’s console: new output may not appear here.';
  }
}

/**
 * The "someone is connected" banner: the other people on this console, and
 * this user's own other windows. Null when only this window is connected.
 */
export function presenceText(
  participants: readonly ConsoleParticipant[],
  me: { userId?: string | null; username?: string | null },
): string | null {
  const isMe = (p: ConsoleParticipant) => (me.userId ? p.userId === me.userId : p.username === me.username);
  const others = participants.filter((p) => !isMe(p));
  const mine = participants.find(isMe);
  const parts: string[] = [];
  if (others.length)
    parts.push(
      `Also connected: ${others.map((p) => (p.connections > 1 ? `${p.username} (${p.connections} windows)` : p.username)).join(', ')}.`,
    );
  if (mine && mine.connections > 1) parts.push(`You have this console open in ${mine.connections} windows.`);
  return parts.length ? parts.join(' ') : null;
}
