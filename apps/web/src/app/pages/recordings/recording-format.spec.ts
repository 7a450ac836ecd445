import { castFileName, durationText, kindLabel, otherParticipants, recordingSeconds, recordingTarget } from './recording-format';
import type { RecordingView } from './recordings.api';

const BASE: RecordingView = {
  id: '0d6f7b1e-8f4a-4c61-9a0b-2f0a4f7a9e11',
  kind: 'serial',
  networkId: 'n1',
  networkName: 'family',
  machine: 'web',
  sessionId: 's1',
  startedAt: '2026-03-10T14:05:00.000Z',
  endedAt: '2026-03-10T14:06:03.000Z',
  durationSeconds: 63,
  bytes: 2048,
  width: 80,
  height: 24,
  title: 'family/web serial console',
  startedBy: 'u1',
  startedByName: 'nadia',
  participants: [
    { userId: 'u1', username: 'nadia', joinedAt: '2026-03-10T14:05:00.000Z', leftAt: '2026-03-10T14:06:03.000Z' },
    { userId: 'u2', username: 'anna', joinedAt: '2026-03-10T14:05:03.000Z', leftAt: '2026-03-10T14:05:40.000Z' },
    { userId: 'u2', username: 'anna', joinedAt: '2026-03-10T14:05:50.000Z', leftAt: '2026-03-10T14:06:00.000Z' },
  ],
};

describe('recording wording', () => {
  it('names the kind and the target', () => {
    expect(kindLabel('serial')).toBe('serial console');
    expect(kindLabel('host')).toBe('host shell');
    expect(recordingTarget(BASE)).toBe('family / web');
    expect(recordingTarget({ ...BASE, kind: 'host', networkId: null, networkName: null, machine: null })).toBe('host');
    expect(recordingTarget({ ...BASE, networkName: null })).toBe('n1 / web');
  });

  it('lists the others who were connected, each once', () => {
    expect(otherParticipants(BASE)).toEqual(['anna']);
    expect(otherParticipants({ ...BASE, startedBy: null })).toEqual(['anna']);
    expect(otherParticipants({ ...BASE, participants: [BASE.participants[0]] })).toEqual([]);
  });

  it('measures the length from the API, or up to now while still recording', () => {
    expect(durationText(BASE)).toBe('1:03');
    const live = { ...BASE, endedAt: null, durationSeconds: null };
    expect(recordingSeconds(live, Date.parse('2026-03-10T14:07:00.000Z'))).toBe(120);
    expect(durationText(live, Date.parse('2026-03-10T14:07:00.000Z'))).toBe('2:00');
  });

  it('names the downloaded file after the machine and the start', () => {
    expect(castFileName(BASE)).toBe('web-2026-03-10-1405.cast');
    expect(castFileName({ ...BASE, kind: 'host', machine: null })).toBe('host-shell-2026-03-10-1405.cast');
    expect(castFileName({ ...BASE, startedAt: 'garbage' })).toBe(`web-${BASE.id}.cast`);
  });
});
