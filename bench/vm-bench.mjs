#!/usr/bin/env node
// VM manager benchmarks (docs/bench.md, "VM manager: stats and metrics collector"):
//  (a) stats of 100 domains in one `virsh domstats` call vs one call per domain (test:///default);
//  (b) the metrics collector's CPU cost at a 10 s interval, against baselines measured in the same run.
// The measuring runs in apps/api/tools/metrics-bench.ts (through ts-node, with the panel's own code);
// this wrapper adds machine and git details and writes bench/results/vm-<time>.json.
// (c) "create machine → boot marker" is measured by bench/vm-boot-bench.mjs, not here.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');

function version(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().split('\n')[0] : null;
}

function gitInfo() {
  const commit = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() || null;
  const dirty =
    spawnSync('git', ['status', '--porcelain', '--', 'apps/api/src/metrics', 'apps/api/tools', 'libs/libvirt-client', 'bench'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).stdout.trim() !== '';
  return { commit, dirty };
}

const virsh = version('virsh', ['--version']);
if (!virsh) {
  console.error('vm-bench: virsh is not available: install the Debian packages libvirt-clients and libvirt-daemon');
  process.exit(1);
}

const run = spawnSync(
  process.execPath,
  ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', join(ROOT, 'apps/api/tools/metrics-bench.ts')],
  {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1', TS_NODE_PROJECT: join(ROOT, 'apps/api/tools/tsconfig.json') },
  },
);
if (run.status !== 0) process.exit(run.status ?? 1);
const line = run.stdout.split('\n').find((l) => l.startsWith('VM_BENCH_RESULT '));
if (!line) {
  console.error(`vm-bench: the measuring run printed no result:\n${run.stdout}`);
  process.exit(1);
}
const measured = JSON.parse(line.slice('VM_BENCH_RESULT '.length));

const report = {
  kind: 'vm',
  startedAt: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryMiB: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    libvirt: virsh,
  },
  git: gitInfo(),
  ...measured,
};
mkdirSync(RESULTS, { recursive: true });
const out = join(RESULTS, `vm-${report.startedAt.replace(/[:.]/g, '-')}.json`);
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

const s = report.stats;
const c = report.collector;
console.log(`\nStats of ${s.domainsPerCall} domains (test:///default, one virsh session, median of ${report.settings.statsRuns}):`);
console.log(`  one call          ${String(s.bulk.wallMsMedian).padStart(9)} ms wall ${String(s.bulk.cpuMsMedian).padStart(9)} ms CPU`);
console.log(
  `  one per domain    ${String(s.perDomain.wallMsMedian).padStart(9)} ms wall ${String(s.perDomain.cpuMsMedian).padStart(9)} ms CPU`,
);
console.log(`  ratio             ×${s.ratio.wall} wall, ×${s.ratio.cpu} CPU`);
console.log(`\nCollector, ${s.domainsPerCall} machines, ${c.runs} collections (CPU of panel + virsh + Postgres backend):`);
console.log(
  `  collector         ${c.cpuMsPerRun.total} ms CPU per collection = ${c.percentOfOneCoreAtInterval.total} % of one core at a ${report.settings.intervalSeconds} s interval (panel process alone ${c.percentOfOneCoreAtInterval.node} %)`,
);
console.log(
  `  bulk stats only   ${c.baselineStatsOnly.cpuMsPerRun.total} ms CPU per call = ${c.baselineStatsOnly.percentOfOneCoreAtInterval.total} % (collector ×${c.ratioToStatsOnly})`,
);
console.log(`  idle              ${c.baselineIdle.percentOfOneCore} % of one core`);
console.log(`\nwrote ${relative(ROOT, out)}`);
