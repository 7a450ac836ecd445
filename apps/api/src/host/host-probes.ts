import { readFile, statfs } from 'node:fs/promises';
import { freemem, loadavg, totalmem } from 'node:os';
import { probeLibvirt } from '@clan/libvirt-client';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { CommandError, ProcessRunner } from '../services/process/process-runner';
import { REDIS } from '../services/redis/redis.module';

export interface ComponentCheck {
  status: 'ok' | 'down' | 'unavailable';
  detail: string;
  ms: number;
}

export interface DiskCheck extends ComponentCheck {
  path: string;
  freeBytes: number | null;
  totalBytes: number | null;
}

/** Cumulative CPU jiffies from /proc/stat: busy and total. */
export interface CpuTimes {
  busy: number;
  total: number;
}

export interface HostSample {
  at: string;
  load1: number;
  load5: number;
  load15: number;
  memFreeBytes: number;
  memTotalBytes: number;
  /** Share of CPU time not idle since the previous sample; null without /proc/stat. */
  cpuBusyPercent: number | null;
}

const TIMEOUT_MS = 5000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Parses the aggregate `cpu` line of /proc/stat. Idle time includes iowait. */
export function parseProcStat(text: string): CpuTimes | null {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return null;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  if (v.length < 4 || v.some((n) => !Number.isFinite(n))) return null;
  // user nice system idle iowait irq softirq steal (guest time is already in user/nice)
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = v[3] + (v[4] ?? 0);
  return { busy: total - idle, total };
}

export function cpuBusyPercent(prev: CpuTimes | null, next: CpuTimes | null): number | null {
  if (!prev || !next || next.total <= prev.total) return null;
  return Math.round(((next.busy - prev.busy) / (next.total - prev.total)) * 1000) / 10;
}

/** The host facts the diagnostics job reads, behind one injectable edge. */
@Injectable()
export class HostProbes {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly proc: ProcessRunner,
  ) {}

  private async timed(fn: () => Promise<Omit<ComponentCheck, 'ms'>>): Promise<ComponentCheck> {
    const t0 = Date.now();
    const r = await fn();
    return { ...r, ms: Date.now() - t0 };
  }

  database(): Promise<ComponentCheck> {
    return this.timed(async () => {
      try {
        const rows = await withTimeout(this.db.query<{ v: string }[]>('SELECT version() AS v'), 'the database');
        const version = String(rows[0]?.v ?? '')
          .split(' ')
          .slice(0, 2)
          .join(' ');
        return { status: 'ok', detail: this.config.databaseUrl ? version : `${version} (embedded PGlite)` };
      } catch (err) {
        return { status: 'down', detail: `database unreachable: ${(err as Error).message}` };
      }
    });
  }

  redisCheck(): Promise<ComponentCheck> {
    return this.timed(async () => {
      try {
        const info = await withTimeout(this.redis.info('server'), 'Redis');
        const version = /redis_version:(\S+)/.exec(info)?.[1];
        return { status: 'ok', detail: version ? `Redis ${version}` : 'Redis answered' };
      } catch (err) {
        return { status: 'down', detail: `redis unreachable: ${(err as Error).message}` };
      }
    });
  }

  libvirt(): Promise<ComponentCheck> {
    return this.timed(async () => {
      const p = await probeLibvirt(this.config.libvirtUri, TIMEOUT_MS);
      return { status: p.available ? 'ok' : 'unavailable', detail: p.detail };
    });
  }

  nix(): Promise<ComponentCheck> {
    return this.timed(async () => {
      try {
        const { stdout } = await this.proc.run(this.config.nixBin, ['--version'], { timeoutMs: TIMEOUT_MS });
        return { status: 'ok', detail: stdout.trim() };
      } catch (err) {
        // A missing nix names its Debian package (ProcessRunner).
        const missing = err instanceof CommandError && err.missing;
        return { status: 'unavailable', detail: missing ? (err as Error).message : `nix --version failed: ${(err as Error).message}` };
      }
    });
  }

  async disk(): Promise<DiskCheck> {
    const t0 = Date.now();
    const path = this.config.stateDir;
    try {
      const s = await statfs(path);
      const freeBytes = s.bavail * s.bsize;
      const totalBytes = s.blocks * s.bsize;
      const freePercent = totalBytes > 0 ? (freeBytes / totalBytes) * 100 : 0;
      // Below 5 % free the database and nix store will soon fail to write.
      const status = freePercent < 5 ? 'down' : 'ok';
      const detail = `${formatBytes(freeBytes)} free of ${formatBytes(totalBytes)} (${freePercent.toFixed(1)} %) at ${path}`;
      return { status, detail, ms: Date.now() - t0, path, freeBytes, totalBytes };
    } catch (err) {
      return {
        status: 'down',
        detail: `cannot stat ${path}: ${(err as Error).message}`,
        ms: Date.now() - t0,
        path,
        freeBytes: null,
        totalBytes: null,
      };
    }
  }

  async cpuTimes(): Promise<CpuTimes | null> {
    try {
      return parseProcStat(await readFile('/proc/stat', 'utf8'));
    } catch {
      return null;
    }
  }

  sample(cpuBusy: number | null): HostSample {
    const [load1, load5, load15] = loadavg();
    return {
      at: new Date().toISOString(),
      load1,
      load5,
      load15,
      memFreeBytes: freemem(),
      memTotalBytes: totalmem(),
      cpuBusyPercent: cpuBusy,
    };
  }
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
