#!/usr/bin/env node
// `npm run bench`: load-tests a real panel process against a bare node:http
// baseline on this machine (loopback only) and writes bench/results/*.json.
// Plain ESM so it needs no build of its own; docs/bench.md explains it.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  capture,
  cleanup,
  compare,
  createDatabase,
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

function summary(result) {
  const lines = [];
  const pad = (s, n) => String(s).padEnd(n);
  const padL = (s, n) => String(s).padStart(n);
  const ms = (v) => (v === null ? '—' : v.toFixed(2));
  lines.push(`cLAN panel foundation benchmark — ${result.startedAt}`);
  lines.push(
    `${result.machine.cpus} CPUs (${result.machine.cpuModel}), Node ${result.machine.node}; ${SETTINGS.connections} connections, ` +
      `${SETTINGS.warmupSeconds} s warm-up + ${SETTINGS.durationSeconds} s per run`,
  );
  lines.push('');
  lines.push(`${pad('endpoint', 34)}${padL('req/s', 9)}${padL('p50 ms', 9)}${padL('p99 ms', 9)}${padL('non-2xx', 9)}`);
  for (const [name, e] of Object.entries(result.endpoints)) {
    if (e.skipped) {
      lines.push(`${pad(`${name} (${e.path})`, 34)}skipped: ${e.skipped}`);
      continue;
    }
    for (const side of ['panel', 'baseline']) {
      const r = e[side];
      lines.push(
        `${pad(`${name} ${side}`, 34)}${padL(r.requestsPerSecond, 9)}${padL(ms(r.latencyMs.p50), 9)}${padL(ms(r.latencyMs.p99), 9)}${padL(r.non2xx + r.errors, 9)}`,
      );
    }
    lines.push(
      `${pad(`  → panel/baseline`, 34)}${padL(`${e.ratio.throughput}×`, 9)}${padL('', 9)}${padL(e.ratio.p99 === null ? '—' : `${e.ratio.p99}×`, 9)}`,
    );
  }
  lines.push('');
  const p = result.panel;
  lines.push(
    `panel RSS: ${p.rssIdleBeforeMiB} MiB idle before load, ${p.rssIdleAfterMiB} MiB idle after, ${p.peakRssMiB} MiB peak; started in ${p.startupMs} ms`,
  );
  for (const n of result.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}

async function main() {
  const startedAt = new Date();
  const notes = [];
  ensureBuilt();
  const db = await createDatabase();
  log(`database ${db.name}; starting the panel…`);
  const panel = await startPanel(db.url);
  log(`panel pid ${panel.child.pid} healthy at ${panel.baseUrl} after ${panel.startupMs} ms`);

  const auth = await mintToken(panel.baseUrl, notes);
  if (auth.reason) notes.push(`authenticated endpoint skipped: ${auth.reason}`);

  await sleep(SETTINGS.settleSeconds * 1000);
  const before = rssKiB(panel.child.pid);

  const bearer = auth.token ? { authorization: `Bearer ${auth.token}` } : undefined;
  const targets = [
    { name: 'health', path: '/api/health', headers: {} },
    {
      name: 'tokens',
      path: '/api/tokens',
      headers: bearer,
      skipped: auth.reason,
    },
  ];
  const routes = {};
  for (const t of targets.filter((t) => !t.skipped)) {
    const got = await capture(panel.baseUrl + t.path, t.headers);
    if (got.status !== 200) {
      t.skipped = `GET ${t.path} answered ${got.status}`;
      notes.push(`${t.name} skipped: ${t.skipped}`);
      continue;
    }
    routes[t.path] = got;
    t.bytes = got.body.length;
  }
  const baselineUrl = await startBaseline(routes);

  const endpoints = {};
  for (const t of targets) {
    if (t.skipped) {
      endpoints[t.name] = { path: t.path, skipped: t.skipped };
      continue;
    }
    log(`loading ${t.path} on the panel…`);
    const p = await load(panel.baseUrl + t.path, t.headers);
    log(`loading ${t.path} on the baseline…`);
    const b = await load(baselineUrl + t.path, t.headers);
    if (p.non2xx || p.errors) notes.push(`${t.path}: the panel answered ${p.non2xx} non-2xx and ${p.errors} errors under load`);
    endpoints[t.name] = {
      path: t.path,
      responseBytes: t.bytes,
      panel: p,
      baseline: b,
      ratio: compare(p, b),
    };
  }

  await sleep(SETTINGS.settleSeconds * 1000);
  const after = rssKiB(panel.child.pid);
  const health = await request(panel.baseUrl, 'GET', '/api/health');

  const result = {
    kind: 'foundation',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      arch: os.arch(),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
      totalMemoryMiB: Math.round(os.totalmem() / 1048576),
    },
    git: gitInfo(),
    settings: SETTINGS,
    panel: {
      version: health.json?.version ?? null,
      startupMs: panel.startupMs,
      rssIdleBeforeMiB: mib(before.rss),
      rssIdleAfterMiB: mib(after.rss),
      peakRssMiB: mib(after.hwm),
    },
    endpoints,
    notes,
  };
  mkdirSync(RESULTS, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  const file = join(RESULTS, `foundation-${stamp}.json`);
  const text = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(file, text);
  writeFileSync(join(RESULTS, 'latest.json'), text);
  console.log(summary(result));
  console.log(`\nwrote ${relative(ROOT, file)} and bench/results/latest.json`);
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
