import type { Asciicast } from '@clan/contracts';
import { UsageError } from '../lib/errors';
import { painter } from '../lib/format';
import type { Recording } from '../lib/api';
import { parseIdleLimit, parseKind, parseSpeed, playSteps, renderRecordings, targetOf } from './recording';

const plain = painter(false);

const cast: Asciicast = {
  header: { version: 2, width: 80, height: 24 },
  events: [
    [0.5, 'm', 'anna joined'],
    [1.0, 'o', '$ '],
    [1.5, 'i', 'ls\r'],
    [11.0, 'o', 'ls\r\n'],
    [11.2, 'r', '100x30'],
    [11.5, 'o', 'a b\r\n'],
  ],
};

describe('clanctl recording', () => {
  it('parses --speed, --idle-limit and --kind', () => {
    expect(parseSpeed(undefined)).toBe(1);
    expect(parseSpeed('2.5')).toBe(2.5);
    for (const bad of ['0', '0.01', '-1', 'fast', '101']) expect(() => parseSpeed(bad)).toThrow(UsageError);
    expect(parseIdleLimit(undefined)).toBe(2);
    expect(parseIdleLimit('0')).toBe(0);
    expect(() => parseIdleLimit('-1')).toThrow(UsageError);
    expect(parseKind('host')).toBe('host');
    expect(() => parseKind('vnc')).toThrow('--kind: "vnc" must be serial or host');
  });

  it('replays output and markers with their pauses, sped up and capped', () => {
    expect(playSteps(cast, 1, 2)).toEqual([
      { delayMs: 500, marker: 'anna joined' },
      { delayMs: 500, output: '$ ' },
      { delayMs: 2000, output: 'ls\r\n' },
      { delayMs: 500, output: 'a b\r\n' },
    ]);
    expect(playSteps(cast, 2, 0).map((s) => s.delayMs)).toEqual([250, 250, 5000, 250]);
  });

  it('lists recordings with their console, length and who took part', () => {
    const r: Recording = {
      id: '0b6f5c3e-8a51-4d6b-9a65-2f1d3c4b5a69',
      kind: 'serial',
      title: 'home/web: serial console',
      networkId: '7d3f6b8e-2c1a-4b5d-9e8f-0a1b2c3d4e5f',
      networkName: 'home',
      machine: 'web',
      sessionId: '1b6f5c3e-8a51-4d6b-9a65-2f1d3c4b5a69',
      startedBy: 'u1',
      startedByName: 'anna',
      participants: [
        { userId: 'u1', username: 'anna', joinedAt: '2025-11-23T11:00:00Z', leftAt: '2025-11-23T11:05:00Z' },
        { userId: 'u2', username: 'bob', joinedAt: '2025-11-23T11:01:00Z', leftAt: '2025-11-23T11:04:00Z' },
      ],
      startedAt: '2025-11-23T11:00:00Z',
      endedAt: '2025-11-23T11:05:00Z',
      durationSeconds: 300,
      bytes: 1234,
      width: 80,
      height: 24,
    };
    const text = renderRecordings(
      { items: [r, { ...r, kind: 'host', durationSeconds: null, endedAt: null }], total: 3 },
      new Date('2025-11-23T12:00:00Z'),
      plain,
    );
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^ID +STARTED +LENGTH +CONSOLE +WHO$/);
    expect(lines[1]).toMatch(/home\/web +anna, bob$/);
    expect(lines[1]).toContain('5m 00s');
    expect(lines[2]).toMatch(/recording… +host shell +anna, bob$/);
    expect(lines[3]).toBe('(2 of 3; --limit shows more)');
    expect(targetOf({ ...r, networkName: null, networkId: null })).toBe('(deleted network)/web');
    expect(renderRecordings({ items: [], total: 0 }, new Date(), plain)).toBe('No recordings you may replay.');
  });
});
