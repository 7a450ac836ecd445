#!/usr/bin/env node
// `npm run bench:api-reads`: authenticated list endpoints of a real panel
// process against a bare Express handler serving the same bytes, in the same
// run. Writes bench/results/api-reads-<time>.json; docs/bench.md explains it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  capture,
  cleanup,
  compare,
  createDatabase,
  dbQuery,
  ensureBuilt,
  gitInfo,
  load,
  log,
  mib,
  mintToken,
  request,
  RESULTS,
  ROOT,
  rssKiB,
  SETTINGS,
  startBaseline,
  startPanel,
} from './lib/panel.mjs';

const MACHINES = Number(process.env.BENCH_MACHINES || 500);
const TARGETS = { throughputRatio: 0.5, p99Ms: 10, rssIdleAfterMiB: 250 };
/** BENCH_CPU_PROF=1 writes the panel's V8 CPU profile (on exit) to a temporary directory, named in the output. */
const CPU_PROF = process.env.BENCH_CPU_PROF === '1';

function must(res, what) {
  if (res.status >= 300) throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.json)}`);
  return res.json;
}

/**
 * One network of MACHINES machines in three commits (created, all but one in
 * one raw write, the last one added), and a deployed revision for each: half
 * the newest commit (in sync through ancestry), half the network's first
 * commit (behind) — so every machine's drift needs the git history.
 */
async function seedMachines(baseUrl, databaseUrl, token) {
  const api = (method, path, body) => request(baseUrl, method, path, { body, bearer: token });
  const network = must(await api('POST', '/api/networks', { name: 'bench-reads' }), 'POST /api/networks');
  const base = `/api/networks/${network.id}`;
  const first = must(await api('GET', `${base}/config/status`), 'GET config/status').head;
  const names = Array.from({ length: MACHINES }, (_, i) => `m${String(i + 1).padStart(3, '0')}`);
  const configs = Object.fromEntries(names.slice(0, -1).map((n) => [n, {}]));
  must(await api('PUT', `${base}/config/raw`, { content: JSON.stringify(configs) }), 'PUT config/raw');
  const last = must(await api('POST', `${base}/machines`, { name: names.at(-1), config: {} }), 'POST machines').revision;
  const half = Math.ceil(names.length / 2);
  await dbQuery(
    databaseUrl,
    `INSERT INTO machines (network_id, name, deployed_revision)
     SELECT $1, n, CASE WHEN i <= $3 THEN $4 ELSE $5 END FROM unnest($2::text[]) WITH ORDINALITY AS t(n, i)
     ON CONFLICT (network_id, name) DO UPDATE SET deployed_revision = EXCLUDED.deployed_revision`,
    [network.id, names, half, last, first],
  );
  return { networkId: network.id, machines: names.length };
}

function verdict(endpoint) {
  return {
    throughputRatio: endpoint.ratio.throughput >= TARGETS.throughputRatio,
    p99: endpoint.panel.latencyMs.p99 !== null && endpoint.panel.latencyMs.p99 < TARGETS.p99Ms,
  };
}

function summary(result) {
  const lines = [];
  const pad = (s, n) => String(s).padEnd(n);
  const padL = (s, n) => String(s).padStart(n);
  const ms = (v) => (v === null ? '—' : v.toFixed(2));
  lines.push(`cLAN panel authenticated reads — ${result.startedAt}`);
  lines.push(
    `${result.machine.cpus} CPUs (${result.machine.cpuModel}), Node ${result.machine.node}, load ${result.machine.loadAverage.join(' ')}; ` +
      `${SETTINGS.connections} connections, ${SETTINGS.warmupSeconds} s warm-up + ${SETTINGS.durationSeconds} s per run`,
  );
  lines.push('');
  lines.push(`${pad('endpoint', 30)}${padL('bytes', 8)}${padL('req/s', 9)}${padL('p50 ms', 9)}${padL('p99 ms', 9)}${padL('non-2xx', 9)}`);
  for (const [name, e] of Object.entries(result.endpoints)) {
    for (const side of ['panel', 'baseline']) {
      const r = e[side];
      lines.push(
        `${pad(`${name} ${side}`, 30)}${padL(e.responseBytes, 8)}${padL(r.requestsPerSecond, 9)}${padL(ms(r.latencyMs.p50), 9)}${padL(ms(r.latencyMs.p99), 9)}${padL(r.non2xx + r.errors, 9)}`,
      );
    }
    const ok = (b) => (b ? 'met' : 'MISSED');
    lines.push(
      `  → ${e.ratio.throughput}× the Express baseline (target ≥ ${TARGETS.throughputRatio}: ${ok(e.targetsMet.throughputRatio)}), ` +
        `p99 ${ms(e.panel.latencyMs.p99)} ms (target < ${TARGETS.p99Ms}: ${ok(e.targetsMet.p99)})`,
    );
  }
  const p = result.panel;
  lines.push('');
  lines.push(
    `panel RSS: ${p.rssIdleBeforeMiB} MiB idle before load, ${p.rssIdleAfterMiB} MiB idle after (target < ${TARGETS.rssIdleAfterMiB}: ` +
      `${result.targetsMet.rssIdleAfter ? 'met' : 'MISSED'}), ${p.peakRssMiB} MiB peak`,
  );
  for (const n of result.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}

async function main() {
  const startedAt = new Date();
  const notes = [];
  ensureBuilt();
  const db = await createDatabase();
  const profDir = CPU_PROF ? mkdtempSync(join(os.tmpdir(), 'clan-bench-prof-')) : null;
  log(`database ${db.name}; starting the panel…`);
  const panel = await startPanel(
    db.url,
    {
      CLAN_LIBVIRT_URI: 'test:///default',
      CLAN_AUTO_DEPLOY: 'false',
    },
    profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
  );
  log(`panel pid ${panel.child.pid} healthy at ${panel.baseUrl} after ${panel.startupMs} ms`);

  const auth = await mintToken(panel.baseUrl, notes);
  if (auth.reason) throw new Error(`cannot mint an API token: ${auth.reason}`);
  log(`seeding a network with ${MACHINES} machines…`);
  const seeded = await seedMachines(panel.baseUrl, db.url, auth.token);

  const headers = { authorization: `Bearer ${auth.token}` };
  const targets = [
    { name: 'tokens', path: '/api/tokens' },
    { name: 'machineStatus', path: `/api/networks/${seeded.networkId}/config/status`, machines: seeded.machines },
    { name: 'networks', path: '/api/networks' },
  ];
  const routes = {};
  for (const t of targets) {
    const got = await capture(panel.baseUrl + t.path, headers);
    if (got.status !== 200) throw new Error(`GET ${t.path} answered ${got.status}: ${got.body.toString('utf8').slice(0, 300)}`);
    routes[t.path] = got;
    t.bytes = got.body.length;
  }
  const baselineUrl = await startBaseline(routes, 'express-baseline.mjs');

  await sleep(SETTINGS.settleSeconds * 1000);
  const before = rssKiB(panel.child.pid);

  const endpoints = {};
  for (const t of targets) {
    log(`loading ${t.path} on the panel…`);
    const p = await load(panel.baseUrl + t.path, headers);
    log(`loading ${t.path} on the Express baseline…`);
    const b = await load(baselineUrl + t.path, headers);
    if (p.non2xx || p.errors) notes.push(`${t.path}: the panel answered ${p.non2xx} non-2xx and ${p.errors} errors under load`);
    const e = { path: t.path, responseBytes: t.bytes, machines: t.machines, panel: p, baseline: b, ratio: compare(p, b) };
    e.targetsMet = verdict(e);
    endpoints[t.name] = e;
  }

  await sleep(SETTINGS.settleSeconds * 1000);
  const after = rssKiB(panel.child.pid);
  const health = await request(panel.baseUrl, 'GET', '/api/health');
  if (profDir) notes.push(`CPU profile of the panel: ${profDir} (written when it exits)`);

  const result = {
    kind: 'api-reads',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      arch: os.arch(),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
      totalMemoryMiB: Math.round(os.totalmem() / 1048576),
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    },
    git: gitInfo(),
    settings: { ...SETTINGS, machines: MACHINES },
    targets: TARGETS,
    panel: {
      version: health.json?.version ?? null,
      startupMs: panel.startupMs,
      rssIdleBeforeMiB: mib(before.rss),
      rssIdleAfterMiB: mib(after.rss),
      peakRssMiB: mib(after.hwm),
    },
    endpoints,
    targetsMet: {
      rssIdleAfter: mib(after.rss) < TARGETS.rssIdleAfterMiB,
      all:
        mib(after.rss) < TARGETS.rssIdleAfterMiB &&
        ['tokens', 'machineStatus'].every((n) => endpoints[n].targetsMet.throughputRatio && endpoints[n].targetsMet.p99),
    },
    notes,
  };
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `api-reads-${result.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(summary(result));
  console.log(`\nwrote ${relative(ROOT, file)}`);
}

let exitCode = 0;
try {
  await main();
} catch (err) {
  console.error(`bench: ${err.message}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
