import { chmodSync, copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METRICS_RANGES } from '@clan/contracts';
import { DataSource } from 'typeorm';
import { Redis } from 'ioredis';
import { MetricsCollector } from '../src/metrics/metrics-collector.service';
import { MetricsStore } from '../src/metrics/metrics.store';
import { EMPTY_VALUES, type MetricValues } from '../src/metrics/metric-values';
import { LibvirtService } from '../src/services/libvirt/libvirt.service';
import { createMachine, createToken, createUser, dataSourceOf } from './fixtures/db';
import { createWorld, type World } from './fixtures/world';
import { startTestPanel, TestClient, type TestPanel } from './harness';
import type { Redis } from 'ioredis';
import { REDIS } from '../src/services/redis/redis.module';

/**
 * The metrics collector against real libvirt (test:///default, whose
 * domains report state only — rates from real QEMU counters are unit-tested
 * on captured domstats output), real Postgres and Redis; the rollups and
 * pruning in SQL; and the three routes with their access rules.
 */
const PANEL_ENV = { CLAN_AUTO_DEPLOY: 'false' };
const MINUTE = 60_000;

const values = (v: Partial<MetricValues>): MetricValues => ({ ...EMPTY_VALUES, ...v });

interface SampleRow {
  scope: string;
  network_id: string | null;
  machine: string | null;
  at: Date;
  cpu_percent: number | null;
  memory_used_bytes: number | null;
  memory_total_bytes: number | null;
  load1: number | null;
}

describe('metrics (real libvirt test:///default, Postgres, Redis)', () => {
  let t: TestPanel;
  let ds: DataSource;
  let world: World;
  let collector: MetricsCollector;
  let store: MetricsStore;
  let libvirt: LibvirtService;
  let domain: string;

  const client = (principal: keyof World['principals']) => {
    const c = new TestClient(t.baseUrl);
    c.bearer = world.principals[principal].token;
    return c;
  };
  const samples = (): Promise<SampleRow[]> =>
    ds.query(
      `SELECT s.scope, s.network_id, s.machine, m.at, m.cpu_percent, m.memory_used_bytes, m.memory_total_bytes, m.load1
       FROM metric_samples m JOIN metric_series s ON s.id = m.series_id ORDER BY m.at`,
    );

  beforeAll(async () => {
    t = await startTestPanel(PANEL_ENV);
    ds = dataSourceOf(t);
    world = await createWorld(t);
    collector = t.panel.app.get(MetricsCollector);
    store = t.panel.app.get(MetricsStore);
    libvirt = t.panel.app.get(LibvirtService);
    // The timer samples every 10 s; these tests collect by hand so they know what is stored.
    await collector.stop();
    // A tick may have run before stop() (the world takes seconds to create): forget what it stored.
    await ds.query('DELETE FROM metric_samples');
    await ds.query('DELETE FROM metric_rollups');
    await t.panel.app.get<Redis>(REDIS).del(`${t.config.queuePrefix}:metrics:counters`);

    // A domain of this panel for network A's machine, in the panel's own test:///default connection.
    domain = libvirt.domainName(world.a.network.id, world.a.machine);
    await libvirt.client.define({
      name: domain,
      type: 'qemu',
      memoryMiB: 256,
      vcpus: 2,
      cpuMode: 'maximum',
      os: { kernel: '/nonexistent/kernel', initrd: '/nonexistent/initrd', cmdline: 'console=ttyS0' },
      disks: [],
    });
    await libvirt.client.start(domain);
    await ds.query('UPDATE machines SET domain_name = $1 WHERE network_id = $2 AND name = $3', [
      domain,
      world.a.network.id,
      world.a.machine,
    ]);
    // Ours by name but no machine row: never sampled.
    await libvirt.client.define({
      name: `clan-${libvirt.panelId}-00000000-orphan`,
      type: 'qemu',
      memoryMiB: 64,
      vcpus: 1,
      cpuMode: 'maximum',
      os: { kernel: '/nonexistent/kernel', initrd: '/nonexistent/initrd', cmdline: '' },
      disks: [],
    });
    await libvirt.client.start(`clan-${libvirt.panelId}-00000000-orphan`);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('collector', () => {
    it('samples the host and each running domain of this panel, mapped to (network, machine) by the machines table', async () => {
      expect(await libvirt.client.listDomains()).toEqual(expect.arrayContaining(['test', domain]));
      const first = await collector.collectOnce();
      expect(first).toMatchObject({ collected: true, hostSampled: true, machines: 1 });
      const rows = await samples();
      expect(rows.map((r) => [r.scope, r.network_id, r.machine])).toEqual([
        ['host', null, null],
        ['machine', world.a.network.id, world.a.machine],
      ]);
      const host = rows.find((r) => r.scope === 'host') as SampleRow;
      expect(host.memory_total_bytes).toBeGreaterThan(0);
      expect(host.memory_used_bytes).toBeGreaterThan(0);
      expect(host.memory_used_bytes).toBeLessThanOrEqual(host.memory_total_bytes as number);
      expect(host.load1).toBeGreaterThanOrEqual(0);
      // One sample: no rate yet.
      expect(host.cpu_percent).toBeNull();
      // Every series of this collection has the same time, so a network's machines add up per step.
      expect(new Set(rows.map((r) => r.at.getTime())).size).toBe(1);
    });

    it('computes rates from the previous collection (kept in Redis), and rolls up as it goes', async () => {
      await new Promise((r) => setTimeout(r, 1100));
      await collector.collectOnce();
      const hosts = (await samples()).filter((r) => r.scope === 'host');
      expect(hosts).toHaveLength(2);
      const cpu = hosts[1].cpu_percent as number;
      expect(cpu).toBeGreaterThanOrEqual(0);
      expect(cpu).toBeLessThanOrEqual(100);
      const redis = new Redis({ ...t.config.redis, lazyConnect: true });
      await redis.connect();
      try {
        const counters = JSON.parse((await redis.get(`${t.config.queuePrefix}:metrics:counters`)) ?? '{}');
        expect(Object.keys(counters.domains)).toEqual([domain]);
        expect(counters.host.cpuTotal).toBeGreaterThan(0);
      } finally {
        redis.disconnect();
      }
      const rollups: { resolution: number; samples: number }[] = await ds.query(
        `SELECT r.resolution, r.samples FROM metric_rollups r JOIN metric_series s ON s.id = r.series_id WHERE s.scope = 'host' ORDER BY r.bucket`,
      );
      expect(rollups.reduce((n, r) => n + (r.resolution === 300 ? r.samples : 0), 0)).toBe(2);
      expect(rollups.reduce((n, r) => n + (r.resolution === 3600 ? r.samples : 0), 0)).toBe(2);
    });

    it('stops sampling a domain that is shut off', async () => {
      await libvirt.client.destroy(domain);
      try {
        expect(await collector.collectOnce()).toMatchObject({ collected: true, machines: 0 });
      } finally {
        await libvirt.client.start(domain);
      }
    });
  });

  describe('rollups and pruning (SQL)', () => {
    let networkId: string;

    beforeAll(async () => {
      const net = await ds.query(`INSERT INTO networks (name, description) VALUES ('rollup-net', '') RETURNING id`);
      networkId = net[0].id;
    });

    it('makes 5-minute and hourly buckets with average and maximum, idempotently', async () => {
      // Six samples in one 5-minute bucket two hours ago, and two in the next bucket.
      const base = Math.floor((Date.now() - 2 * 60 * MINUTE) / (60 * MINUTE)) * 60 * MINUTE; // an hour boundary
      const cpu = [10, 20, 30, 40, 50, 60];
      for (const [i, c] of cpu.entries()) {
        await store.insertSamples(new Date(base + i * 10_000), [
          { scope: 'machine', networkId, machine: 'r1', values: values({ cpuPercent: c, memoryUsedBytes: 1000 * (i + 1), vcpus: 2 }) },
        ]);
      }
      for (const [i, c] of [90, 70].entries()) {
        await store.insertSamples(new Date(base + 5 * MINUTE + i * 10_000), [
          { scope: 'machine', networkId, machine: 'r1', values: values({ cpuPercent: c, memoryUsedBytes: 500, vcpus: 2 }) },
        ]);
      }
      await store.rollup(base);
      const read = (): Promise<Record<string, unknown>[]> =>
        ds.query(
          `SELECT r.resolution, r.bucket, r.samples, r.cpu_percent_avg, r.cpu_percent_max, r.memory_used_bytes_avg, r.memory_used_bytes_max
           FROM metric_rollups r JOIN metric_series s ON s.id = r.series_id WHERE s.network_id = $1 ORDER BY r.resolution, r.bucket`,
          [networkId],
        );
      const rows = await read();
      expect(rows).toEqual([
        {
          resolution: 300,
          bucket: new Date(base),
          samples: 6,
          cpu_percent_avg: 35,
          cpu_percent_max: 60,
          memory_used_bytes_avg: 3500,
          memory_used_bytes_max: 6000,
        },
        {
          resolution: 300,
          bucket: new Date(base + 5 * MINUTE),
          samples: 2,
          cpu_percent_avg: 80,
          cpu_percent_max: 90,
          memory_used_bytes_avg: 500,
          memory_used_bytes_max: 500,
        },
        {
          resolution: 3600,
          bucket: new Date(base),
          samples: 8,
          // Sample-weighted: (10+20+30+40+50+60+90+70) / 8
          cpu_percent_avg: 46.25,
          cpu_percent_max: 90,
          memory_used_bytes_avg: (21000 + 1000) / 8,
          memory_used_bytes_max: 6000,
        },
      ]);
      // Running it again (as every collection does for recent buckets) changes nothing.
      await store.rollup(base);
      await store.rollup(base - 60 * MINUTE);
      expect(await read()).toEqual(rows);
      // A late sample is folded in by the next pass.
      await store.insertSamples(new Date(base + 50_000 + 5_000), [
        { scope: 'machine', networkId, machine: 'r1', values: values({ cpuPercent: 100, memoryUsedBytes: 0, vcpus: 2 }) },
      ]);
      await store.rollup(base);
      const after = await read();
      expect(after[0]).toMatchObject({ samples: 7, cpu_percent_max: 100, cpu_percent_avg: 310 / 7 });
      expect(after[2]).toMatchObject({ samples: 9, cpu_percent_max: 100 });
    });

    it('prunes raw samples after a day, 5-minute buckets after a week, hourly buckets after a year — and nothing younger', async () => {
      const DAY = 24 * 60 * MINUTE;
      // The middle of a 5-minute bucket, so "a day ago" falls inside a bucket too.
      const now = Math.floor(Date.now() / (5 * MINUTE)) * 5 * MINUTE + 150_000;
      const series: { id: number }[] = await ds.query(
        `INSERT INTO metric_series (scope, network_id, machine) VALUES ('machine', $1, 'old') RETURNING id`,
        [networkId],
      );
      const id = series[0].id;
      const raw = (at: number) =>
        ds.query('INSERT INTO metric_samples (series_id, at, cpu_percent) VALUES ($1, $2, 1)', [id, new Date(at)]);
      const rollup = (resolution: number, at: number, samples = 1) =>
        ds.query('INSERT INTO metric_rollups (series_id, resolution, bucket, samples, cpu_percent_avg) VALUES ($1, $2, $3, $4, 1)', [
          id,
          resolution,
          new Date(at),
          samples,
        ]);
      await raw(now - 2 * DAY);
      // Kept (younger than a day), but its 5-minute bucket began before the cutoff: its other samples are gone.
      await raw(now - DAY + 1000);
      const edgeBucket = now - DAY - 150_000;
      await rollup(300, edgeBucket, 30);
      await rollup(300, now - 8 * DAY);
      await rollup(300, now - 6 * DAY);
      await rollup(3600, now - 400 * DAY);
      await rollup(3600, now - 300 * DAY);

      expect(await store.prune(now)).toEqual({ raw: 1, fiveMinutes: 1, hourly: 1 });
      const left: { kind: string; at: Date; samples: number | null }[] = await ds.query(
        `SELECT 'raw' AS kind, at, NULL::int AS samples FROM metric_samples WHERE series_id = $1
         UNION ALL SELECT resolution::text, bucket, samples FROM metric_rollups WHERE series_id = $1
         ORDER BY 1, 2`,
        [id],
      );
      expect(left.map((r) => [r.kind, r.at.getTime(), r.samples])).toEqual([
        ['300', now - 6 * DAY, 1],
        ['300', edgeBucket, 30],
        ['3600', now - 300 * DAY, 1],
        ['raw', now - DAY + 1000, null],
      ]);
      // A rollup over everything never rebuilds the edge bucket from the one sample left of it.
      await store.rollup(0, now);
      // (Only the 5-minute bucket: when it starts on the hour, the hourly bucket rolled up from it shares its start.)
      expect(
        await ds.query('SELECT samples FROM metric_rollups WHERE series_id = $1 AND resolution = 300 AND bucket = $2', [
          id,
          new Date(edgeBucket),
        ]),
      ).toEqual([{ samples: 30 }]);
    });

    it("deletes a network's metrics with the network", async () => {
      await ds.query('DELETE FROM networks WHERE id = $1', [networkId]);
      expect(await ds.query('SELECT 1 FROM metric_series WHERE network_id = $1', [networkId])).toEqual([]);
    });
  });

  describe('routes', () => {
    let netA: string;
    const atStep = (ms: number) => new Date(Math.floor(ms / 10_000) * 10_000);
    const seriesOf = (body: { series: { metric: string; points: { t: string; avg: number; max: number }[] }[] }, metric: string) =>
      body.series.find((s) => s.metric === metric)?.points ?? [];

    beforeAll(async () => {
      netA = world.a.network.id;
      await createMachine(t, netA, world.principals.hostAdmin.user, 'second');
      // Two machines of network A sampled at the same moments: the network is their sum (cpu weighted by vCPUs).
      for (const [i, ago] of [5, 4].entries()) {
        await store.insertSamples(atStep(Date.now() - ago * MINUTE), [
          {
            scope: 'machine',
            networkId: netA,
            machine: world.a.machine,
            values: values({
              cpuPercent: 50 + i * 10,
              vcpus: 2,
              memoryUsedBytes: 1e9,
              memoryTotalBytes: 2e9,
              netRxBps: 100,
              diskWriteBps: 10,
            }),
          },
          {
            scope: 'machine',
            networkId: netA,
            machine: 'second',
            values: values({ cpuPercent: 20, vcpus: 1, memoryUsedBytes: 5e8, memoryTotalBytes: 1e9, netRxBps: 50.4, diskWriteBps: 0 }),
          },
        ]);
      }
      await store.rollup(Date.now() - 10 * MINUTE);
    });

    it('GET /api/host/metrics: every host series, default range hour at the collector interval', async () => {
      const res = await client('hostAdmin').get('/api/host/metrics');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ range: 'hour', stepSeconds: 10 });
      expect(Date.parse(res.body.to) - Date.parse(res.body.from)).toBeGreaterThanOrEqual(3600_000);
      expect(res.body.series.map((s: { metric: string; unit: string }) => [s.metric, s.unit])).toEqual([
        ['cpu', 'percent'],
        ['memory', 'bytes'],
        ['memoryTotal', 'bytes'],
        ['diskRead', 'bytesPerSecond'],
        ['diskWrite', 'bytesPerSecond'],
        ['netRx', 'bytesPerSecond'],
        ['netTx', 'bytesPerSecond'],
        ['load', 'load'],
      ]);
      // Collected above (a second or so apart, so possibly in one 10 s step): memory every time, cpu from the second on.
      expect(seriesOf(res.body, 'memory').length).toBeGreaterThanOrEqual(1);
      expect(seriesOf(res.body, 'cpu').length).toBeGreaterThanOrEqual(1);
      for (const p of seriesOf(res.body, 'memory')) {
        expect(p.avg).toBeGreaterThan(0);
        expect(p.max).toBeGreaterThanOrEqual(p.avg);
        expect(Number.isInteger(p.avg)).toBe(true);
        expect(Date.parse(p.t) % 10_000).toBe(0);
      }
    });

    it('answers every range from the right table', async () => {
      for (const range of METRICS_RANGES) {
        const res = await client('hostAdmin').get(`/api/host/metrics?range=${range}`);
        expect(res.status).toBe(200);
        expect(res.body.range).toBe(range);
        // Host samples exist from the collections above, so every table has a recent point.
        expect(seriesOf(res.body, 'memory').length).toBeGreaterThanOrEqual(1);
      }
      const day = await client('hostAdmin').get('/api/host/metrics?range=day');
      expect(day.body.stepSeconds).toBe(300);
      const year = await client('hostAdmin').get('/api/host/metrics?range=year');
      expect(year.body.stepSeconds).toBe(86_400);
    });

    it('refuses a bad range with 400 naming the valid ones', async () => {
      for (const path of ['/api/host/metrics?range=decade', `/api/networks/${netA}/metrics?range=1h`]) {
        const res = await client('hostAdmin').get(path);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.message).toBe('range must be one of hour, day, week, month, year (the window ending now, default hour).');
        expect(res.body.fields).toEqual([{ field: 'range', message: expect.stringContaining('hour, day, week, month, year') }]);
      }
    });

    it('GET …/machines/:machine/metrics: that machine alone', async () => {
      const res = await client('viewer').get(`/api/networks/${netA}/machines/${world.a.machine}/metrics?range=hour`);
      expect(res.status).toBe(200);
      expect(seriesOf(res.body, 'cpu').map((p) => p.avg)).toEqual([50, 60]);
      expect(seriesOf(res.body, 'memory').map((p) => p.avg)).toEqual([1e9, 1e9]);
      expect(res.body.series.map((s: { metric: string }) => s.metric)).not.toContain('load');
    });

    it('GET /api/networks/:networkId/metrics: sums of its machines, cpu weighted by vCPUs', async () => {
      const res = await client('member').get(`/api/networks/${netA}/metrics`);
      expect(res.status).toBe(200);
      // (50×2 + 20×1) / 3 = 40, then (60×2 + 20) / 3 = 46.67
      expect(seriesOf(res.body, 'cpu').map((p) => p.avg)).toEqual([40, 46.67]);
      expect(seriesOf(res.body, 'memory').map((p) => p.avg)).toEqual([1.5e9, 1.5e9]);
      expect(seriesOf(res.body, 'memoryTotal').map((p) => p.max)).toEqual([3e9, 3e9]);
      expect(seriesOf(res.body, 'netRx').map((p) => p.avg)).toEqual([150, 150]);
      expect(seriesOf(res.body, 'diskWrite').map((p) => p.avg)).toEqual([10, 10]);
      // The day range reads the 5-minute buckets: one or two buckets, averages and maxima over both samples.
      const day = await client('member').get(`/api/networks/${netA}/metrics?range=day`);
      const cpuDay = seriesOf(day.body, 'cpu');
      expect(cpuDay.length).toBeGreaterThanOrEqual(1);
      expect(Math.max(...cpuDay.map((p) => p.max))).toBeCloseTo(46.67, 2);
      // Network B has no metrics: empty series, not an error.
      const b = await client('hostAdmin').get(`/api/networks/${world.b.network.id}/metrics`);
      expect(b.status).toBe(200);
      expect(b.body.series.every((s: { points: unknown[] }) => s.points.length === 0)).toBe(true);
    });

    it('404 for an unknown machine or network, 403 for outsiders and for host metrics without Sys.Audit', async () => {
      const unknown = await client('hostAdmin').get(`/api/networks/${netA}/machines/nobody/metrics`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toBe('This network has no machine named "nobody".');
      const noNet = await client('hostAdmin').get('/api/networks/00000000-0000-4000-8000-000000000000/metrics');
      expect(noNet.status).toBe(404);
      const noNetMachine = await client('hostAdmin').get('/api/networks/00000000-0000-4000-8000-000000000000/machines/x/metrics');
      expect(noNetMachine.status).toBe(404);
      expect((await client('outsider').get(`/api/networks/${netA}/metrics`)).status).toBe(403);
      expect((await client('viewer').get(`/api/networks/${world.b.network.id}/metrics`)).status).toBe(403);
      expect((await client('owner').get('/api/host/metrics')).status).toBe(403);
      expect((await new TestClient(t.baseUrl).get('/api/host/metrics')).status).toBe(401);
    });
  });
});

describe('metrics collector timer and lease', () => {
  let t: TestPanel;
  afterEach(async () => {
    await t?.close();
  });

  const hostSamples = async (): Promise<number> =>
    Number(
      (
        await dataSourceOf(t).query(
          `SELECT count(*) AS n FROM metric_samples m JOIN metric_series s ON s.id = m.series_id WHERE s.scope = 'host'`,
        )
      )[0].n,
    );

  it('samples once per interval slot, and not in a slot whose lease another process holds', async () => {
    t = await startTestPanel({ ...PANEL_ENV, CLAN_METRICS_INTERVAL_SECONDS: '1' });
    const redis = new Redis({ ...t.config.redis, lazyConnect: true });
    await redis.connect();
    try {
      // Well inside a slot (its own collection done), another panel process takes the next three.
      while (Date.now() % 1000 < 300 || Date.now() % 1000 > 600) await new Promise((r) => setTimeout(r, 50));
      const slot = Math.floor(Date.now() / 1000);
      for (let s = slot + 1; s <= slot + 3; s++) await redis.set(`${t.config.queuePrefix}:metrics:slot:${s}`, 'other', 'PX', 10_000);
      const before = await hostSamples();
      await new Promise((r) => setTimeout(r, (slot + 4) * 1000 - Date.now() - 200));
      expect(await hostSamples()).toBe(before);
      // Afterwards this process wins the slots again: about one sample a second.
      await new Promise((r) => setTimeout(r, 3000));
      const after = await hostSamples();
      expect(after - before).toBeGreaterThanOrEqual(2);
      expect(after - before).toBeLessThanOrEqual(4);
    } finally {
      redis.disconnect();
    }
  });

  it('logs and skips machine samples when libvirt fails, still sampling the host', async () => {
    // test:///<file> loads a domain list from a file; this one does not exist, so every connection fails.
    t = await startTestPanel({ ...PANEL_ENV, CLAN_LIBVIRT_URI: 'test:///nonexistent-clan-metrics.xml' });
    const collector = t.panel.app.get(MetricsCollector);
    await collector.stop();
    const result = await collector.collectOnce();
    expect(result).toMatchObject({ collected: true, hostSampled: true, machines: null });
    expect(await hostSamples()).toBe(1);
  });
});

/**
 * Real counters: a tiny QEMU guest under qemu:///system (TCG) — the Debian
 * kernel with an empty initramfs, which boots, panics and spins — so cpu,
 * memory and disk come from a real `virsh domstats`.
 */
describe('metrics of a real QEMU guest (qemu:///system)', () => {
  let t: TestPanel;
  let dir: string;
  let domain: string | undefined;
  let libvirt: LibvirtService;

  beforeAll(async () => {
    const kernel = readdirSync('/boot').find((f) => f.startsWith('vmlinuz-'));
    if (!kernel) throw new Error('No kernel in /boot: install the Debian package linux-image-amd64');
    dir = mkdtempSync(join(tmpdir(), 'clan-metrics-vm-'));
    chmodSync(dir, 0o755); // libvirt's QEMU user must reach the files
    copyFileSync(join('/boot', kernel), join(dir, 'kernel'));
    // An empty newc archive: the kernel finds no init, panics and keeps a vCPU busy.
    writeFileSync(join(dir, 'initrd'), emptyCpio());
    writeFileSync(join(dir, 'disk.img'), Buffer.alloc(1024 * 1024));
    t = await startTestPanel({ ...PANEL_ENV, CLAN_LIBVIRT_URI: 'qemu:///system' });
    libvirt = t.panel.app.get(LibvirtService);
    await t.panel.app.get(MetricsCollector).stop();
    await libvirt.client.connect().catch((e: unknown) => {
      throw new Error(
        `qemu:///system is not reachable (${(e as Error).message}): install the Debian packages libvirt-daemon-system and qemu-system-x86 and start libvirtd`,
      );
    });
  });
  afterAll(async () => {
    if (domain) {
      await libvirt.client.destroy(domain).catch(() => undefined);
      await libvirt.client.undefine(domain).catch(() => undefined);
    }
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stores cpu % of the vCPUs, memory and disk rates from consecutive bulk samples', async () => {
    const ds = dataSourceOf(t);
    const [network] = await ds.query(`INSERT INTO networks (name, description) VALUES ('metrics-qemu', '') RETURNING id`);
    domain = libvirt.domainName(network.id, 'spin');
    await ds.query(`INSERT INTO machines (network_id, name, domain_name) VALUES ($1, 'spin', $2)`, [network.id, domain]);
    await libvirt.client.define({
      name: domain,
      type: 'qemu',
      memoryMiB: 128,
      vcpus: 1,
      cpuMode: 'maximum',
      os: { kernel: join(dir, 'kernel'), initrd: join(dir, 'initrd'), cmdline: 'console=ttyS0 panic=0' },
      disks: [{ source: join(dir, 'disk.img'), target: 'vda', format: 'raw' }],
    });
    await libvirt.client.start(domain);
    const collector = t.panel.app.get(MetricsCollector);
    expect(await collector.collectOnce()).toMatchObject({ collected: true, machines: 1 });
    await new Promise((r) => setTimeout(r, 2000));
    expect(await collector.collectOnce()).toMatchObject({ collected: true, machines: 1 });

    const rows: Record<string, number | null>[] = await ds.query(
      `SELECT m.cpu_percent, m.vcpus, m.memory_used_bytes, m.memory_total_bytes, m.disk_read_bps, m.disk_write_bps, m.net_rx_bps
       FROM metric_samples m JOIN metric_series s ON s.id = m.series_id WHERE s.network_id = $1 AND s.machine = 'spin' ORDER BY m.at`,
      [network.id],
    );
    expect(rows).toHaveLength(2);
    const [first, second] = rows;
    expect(first.cpu_percent).toBeNull(); // no previous counters yet
    expect(second.cpu_percent).toBeGreaterThan(0);
    expect(second.cpu_percent).toBeLessThanOrEqual(100);
    expect(second.vcpus).toBe(1);
    expect(second.memory_total_bytes).toBe(128 * 1024 * 1024);
    expect(second.memory_used_bytes).toBeGreaterThan(0);
    expect(second.disk_read_bps).toBeGreaterThanOrEqual(0);
    expect(second.disk_write_bps).toBeGreaterThanOrEqual(0);
    expect(second.net_rx_bps).toBeNull(); // no interfaces

    const client = new TestClient(t.baseUrl);
    const admin = await createUser(ds, { isHostAdmin: true });
    client.bearer = (await createToken(ds, admin.id)).token;
    const res = await client.get(`/api/networks/${network.id}/machines/spin/metrics`);
    expect(res.status).toBe(200);
    const cpu = res.body.series.find((s: { metric: string }) => s.metric === 'cpu');
    expect(cpu.points).toHaveLength(1);
    expect(cpu.points[0].avg).toBeGreaterThan(0);
  });
});

/** A newc cpio archive holding only its trailer. */
function emptyCpio(): Buffer {
  const name = 'TRAILER!!!\0';
  const fields = ['070701', ...Array(13).fill('00000000')];
  fields[11] = name.length.toString(16).padStart(8, '0'); // c_namesize
  fields[4] = '00000001'; // c_nlink
  const header = fields.join('') + name;
  const padded = header + '\0'.repeat((4 - (header.length % 4)) % 4);
  return Buffer.concat([Buffer.from(padded, 'latin1'), Buffer.alloc(512 - (padded.length % 512))]);
}
