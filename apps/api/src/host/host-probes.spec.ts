import { cpuBusyPercent, formatBytes, parseProcStat } from './host-probes';

describe('host probes (pure parts)', () => {
  const stat1 = 'cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3 4\nintr 1 2\n';
  const stat2 = 'cpu  160 0 70 900 70 0 0 0 0 0\n';

  it('parses the aggregate cpu line, counting iowait as idle', () => {
    expect(parseProcStat(stat1)).toEqual({ busy: 150, total: 1000 });
    expect(parseProcStat('nothing here')).toBeNull();
  });

  it('computes CPU busy share between two samples', () => {
    // busy +80 of total +200
    expect(cpuBusyPercent(parseProcStat(stat1), parseProcStat(stat2))).toBe(40);
    expect(cpuBusyPercent(null, parseProcStat(stat2))).toBeNull();
    expect(cpuBusyPercent(parseProcStat(stat2), parseProcStat(stat2))).toBeNull();
  });

  it('formats byte counts', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
  });
});
