import { parseDomstats } from '@clan/libvirt-client';
import { domainCounters, domainSample, type HostCounters, hostSample, ratePerSecond } from './rates';

/** Two readings of one real QEMU domain, 10 s apart (shape of `virsh domstats --raw` on libvirt 9). */
const first = `Domain: 'clan-1a2b3c4d-6e11c14b-alpha'
  state.state=1
  state.reason=1
  cpu.time=10000000000
  balloon.current=262144
  balloon.maximum=524288
  balloon.rss=234328
  vcpu.current=2
  vcpu.maximum=2
  net.count=1
  net.0.name=vnet3
  net.0.rx.bytes=1000
  net.0.tx.bytes=2000
  block.count=2
  block.0.name=vda
  block.0.rd.bytes=4096
  block.0.wr.bytes=0
  block.1.name=vdb
  block.1.rd.bytes=512
  block.1.wr.bytes=0
`;
const second = first
  .replace('cpu.time=10000000000', 'cpu.time=15000000000')
  .replace('rx.bytes=1000', 'rx.bytes=11000')
  .replace('tx.bytes=2000', 'tx.bytes=2500')
  .replace('block.0.rd.bytes=4096', 'block.0.rd.bytes=1052672')
  .replace('block.0.wr.bytes=0', 'block.0.wr.bytes=20480');

const counters = (text: string, atMs: number) => domainCounters(parseDomstats(text)[0], atMs);

describe('domain counters', () => {
  it('sums every disk and interface and reads vCPUs and memory', () => {
    const c = counters(first, 0);
    expect(c).toEqual({
      atMs: 0,
      cpuTimeNs: 10_000_000_000,
      vcpus: 2,
      readBytes: 4096 + 512,
      writeBytes: 0,
      rxBytes: 1000,
      txBytes: 2000,
      memoryUsedBytes: 234328 * 1024,
      memoryTotalBytes: 262144 * 1024,
    });
  });

  it("prefers the guest's own view of used memory (balloon available − unused) over the QEMU process RSS", () => {
    const c = counters(
      first.replace('  balloon.rss=234328\n', '  balloon.rss=234328\n  balloon.available=250000\n  balloon.unused=100000\n'),
      0,
    );
    expect(c.memoryUsedBytes).toBe(150_000 * 1024);
  });

  it('falls back to the balloon size when neither is reported, and has no I/O counters without devices', () => {
    const c = counters(`Domain: 'x'\n  state.state=1\n  balloon.current=1024\n  net.count=0\n  block.count=0\n`, 0);
    expect(c.memoryUsedBytes).toBe(1024 * 1024);
    expect(c.readBytes).toBeNull();
    expect(c.rxBytes).toBeNull();
    expect(c.vcpus).toBeNull();
    expect(c.cpuTimeNs).toBeNull();
  });
});

describe('domain rates', () => {
  it('computes cpu % of the vCPUs and bytes per second from consecutive readings', () => {
    const s = domainSample(counters(first, 1_000_000), counters(second, 1_010_000));
    // 5 s of CPU time in 10 s of wall time on 2 vCPUs = 25 %.
    expect(s.cpuPercent).toBeCloseTo(25, 10);
    expect(s.vcpus).toBe(2);
    expect(s.diskReadBps).toBeCloseTo((1052672 - 4096) / 10, 10);
    expect(s.diskWriteBps).toBeCloseTo(2048, 10);
    expect(s.netRxBps).toBeCloseTo(1000, 10);
    expect(s.netTxBps).toBeCloseTo(50, 10);
    expect(s.memoryUsedBytes).toBe(234328 * 1024);
    expect(s.load1).toBeNull();
  });

  it('has no rates for the first reading, only gauges', () => {
    const s = domainSample(undefined, counters(first, 0));
    expect(s.cpuPercent).toBeNull();
    expect(s.diskReadBps).toBeNull();
    expect(s.netRxBps).toBeNull();
    expect(s.memoryTotalBytes).toBe(262144 * 1024);
  });

  it('leaves a gap, not a negative spike, when counters went backwards (the VM restarted)', () => {
    const s = domainSample(counters(second, 0), counters(first, 10_000));
    expect(s.cpuPercent).toBeNull();
    expect(s.netRxBps).toBeNull();
    expect(s.diskReadBps).toBeNull();
  });

  it('caps cpu at 100 % (accounting jitter) and never divides by zero time', () => {
    const busy = first.replace('cpu.time=10000000000', 'cpu.time=40000000000');
    expect(domainSample(counters(first, 0), counters(busy, 10_000)).cpuPercent).toBe(100);
    expect(domainSample(counters(first, 5000), counters(second, 5000)).cpuPercent).toBeNull();
  });

  it('ratePerSecond', () => {
    expect(ratePerSecond(100, 300, 2)).toBe(100);
    expect(ratePerSecond(null, 300, 2)).toBeNull();
    expect(ratePerSecond(100, undefined, 2)).toBeNull();
    expect(ratePerSecond(300, 100, 2)).toBeNull();
    expect(ratePerSecond(100, 300, 0)).toBeNull();
    expect(ratePerSecond(100, 100, 5)).toBe(0);
  });
});

describe('host rates', () => {
  const base: HostCounters = {
    atMs: 0,
    cpuBusy: 1000,
    cpuTotal: 4000,
    memoryUsedBytes: 2e9,
    memoryTotalBytes: 8e9,
    load1: 0.5,
    readBytes: 1e6,
    writeBytes: 2e6,
    rxBytes: 5000,
    txBytes: 7000,
  };

  it('computes cpu busy % of all cores and I/O rates', () => {
    const later = {
      ...base,
      atMs: 10_000,
      cpuBusy: 1300,
      cpuTotal: 5000,
      readBytes: 1e6 + 40960,
      writeBytes: 2e6,
      rxBytes: 15000,
      txBytes: 7100,
    };
    const s = hostSample(base, later);
    expect(s.cpuPercent).toBeCloseTo(30, 10);
    expect(s.diskReadBps).toBeCloseTo(4096, 10);
    expect(s.diskWriteBps).toBe(0);
    expect(s.netRxBps).toBeCloseTo(1000, 10);
    expect(s.netTxBps).toBeCloseTo(10, 10);
    expect(s.memoryUsedBytes).toBe(2e9);
    expect(s.memoryTotalBytes).toBe(8e9);
    expect(s.load1).toBe(0.5);
    expect(s.vcpus).toBeNull();
  });

  it('has gauges but no rates on the first reading or after a reboot', () => {
    expect(hostSample(undefined, base)).toMatchObject({ cpuPercent: null, diskReadBps: null, load1: 0.5, memoryUsedBytes: 2e9 });
    const rebooted = { ...base, atMs: 10_000, cpuBusy: 10, cpuTotal: 40, rxBytes: 10 };
    expect(hostSample(base, rebooted)).toMatchObject({ cpuPercent: null, netRxBps: null });
  });
});
