import { expiresIn, hostNameProblem, hostStateText, meterTone, placementBlocker, usageMeters, vmStateText } from './host-format';
import { GIB } from './hosts-fixtures';

const NOW = Date.parse('2026-12-07T12:00:00.000Z');

describe('host-format', () => {
  it('words a host as online, or offline with when it was last seen', () => {
    expect(hostStateText({ state: 'online', lastSeenAt: '2026-12-07T11:59:50.000Z' }, NOW)).toEqual({
      label: 'Online',
      tone: 'ok',
      detail: 'heartbeat just now',
    });
    expect(hostStateText({ state: 'offline', lastSeenAt: '2026-12-07T11:57:00.000Z' }, NOW).detail).toBe('last seen 3 minutes ago');
    expect(hostStateText({ state: 'offline', lastSeenAt: null }, NOW).detail).toBe('never seen');
  });

  it('turns capacity and load into four bars, capped at 100 %', () => {
    const [cpu, memory, disk, vm] = usageMeters({
      capacity: { cpus: 2, memoryBytes: 8 * GIB, diskBytes: 100 * GIB },
      load: { load1: 3, memoryAvailableBytes: 2 * GIB, diskFreeBytes: 75 * GIB, vmMemoryBytes: 4 * GIB, runningVms: 1 },
    });
    expect(cpu).toEqual({ key: 'cpu', label: 'CPU load', fraction: 1, text: '3.00 on 2 CPUs' });
    expect(memory.fraction).toBe(0.75);
    expect(memory.text).toBe('6 GiB of 8 GiB');
    expect(disk.fraction).toBe(0.25);
    expect(vm.text).toBe('4 GiB for 1 running VM');
  });

  it('says "not reported yet" for a host that never sent its size', () => {
    const meters = usageMeters({ capacity: null, load: null });
    expect(meters.map((m) => m.fraction)).toEqual([null, null, null, null]);
    expect(meters[0].text).toBe('not reported yet');
  });

  it('colours a bar amber from 80 % and red from 95 %', () => {
    expect(meterTone(0.5)).toBe('ok');
    expect(meterTone(0.8)).toBe('warn');
    expect(meterTone(0.95)).toBe('danger');
    expect(meterTone(null)).toBe('muted');
  });

  it('checks a host name like a DNS label, in sentences', () => {
    expect(hostNameProblem('worker-1')).toBeNull();
    expect(hostNameProblem('')).toBe('Give the host a name, e.g. worker-1.');
    expect(hostNameProblem('Worker')).toBe('Use lower-case letters only.');
    expect(hostNameProblem('worker 1')).toBe('Use only lower-case letters, digits and dashes, e.g. worker-1.');
    expect(hostNameProblem('worker-')).toBe('Start and end the name with a letter or digit.');
    expect(hostNameProblem('a'.repeat(64))).toBe('Use at most 63 characters.');
    expect(hostNameProblem('a'.repeat(63))).toBeNull();
    expect(hostNameProblem('panel-host', ['panel-host'])).toBe('A host named “panel-host” already exists: pick another name.');
  });

  it('says when a token runs out', () => {
    expect(expiresIn('2026-12-07T12:42:00.000Z', NOW)).toBe('in 42 minutes');
    expect(expiresIn('2026-12-07T12:00:30.000Z', NOW)).toBe('in a minute');
    expect(expiresIn('2026-12-08T12:00:00.000Z', NOW)).toBe('in 24 hours');
    expect(expiresIn('2026-12-07T11:00:00.000Z', NOW)).toBe('expired');
  });

  it('names why a host cannot take a machine', () => {
    expect(placementBlocker({ name: 'a', state: 'online', draining: false })).toBeNull();
    expect(placementBlocker({ name: 'a', state: 'offline', draining: true })).toBe('a is offline.');
    expect(placementBlocker({ name: 'a', state: 'online', draining: true })).toBe('a is draining: it takes no new machines.');
  });

  it('words VM states the way the machine pages do, plus "Host offline"', () => {
    expect(vmStateText('host-offline')).toEqual({ label: 'Host offline', tone: 'danger' });
    expect(vmStateText('shutOff')).toEqual({ label: 'stopped', tone: 'muted' });
    expect(vmStateText('something-new')).toEqual({ label: 'something-new', tone: 'muted' });
  });
});
