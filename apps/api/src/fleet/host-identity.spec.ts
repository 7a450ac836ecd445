import { hostNameFrom, hostState, suggestHost } from './host-identity.service';

describe('host identity helpers', () => {
  it('is online for three heartbeats after the last one', () => {
    const now = Date.parse('2026-12-07T10:00:30Z');
    expect(hostState(new Date('2026-12-07T10:00:00Z'), 10, now)).toBe('online');
    expect(hostState('2026-12-07T09:59:59Z', 10, now)).toBe('offline');
    expect(hostState(null, 10, now)).toBe('offline');
  });

  it('suggests the online, not draining host with the most memory available, then disk', () => {
    const h = (id: string, mem: number, disk: number, extra: { draining?: boolean; state?: 'online' | 'offline' } = {}) => ({
      id,
      draining: extra.draining ?? false,
      state: extra.state ?? ('online' as const),
      facts: { memoryAvailableBytes: mem, diskFreeBytes: disk },
    });
    const hosts = [
      h('a', 8, 100),
      h('b', 16, 10),
      h('c', 16, 50),
      h('d', 64, 500, { draining: true }),
      h('e', 64, 500, { state: 'offline' }),
    ];
    expect(suggestHost(hosts)?.id).toBe('c');
    expect(suggestHost(hosts, 'c')?.id).toBe('b');
    expect(suggestHost([h('d', 1, 1, { draining: true })])).toBeNull();
  });

  it('makes a host name from a machine name', () => {
    expect(hostNameFrom('Garage NUC.local')).toBe('garage-nuc-local');
    expect(hostNameFrom('---')).toBe('host');
  });
});
