import { parseDiskstats, parseLoadavg, parseMeminfo, parseNetDev, parseProcStat } from './host-proc';

describe('/proc parsers', () => {
  it('reads busy and total jiffies from the cpu line of /proc/stat (idle and iowait are not busy)', () => {
    const stat = 'cpu  100 5 50 800 20 3 2 10 0 0\ncpu0 50 2 25 400 10 1 1 5 0 0\nintr 1 2 3\n';
    expect(parseProcStat(stat)).toEqual({ busy: 100 + 5 + 50 + 3 + 2 + 10, total: 990 });
    expect(parseProcStat('intr 1 2 3\n')).toBeNull();
  });

  it('reads memory total and used (total − available) from /proc/meminfo', () => {
    const meminfo = 'MemTotal:        8000000 kB\nMemFree:          1000000 kB\nMemAvailable:    6000000 kB\n';
    expect(parseMeminfo(meminfo)).toEqual({ totalBytes: 8000000 * 1024, usedBytes: 2000000 * 1024 });
    expect(parseMeminfo('MemTotal: 100 kB\nMemFree: 40 kB\n')).toEqual({ totalBytes: 102400, usedBytes: 61440 });
    expect(parseMeminfo('nothing\n')).toBeNull();
  });

  it('reads the 1-minute load average', () => {
    expect(parseLoadavg('0.42 0.30 0.25 1/234 5678\n')).toBe(0.42);
    expect(parseLoadavg('')).toBeNull();
  });

  it('sums sectors of whole disks only (no partitions, loop, zram or device-mapper), 512 bytes each', () => {
    const diskstats = [
      '   7       0 loop0 10 0 80 0 0 0 0 0 0 0 0 0 0 0 0 0 0',
      ' 254       0 vda 75863 21351 3360234 28861 54288 126725 7989248 81577 0 17532 112435',
      ' 254       1 vda1 70000 20000 3000000 28000 50000 120000 7000000 80000 0 17000 110000',
      ' 253       0 zram0 1 0 8 0 1 0 8 0 0 0 0',
      ' 259       0 nvme0n1 10 0 100 0 10 0 200 0 0 0 0',
      ' 259       1 nvme0n1p1 10 0 100 0 10 0 200 0 0 0 0',
      ' 252       0 dm-0 10 0 100 0 10 0 200 0 0 0 0',
    ].join('\n');
    expect(parseDiskstats(diskstats)).toEqual({ readBytes: (3360234 + 100) * 512, writeBytes: (7989248 + 200) * 512 });
    // With /sys/block knowledge the caller decides (here: only vda is hardware-backed).
    expect(parseDiskstats(diskstats, (n) => n === 'vda')).toEqual({ readBytes: 3360234 * 512, writeBytes: 7989248 * 512 });
  });

  it('sums received and sent bytes of every interface but lo', () => {
    const netdev = [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo: 1062927    3013    0    0    0     0          0         0  1062927    3013    0    0    0     0       0          0',
      '  eth0:  500000    400    0    0    0     0          0         0   250000     300    0    0    0     0       0          0',
      'vnet12:1000 10 0 0 0 0 0 0 2000 20 0 0 0 0 0 0',
    ].join('\n');
    expect(parseNetDev(netdev)).toEqual({ rxBytes: 501000, txBytes: 252000 });
  });
});
