import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { HostCounters } from './rates';

/** `cpu` line of /proc/stat → busy and total jiffies over all cores (idle and iowait count as not busy). */
export function parseProcStat(text: string): { busy: number; total: number } | null {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (!line) return null;
  // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user/nice.
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (f.length < 4 || f.some((n) => !Number.isFinite(n))) return null;
  const total = f.reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { busy: total - idle, total };
}

/** /proc/meminfo → total and used bytes (used = MemTotal − MemAvailable). */
export function parseMeminfo(text: string): { totalBytes: number; usedBytes: number } | null {
  const kib = (name: string) => {
    const m = new RegExp(`^${name}:\\s+(\\d+)\\s*kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : null;
  };
  const total = kib('MemTotal');
  const available = kib('MemAvailable') ?? kib('MemFree');
  if (total === null || available === null) return null;
  return { totalBytes: total, usedBytes: Math.max(0, total - available) };
}

/** /proc/loadavg → the 1-minute load average. */
export function parseLoadavg(text: string): number | null {
  const n = Number(text.trim().split(/\s+/)[0]);
  return text.trim() && Number.isFinite(n) ? n : null;
}

/** Names of whole physical disks when /sys/block cannot be read. */
const DISK_NAME = /^(sd[a-z]+|vd[a-z]+|xvd[a-z]+|hd[a-z]+|nvme\d+n\d+|mmcblk\d+)$/;

/**
 * /proc/diskstats → bytes read and written by whole disks. Partitions, loop,
 * RAM, device-mapper and md devices are left out so no I/O is counted twice;
 * `isDisk` decides (see HostProcReader), sectors are 512 bytes.
 */
export function parseDiskstats(
  text: string,
  isDisk: (name: string) => boolean = (n) => DISK_NAME.test(n),
): {
  readBytes: number;
  writeBytes: number;
} {
  let readBytes = 0;
  let writeBytes = 0;
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !isDisk(f[2] ?? '')) continue;
    readBytes += Number(f[5]) * 512 || 0;
    writeBytes += Number(f[9]) * 512 || 0;
  }
  return { readBytes, writeBytes };
}

/** /proc/net/dev → bytes received and sent by every interface but `lo`. */
export function parseNetDev(text: string): { rxBytes: number; txBytes: number } {
  let rxBytes = 0;
  let txBytes = 0;
  for (const line of text.split('\n')) {
    const m = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
    if (!m || m[1] === 'lo') continue;
    const f = (m[2] ?? '').trim().split(/\s+/).map(Number);
    rxBytes += f[0] || 0;
    txBytes += f[8] || 0;
  }
  return { rxBytes, txBytes };
}

/** Reads the host's counters from /proc (and /sys/block to tell disks from partitions). */
@Injectable()
export class HostProcReader {
  protected readonly procDir: string = '/proc';
  protected readonly sysBlockDir: string = '/sys/block';

  async read(atMs: number): Promise<HostCounters> {
    const [stat, meminfo, loadavg, diskstats, netdev, disks] = await Promise.all([
      this.text('stat'),
      this.text('meminfo'),
      this.text('loadavg'),
      this.text('diskstats'),
      this.text('net/dev'),
      this.physicalDisks(),
    ]);
    const cpu = stat === null ? null : parseProcStat(stat);
    const mem = meminfo === null ? null : parseMeminfo(meminfo);
    const disk = diskstats === null ? null : parseDiskstats(diskstats, disks ? (n) => disks.has(n) : undefined);
    const net = netdev === null ? null : parseNetDev(netdev);
    return {
      atMs,
      cpuBusy: cpu?.busy ?? null,
      cpuTotal: cpu?.total ?? null,
      memoryUsedBytes: mem?.usedBytes ?? null,
      memoryTotalBytes: mem?.totalBytes ?? null,
      load1: loadavg === null ? null : parseLoadavg(loadavg),
      readBytes: disk?.readBytes ?? null,
      writeBytes: disk?.writeBytes ?? null,
      rxBytes: net?.rxBytes ?? null,
      txBytes: net?.txBytes ?? null,
    };
  }

  private text(name: string): Promise<string | null> {
    return readFile(join(this.procDir, name), 'utf8').catch(() => null);
  }

  /** Block devices backed by hardware (they have a `device` link); null when /sys/block is unreadable. */
  private async physicalDisks(): Promise<Set<string> | null> {
    let names: string[];
    try {
      names = await readdir(this.sysBlockDir);
    } catch {
      return null;
    }
    const checks = await Promise.all(
      names.map((n) =>
        access(join(this.sysBlockDir, n, 'device')).then(
          () => n,
          () => null,
        ),
      ),
    );
    return new Set(checks.filter((n): n is string => n !== null));
  }
}
