import { ago, formatBytes, handshakeText, onlineState, removalProgress } from './network-mesh-format';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const before = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe('last handshake in words', () => {
  it.each([
    [3, 'just now'],
    [9, 'just now'],
    [10, '10 s ago'],
    [59, '59 s ago'],
    [60, '1 min ago'],
    [150, '2 min ago'],
    [3599, '59 min ago'],
    [3600, '1 h ago'],
    [23 * 3600 + 59 * 60, '23 h ago'],
    [24 * 3600, 'yesterday'],
    [47 * 3600, 'yesterday'],
    [48 * 3600, '2 days ago'],
    [30 * 86400, '30 days ago'],
  ])('%i s before now reads "%s"', (seconds, words) => {
    expect(ago(before(seconds), NOW)).toBe(words);
  });

  it('gives the date for anything older than a month, and a dash for nothing or nonsense', () => {
    expect(ago('2026-01-02T08:00:00Z', NOW)).toBe('2026-01-02');
    expect(ago(null, NOW)).toBe('—');
    expect(ago('yesterday-ish', NOW)).toBe('—');
  });

  it('treats a handshake slightly in the future (clock skew) as just now', () => {
    expect(ago(new Date(NOW + 5000).toISOString(), NOW)).toBe('just now');
  });

  it('says what the status column shows for every state the API reports', () => {
    expect(handshakeText({ online: true, lastHandshake: before(120) }, NOW)).toBe('last handshake 2 min ago');
    expect(handshakeText({ online: false, lastHandshake: before(3 * 3600) }, NOW)).toBe('last handshake 3 h ago');
    expect(handshakeText({ online: false, lastHandshake: null }, NOW)).toBe('no handshake yet');
    expect(handshakeText({ online: null, lastHandshake: null }, NOW)).toBe('online state unknown');
    expect(onlineState({ online: true, lastHandshake: null })).toBe('online');
    expect(onlineState({ online: false, lastHandshake: null })).toBe('offline');
    expect(onlineState({ online: null, lastHandshake: null })).toBe('unknown');
  });
});

describe('traffic', () => {
  it('formats byte counts in binary units, a dash when unknown', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(930 * 1024)).toBe('930 KiB');
    expect(formatBytes(1.4 * 1024 ** 3)).toBe('1.4 GiB');
  });
});

describe('removal progress', () => {
  it('counts the peers that picked up the removal and names the rest, sorted', () => {
    const p = removalProgress({ name: 'phone', peersTotal: 3, peersUpdated: 2, stillTrustedBy: ['nas'] });
    expect(p).toEqual({ updated: 2, total: 3, percent: 66, done: false, text: '2 of 3 peers updated', waiting: ['nas'] });
    const q = removalProgress({ name: 'phone', peersTotal: 4, peersUpdated: 1, stillTrustedBy: ['tablet', 'laptop', 'nas'] });
    expect(q.waiting).toEqual(['laptop', 'nas', 'tablet']);
    expect(q.text).toBe('1 of 4 peers updated');
    expect(q.percent).toBe(25);
  });

  it('is done, at 100 %, when every peer has it', () => {
    expect(removalProgress({ name: 'phone', peersTotal: 3, peersUpdated: 3, stillTrustedBy: [] })).toEqual({
      updated: 3,
      total: 3,
      percent: 100,
      done: true,
      text: '3 of 3 peers updated',
      waiting: [],
    });
    expect(removalProgress({ name: 'x', peersTotal: 1, peersUpdated: 1, stillTrustedBy: [] }).text).toBe('1 of 1 peer updated');
  });

  it('never shows more updated than there are peers, nor 100 % while someone still trusts the key', () => {
    const odd = removalProgress({ name: 'x', peersTotal: 3, peersUpdated: 5, stillTrustedBy: ['nas'] });
    expect(odd.updated).toBe(3);
    expect(odd.done).toBe(false);
    expect(odd.percent).toBe(99);
    expect(removalProgress({ name: 'x', peersTotal: 2, peersUpdated: -1, stillTrustedBy: ['a', 'b'] }).updated).toBe(0);
  });

  it('has nothing to wait for when no other peer had the key', () => {
    expect(removalProgress({ name: 'only', peersTotal: 0, peersUpdated: 0, stillTrustedBy: [] })).toEqual({
      updated: 0,
      total: 0,
      percent: 100,
      done: true,
      text: 'no other peers had it',
      waiting: [],
    });
  });
});
