/**
 * The measuring half of bench/vm-bench.mjs (docs/bench.md, "VM manager"):
 * run through ts-node, prints one JSON report on stdout (the line starting VM_BENCH_RESULT).
 *
 *  (a) stats of N domains in one `virsh domstats` call vs one call per domain,
 *      on libvirt's test:///default inside one virsh session (its state lives
 *      per connection);
 *  (b) the metrics collector's CPU cost per collection — this process, the
 *      virsh session and the Postgres backend — for those N domains mapped to
 *      machines, against baselines measured in the same run: the bare bulk
 *      stats call, and this process idle.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DomainSpec, LibvirtClient, parseDomstats, SessionVirshRunner } from '@clan/libvirt-client';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { HostProcReader } from '../src/metrics/host-proc';
import { MetricsCollector } from '../src/metrics/metrics-collector.service';
import { MetricsStore } from '../src/metrics/metrics.store';
import { loadConfig } from '../src/services/config/config.schema';
import { dataSourceOptions } from '../src/services/database/data-source-options';
import type { LibvirtService } from '../src/services/libvirt/libvirt.service';

const num = (name: string, fallback: number): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number (got "${v}")`);
  return n;
};
const SETTINGS = {
  domains: num('BENCH_VM_DOMAINS', 100),
  statsRuns: num('BENCH_VM_STATS_RUNS', 15),
  collections: num('BENCH_VM_COLLECTIONS', 30),
  intervalSeconds: num('BENCH_VM_INTERVAL_SECONDS', 10),
  idleSeconds: num('BENCH_VM_IDLE_SECONDS', 5),
};
const ADMIN_URL = process.env['CLAN_BENCH_DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env['CLAN_BENCH_REDIS_URL'] || 'redis://127.0.0.1:6379';
const URI = 'test:///default';
const PANEL = 'bench0000';

const log = (msg: string) => process.stderr.write(`vm-bench: ${msg}\n`);
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** utime + stime of another process in ms (/proc/<pid>/stat, clock ticks of 10 ms on Linux). */
function processCpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** CPU of this process, the virsh session and the Postgres backend, in ms. */
interface Cpu {
  node: number;
  virsh: number;
  postgres: number;
}
const readCpu = (virshPid: number | undefined, pgPid: number | undefined): Cpu => ({
  node: selfCpuMs(),
  virsh: processCpuMs(virshPid),
  postgres: processCpuMs(pgPid),
});
const diff = (a: Cpu, b: Cpu): Cpu => ({ node: b.node - a.node, virsh: b.virsh - a.virsh, postgres: b.postgres - a.postgres });

function domainSpec(i: number): DomainSpec {
  return {
    name: `clan-${PANEL}-bench000-m${String(i).padStart(3, '0')}`,
    type: 'qemu',
    memoryMiB: 256,
    vcpus: 1,
    cpuMode: 'maximum',
    os: { kernel: '/nonexistent/kernel', initrd: '/nonexistent/initrd', cmdline: 'console=ttyS0' },
    disks: [],
  };
}

async function main(): Promise<void> {
  const runner = new SessionVirshRunner(URI);
  const client = new LibvirtClient({ uri: URI, runner });
  const dbName = `clan_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  const prefix = `clanbench_${randomBytes(4).toString('hex')}`;
  const redisUrl = new URL(REDIS_URL);
  const redis = new Redis({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379), lazyConnect: true, maxRetriesPerRequest: null });
  let ds: DataSource | undefined;
  try {
    await client.connect().catch((e: unknown) => {
      throw new Error(`${(e as Error).message} — install the Debian packages libvirt-clients and libvirt-daemon`);
    });
    log(`defining and starting ${SETTINGS.domains} domains on ${URI}`);
    const names: string[] = [];
    for (let i = 0; i < SETTINGS.domains; i++) {
      const spec = domainSpec(i);
      await client.define(spec);
      await client.start(spec.name);
      names.push(spec.name);
    }

    // (a) one bulk call vs one call per domain, interleaved, each parsed like the collector does.
    const bulkRun = async () => {
      const r = await runner.run(['domstats', '--raw'], 60_000);
      if (!r.ok) throw new Error(`domstats failed: ${r.stderr}`);
      return parseDomstats(r.stdout).length;
    };
    const perDomainRun = async () => {
      let n = 0;
      for (const name of names) {
        const r = await runner.run(['domstats', '--raw', name], 60_000);
        if (!r.ok) throw new Error(`domstats ${name} failed: ${r.stderr}`);
        n += parseDomstats(r.stdout).length;
      }
      return n;
    };
    const timed = async (fn: () => Promise<number>) => {
      const cpu0 = readCpu(runner.pid, undefined);
      const t0 = process.hrtime.bigint();
      const domains = await fn();
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const cpu = diff(cpu0, readCpu(runner.pid, undefined));
      return { wallMs, cpuMs: cpu.node + cpu.virsh, domains };
    };
    await bulkRun();
    await perDomainRun();
    const bulk: { wallMs: number; cpuMs: number }[] = [];
    const perDomain: { wallMs: number; cpuMs: number }[] = [];
    for (let r = 0; r < SETTINGS.statsRuns; r++) {
      const b = await timed(bulkRun);
      const p = await timed(perDomainRun);
      // The test driver lists its own domain `test` too.
      if (b.domains < SETTINGS.domains || p.domains !== SETTINGS.domains) throw new Error('stats did not cover every domain');
      bulk.push(b);
      perDomain.push(p);
    }
    const statsResult = {
      domainsPerCall: SETTINGS.domains,
      bulk: { wallMsMedian: round(median(bulk.map((x) => x.wallMs))), cpuMsMedian: round(median(bulk.map((x) => x.cpuMs))) },
      perDomain: {
        wallMsMedian: round(median(perDomain.map((x) => x.wallMs))),
        cpuMsMedian: round(median(perDomain.map((x) => x.cpuMs))),
      },
      ratio: {
        wall: round(median(perDomain.map((x) => x.wallMs)) / median(bulk.map((x) => x.wallMs)), 1),
        cpu: round(median(perDomain.map((x) => x.cpuMs)) / Math.max(0.001, median(bulk.map((x) => x.cpuMs))), 1),
      },
    };
    log(
      `stats: one call ${statsResult.bulk.wallMsMedian} ms, one per domain ${statsResult.perDomain.wallMsMedian} ms (×${statsResult.ratio.wall})`,
    );

    // (b) the collector on a scratch database, with a machine row for every domain.
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    const dbUrl = new URL(ADMIN_URL);
    dbUrl.pathname = `/${dbName}`;
    ds = new DataSource(dataSourceOptions(dbUrl.toString(), { extra: { max: 1 }, logging: ['error'] }));
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const [network] = await ds.query(`INSERT INTO networks (name, description) VALUES ('bench', '') RETURNING id`);
    await ds.query(
      `INSERT INTO machines (network_id, name, domain_name) SELECT $1, 'm' || lpad(i::text, 3, '0'), $2 || lpad(i::text, 3, '0') FROM generate_series(0, $3 - 1) AS i`,
      [network.id, `clan-${PANEL}-bench000-m`, SETTINGS.domains],
    );
    const [{ pid: pgPid }] = await ds.query('SELECT pg_backend_pid() AS pid');
    await redis.connect();

    const config = loadConfig(
      { CLAN_QUEUE_PREFIX: prefix, CLAN_METRICS_INTERVAL_SECONDS: String(SETTINGS.intervalSeconds), CLAN_STATE_DIR: '/nonexistent-bench' },
      process.cwd(),
    );
    const libvirt = { client, owns: (name: string) => name.startsWith(`clan-${PANEL}-`) } as unknown as LibvirtService;
    const collector = new MetricsCollector(config, redis, libvirt, new MetricsStore(ds), new HostProcReader());

    const collectOnce = async () => {
      const r = await collector.collectOnce();
      if (!r.collected || r.machines !== SETTINGS.domains) throw new Error(`collection sampled ${r.machines} machines`);
    };
    for (let i = 0; i < 3; i++) await collectOnce(); // warm-up: JIT, plans, series rows
    const measure = async (label: string, n: number, fn: () => Promise<unknown>) => {
      const c0 = readCpu(runner.pid, pgPid);
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await fn();
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const cpu = diff(c0, readCpu(runner.pid, pgPid));
      const perRun = { node: cpu.node / n, virsh: cpu.virsh / n, postgres: cpu.postgres / n };
      const total = perRun.node + perRun.virsh + perRun.postgres;
      const pct = (ms: number) => round((ms / (SETTINGS.intervalSeconds * 1000)) * 100, 3);
      log(`${label}: ${round(total)} ms CPU per run (${round(wallMs / n)} ms wall)`);
      return {
        runs: n,
        wallMsPerRun: round(wallMs / n),
        cpuMsPerRun: { node: round(perRun.node), virsh: round(perRun.virsh), postgres: round(perRun.postgres), total: round(total) },
        percentOfOneCoreAtInterval: { node: pct(perRun.node), total: pct(total) },
      };
    };
    const collectorResult = await measure('collector', SETTINGS.collections, collectOnce);
    const statsOnly = await measure('bulk stats call only', SETTINGS.collections, bulkRun);
    const idle0 = readCpu(runner.pid, pgPid);
    await sleep(SETTINGS.idleSeconds * 1000);
    const idle = diff(idle0, readCpu(runner.pid, pgPid));
    const idleResult = {
      seconds: SETTINGS.idleSeconds,
      percentOfOneCore: round(((idle.node + idle.virsh + idle.postgres) / (SETTINGS.idleSeconds * 1000)) * 100, 3),
    };
    const stored = await ds.query('SELECT count(*)::int AS n FROM metric_samples');

    // Marked: Nest's logger also writes to stdout.
    process.stdout.write(
      `VM_BENCH_RESULT ${JSON.stringify({
        stats: statsResult,
        collector: {
          ...collectorResult,
          samplesStored: stored[0].n,
          baselineStatsOnly: statsOnly,
          baselineIdle: idleResult,
          ratioToStatsOnly: round(collectorResult.cpuMsPerRun.total / Math.max(0.001, statsOnly.cpuMsPerRun.total), 2),
        },
        settings: SETTINGS,
      })}\n`,
    );
  } finally {
    if (ds?.isInitialized) await ds.destroy();
    if (redis.status === 'ready') {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
    }
    redis.disconnect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    client.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`vm-bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
