import { randomUUID } from 'node:crypto';
import { type DomainStats, VmState } from '@clan/libvirt-client';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { REDIS } from '../services/redis/redis.module';
import { LibvirtService } from '../services/libvirt/libvirt.service';
import { HostProcReader } from './host-proc';
import { MetricsStore, type SeriesSample } from './metrics.store';
import { type DomainCounters, domainCounters, domainSample, type HostCounters, hostSample } from './rates';
import { RETENTION_SECONDS } from './retention';

/** Domains in these states have counters worth sampling; a shut-off VM leaves a gap. */
const ACTIVE_STATES: ReadonlySet<VmState> = new Set([
  VmState.Running,
  VmState.Blocked,
  VmState.Paused,
  VmState.ShuttingDown,
  VmState.PmSuspended,
]);

/** Counters of the previous collection, shared through Redis by every panel process. */
interface PreviousCounters {
  host?: HostCounters;
  domains: Record<string, DomainCounters>;
}

export interface CollectResult {
  at: Date;
  /** False when the pass failed (a warning was logged). */
  collected: boolean;
  hostSampled: boolean;
  /** Machines sampled; null when libvirt failed (the host was still sampled). */
  machines: number | null;
}

const PRUNE_EVERY_MS = 5 * 60_000;
/** Each pass recomputes the buckets touched in this span (covers a late or missed pass). */
const ROLLUP_LOOKBACK_MS = 10 * 60_000;

/**
 * Samples every domain of this panel (one bulk `virsh domstats`) and the
 * host (/proc) every CLAN_METRICS_INTERVAL_SECONDS, on epoch-aligned slots.
 * When several panel processes run, the one that wins the slot's Redis lease
 * (SET NX PX) samples; the previous counters live in Redis so rates are
 * right whichever process took the previous slot. After storing, it rolls
 * up the recent buckets and, every few minutes, prunes expired rows.
 * Nothing here throws: a failed pass logs a warning and the next one runs.
 */
@Injectable()
export class MetricsCollector implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private inFlight: Promise<CollectResult> | null = null;
  private catchUp: Promise<void> | null = null;
  private lastPruneMs = 0;
  private libvirtProblem: string | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly libvirt: LibvirtService,
    private readonly store: MetricsStore,
    private readonly hostReader: HostProcReader,
  ) {}

  private get intervalMs(): number {
    return this.config.metricsIntervalSeconds * 1000;
  }

  private key(name: string): string {
    return `${this.config.queuePrefix}:metrics:${name}`;
  }

  /** Starts sampling where workers run (CLAN_RUN_WORKERS); first catches up rollups of the last day. */
  onApplicationBootstrap(): void {
    if (!this.config.runWorkers) return;
    this.running = true;
    this.catchUp = this.store
      .rollup(Date.now() - RETENTION_SECONDS.raw * 1000)
      .catch((e: unknown) => this.warn('catch-up rollup failed', e));
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Stops the timer and waits for a pass in progress. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.all([this.inFlight, this.catchUp]);
  }

  private schedule(): void {
    if (!this.running) return;
    const wait = this.intervalMs - (Date.now() % this.intervalMs);
    this.timer = setTimeout(() => void this.tick(), wait);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    // Timers may fire a little early or late; rounding names the slot that just began.
    const slot = Math.round(Date.now() / this.intervalMs);
    this.schedule();
    try {
      const won = await this.redis.set(this.key(`slot:${slot}`), randomUUID(), 'PX', this.intervalMs, 'NX');
      if (won !== 'OK') return;
    } catch (e) {
      return this.warn('cannot take the metrics lease (Redis)', e);
    }
    if (this.running) await this.collectOnce();
  }

  /**
   * One collection now (the timer calls it after winning its slot; tests and
   * benchmarks call it directly). Concurrent calls share one pass. Never throws.
   */
  collectOnce(): Promise<CollectResult> {
    this.inFlight ??= this.collect()
      .catch((e: unknown): CollectResult => {
        this.warn('metrics collection failed', e);
        return { at: new Date(), collected: false, hostSampled: false, machines: null };
      })
      .finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async collect(): Promise<CollectResult> {
    const atMs = Date.now();
    const at = new Date(atMs);
    const [domains, host, previous] = await Promise.all([this.domainStats(), this.hostReader.read(atMs), this.previous()]);

    // The host series is the panel's host's; a worker host's own load reaches the Hosts view by its heartbeat (docs/fleet.md).
    const samples: SeriesSample[] =
      this.config.role === 'panel' ? [{ scope: 'host', networkId: null, machine: null, values: hostSample(previous.host, host) }] : [];
    // Without domain stats the domains' counters are dropped: the next pass starts their rates afresh.
    const next: PreviousCounters = { host, domains: {} };
    let machines: number | null = null;
    if (domains) {
      const owned = domains.filter((d) => this.libvirt.owns(d.domain) && ACTIVE_STATES.has(d.state));
      const byDomain = await this.store.machinesByDomain(owned.map((d) => d.domain));
      machines = 0;
      for (const d of owned) {
        const target = byDomain.get(d.domain);
        if (!target) continue; // a domain with our panel id but no machine: the reconciler flags it
        const counters = domainCounters(d, atMs);
        next.domains[d.domain] = counters;
        samples.push({ scope: 'machine', ...target, values: domainSample(previous.domains[d.domain], counters) });
        machines++;
      }
    }

    await this.store.insertSamples(at, samples);
    await this.savePrevious(next);
    await this.store.rollup(atMs - ROLLUP_LOOKBACK_MS, atMs);
    if (atMs - this.lastPruneMs >= PRUNE_EVERY_MS) {
      this.lastPruneMs = atMs;
      await this.store.prune(atMs);
    }
    return { at, collected: true, hostSampled: true, machines };
  }

  /** All domains' stats in one call, or null (with one warning per distinct problem) when libvirt fails. */
  private async domainStats(): Promise<DomainStats[] | null> {
    try {
      const stats = await this.libvirt.client.stats();
      if (this.libvirtProblem) this.logger.log('libvirt answers again; machine metrics resume');
      this.libvirtProblem = null;
      return stats;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (message !== this.libvirtProblem) this.logger.warn(`skipping machine metrics this interval: ${message}`);
      this.libvirtProblem = message;
      return null;
    }
  }

  private async previous(): Promise<PreviousCounters> {
    try {
      const text = await this.redis.get(this.key('counters'));
      const parsed = text ? (JSON.parse(text) as PreviousCounters) : null;
      return parsed && typeof parsed === 'object' && parsed.domains ? parsed : { domains: {} };
    } catch {
      return { domains: {} };
    }
  }

  /** Kept a few intervals: rates over a longer gap than that would hide a restart. */
  private async savePrevious(next: PreviousCounters): Promise<void> {
    const ttl = Math.max(5 * 60_000, 3 * this.intervalMs);
    await this.redis.set(this.key('counters'), JSON.stringify(next), 'PX', ttl);
  }

  private warn(what: string, e: unknown): void {
    this.logger.warn(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
