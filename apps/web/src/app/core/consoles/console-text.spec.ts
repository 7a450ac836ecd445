import type { ConsoleParticipant } from '@clan/contracts';
import { closedText, connectionText, presenceText, serialStateText, stateAttribute } from './console-text';

function participant(username: string, connections = 1): ConsoleParticipant {
  return { userId: `id-${username}`, username, since: '2026-03-10T10:00:00Z', connections };
}

describe('connectionText', () => {
  const now = 1_000_000;

  it('says what the connection is doing', () => {
    expect(connectionText({ kind: 'idle' }, now)).toBe('Connecting…');
    expect(connectionText({ kind: 'connecting' }, now)).toBe('Connecting…');
    expect(connectionText({ kind: 'connected' }, now)).toBe('Connected');
  });

  it('counts down to the next reconnect attempt, in whole seconds', () => {
    expect(connectionText({ kind: 'reconnecting', attempt: 2, retryAt: now + 2500 }, now)).toBe('Reconnecting in 3 s (attempt 2)…');
    expect(connectionText({ kind: 'reconnecting', attempt: 1, retryAt: now + 200 }, now)).toBe('Reconnecting in 1 s (attempt 1)…');
    expect(connectionText({ kind: 'reconnecting', attempt: 1, retryAt: now - 50 }, now)).toBe('Reconnecting in 1 s (attempt 1)…');
    expect(connectionText({ kind: 'reconnecting', attempt: 4, retryAt: null }, now)).toBe('Reconnecting (attempt 4)…');
    expect(connectionText({ kind: 'reconnecting', attempt: 0, retryAt: null }, now)).toBe('Reconnecting…');
  });

  it('says why a console closed', () => {
    expect(connectionText({ kind: 'closed', reason: { kind: 'exited', exitCode: 0, message: '' } }, now)).toBe(
      'The shell exited (code 0).',
    );
    expect(closedText({ kind: 'exited', exitCode: null, message: '' })).toBe('The shell exited.');
    expect(closedText({ kind: 'revoked', message: 'You no longer have Machine.Console.' })).toMatch(/^You no longer have console access/);
    expect(closedText({ kind: 'refused', message: 'The machine has no display.', status: 409 })).toBe('The machine has no display.');
    expect(closedText({ kind: 'gave-up', attempts: 8 })).toBe('The connection was lost and 8 attempts to reconnect failed.');
    expect(closedText({ kind: 'user' })).toBe('Disconnected.');
    expect(closedText({ kind: 'ended', message: '' })).toBe('The panel closed the console.');
    expect(closedText({ kind: 'protocol', message: 'bad frame' })).toBe('The panel closed the console: bad frame');
  });
});

describe('stateAttribute', () => {
  it('is one of connecting | connected | reconnecting | closed', () => {
    expect(stateAttribute({ kind: 'idle' })).toBe('connecting');
    expect(stateAttribute({ kind: 'connecting' })).toBe('connecting');
    expect(stateAttribute({ kind: 'connected' })).toBe('connected');
    expect(stateAttribute({ kind: 'reconnecting', attempt: 1, retryAt: null })).toBe('reconnecting');
    expect(stateAttribute({ kind: 'closed', reason: { kind: 'user' } })).toBe('closed');
  });
});

describe('serialStateText', () => {
  it('puts the serial attachment in words, and nothing extra when attached', () => {
    expect(serialStateText('attached')).toBeNull();
    expect(serialStateText('stopped')).toBe('The VM is off; this is its last boot’s output.');
    expect(serialStateText('attaching')).toContain('Waiting');
    expect(serialStateText('busy')).toContain('virsh console');
    expect(serialStateText('elsewhere')).toContain('Another panel process');
  });
});

describe('presenceText', () => {
  const me = { userId: 'id-vera', username: 'vera' };

  it('is null when only this window is connected', () => {
    expect(presenceText([], me)).toBeNull();
    expect(presenceText([participant('vera')], me)).toBeNull();
  });

  it('names everyone else, with their window count', () => {
    expect(presenceText([participant('vera'), participant('anna', 2)], me)).toBe('Also connected: anna (2 windows).');
    expect(presenceText([participant('anna'), participant('vera'), participant('bob', 3)], me)).toBe(
      'Also connected: anna, bob (3 windows).',
    );
  });

  it('mentions the user’s own other windows', () => {
    expect(presenceText([participant('vera', 2)], me)).toBe('You have this console open in 2 windows.');
    expect(presenceText([participant('vera', 2), participant('anna')], me)).toBe(
      'Also connected: anna. You have this console open in 2 windows.',
    );
  });

  it('matches by username when the user id is not known', () => {
    expect(presenceText([participant('vera'), participant('anna')], { username: 'vera' })).toBe('Also connected: anna.');
  });
});
