import type { DomainStats } from '@clan/libvirt-client';
import { EMPTY_VALUES, type MetricValues } from './metric-values';

/**
 * Cumulative counters of one domain at one moment (from `virsh domstats`).
 * Rates come from two consecutive readings; gauges (memory, vCPUs) from the
 * newest alone.
 */
export interface DomainCounters {
  atMs: number;
  cpuTimeNs: number | null;
  vcpus: number | null;
  readBytes: number | null;
  writeBytes: number | null;
  rxBytes: number | null;
  txBytes: number | null;
  memoryUsedBytes: number | null;
  memoryTotalBytes: number | null;
}

/** Cumulative counters of the host at one moment (from /proc). */
export interface HostCounters {
  atMs: number;
  /** /proc/stat jiffies: busy (everything but idle and iowait) and total. */
  cpuBusy: number | null;
  cpuTotal: number | null;
  memoryUsedBytes: number | null;
  memoryTotalBytes: number | null;
  load1: number | null;
  readBytes: number | null;
  writeBytes: number | null;
  rxBytes: number | null;
  txBytes: number | null;
}

const KIB = 1024;

function rawNumber(raw: Record<string, string>, key: string): number | null {
  const v = raw[key];
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/**
 * Reads one domain's counters. Memory in use is, in order of preference:
 * what the guest reports through its balloon driver (available − unused),
 * else the resident memory of its QEMU process (balloon.rss), else what the
 * balloon gives it (balloon.current). Its size is balloon.current (else maximum).
 */
export function domainCounters(stats: DomainStats, atMs: number): DomainCounters {
  const raw = stats.raw;
  const available = rawNumber(raw, 'balloon.available');
  const unused = rawNumber(raw, 'balloon.unused');
  const rss = rawNumber(raw, 'balloon.rss');
  const current = stats.balloonCurrentKiB ?? null;
  const usedKiB = available !== null && unused !== null && available >= unused ? available - unused : (rss ?? current);
  const totalKiB = current ?? stats.balloonMaximumKiB ?? null;
  const sum = (values: number[], present: boolean) => (present ? values.reduce((a, b) => a + b, 0) : null);
  return {
    atMs,
    cpuTimeNs: stats.cpuTimeNs ?? null,
    vcpus: rawNumber(raw, 'vcpu.current') ?? rawNumber(raw, 'vcpu.maximum'),
    readBytes: sum(
      stats.block.map((b) => b.readBytes),
      stats.block.length > 0,
    ),
    writeBytes: sum(
      stats.block.map((b) => b.writeBytes),
      stats.block.length > 0,
    ),
    rxBytes: sum(
      stats.net.map((n) => n.rxBytes),
      stats.net.length > 0,
    ),
    txBytes: sum(
      stats.net.map((n) => n.txBytes),
      stats.net.length > 0,
    ),
    memoryUsedBytes: usedKiB === null ? null : usedKiB * KIB,
    memoryTotalBytes: totalKiB === null ? null : totalKiB * KIB,
  };
}

/**
 * Per-second rate of a cumulative counter between two readings. Null when
 * either reading is missing, no time passed, or the counter went backwards
 * (the VM restarted, or the host rebooted): a gap rather than a wrong spike.
 */
export function ratePerSecond(prev: number | null | undefined, cur: number | null | undefined, seconds: number): number | null {
  if (prev === null || prev === undefined || cur === null || cur === undefined) return null;
  if (!(seconds > 0) || cur < prev) return null;
  return (cur - prev) / seconds;
}

const clampPercent = (v: number | null) => (v === null ? null : Math.min(100, Math.max(0, v)));

/**
 * One machine sample. CPU is the guest's CPU time over the wall time between
 * the readings, divided by its vCPUs: 100 % = every vCPU busy the whole time.
 */
export function domainSample(prev: DomainCounters | undefined, cur: DomainCounters): MetricValues {
  const seconds = prev ? (cur.atMs - prev.atMs) / 1000 : 0;
  const cpuNsPerSecond = ratePerSecond(prev?.cpuTimeNs, cur.cpuTimeNs, seconds);
  const cpu = cpuNsPerSecond !== null && cur.vcpus ? (cpuNsPerSecond / 1e9 / cur.vcpus) * 100 : null;
  return {
    ...EMPTY_VALUES,
    cpuPercent: clampPercent(cpu),
    vcpus: cur.vcpus,
    memoryUsedBytes: cur.memoryUsedBytes,
    memoryTotalBytes: cur.memoryTotalBytes,
    diskReadBps: ratePerSecond(prev?.readBytes, cur.readBytes, seconds),
    diskWriteBps: ratePerSecond(prev?.writeBytes, cur.writeBytes, seconds),
    netRxBps: ratePerSecond(prev?.rxBytes, cur.rxBytes, seconds),
    netTxBps: ratePerSecond(prev?.txBytes, cur.txBytes, seconds),
  };
}

/** One host sample. CPU is the busy share of all cores' jiffies between the readings. */
export function hostSample(prev: HostCounters | undefined, cur: HostCounters): MetricValues {
  const seconds = prev ? (cur.atMs - prev.atMs) / 1000 : 0;
  let cpu: number | null = null;
  if (prev && prev.cpuBusy !== null && prev.cpuTotal !== null && cur.cpuBusy !== null && cur.cpuTotal !== null) {
    const total = cur.cpuTotal - prev.cpuTotal;
    const busy = cur.cpuBusy - prev.cpuBusy;
    if (total > 0 && busy >= 0) cpu = (busy / total) * 100;
  }
  return {
    ...EMPTY_VALUES,
    cpuPercent: clampPercent(cpu),
    memoryUsedBytes: cur.memoryUsedBytes,
    memoryTotalBytes: cur.memoryTotalBytes,
    load1: cur.load1,
    diskReadBps: ratePerSecond(prev?.readBytes, cur.readBytes, seconds),
    diskWriteBps: ratePerSecond(prev?.writeBytes, cur.writeBytes, seconds),
    netRxBps: ratePerSecond(prev?.rxBytes, cur.rxBytes, seconds),
    netTxBps: ratePerSecond(prev?.txBytes, cur.txBytes, seconds),
  };
}
