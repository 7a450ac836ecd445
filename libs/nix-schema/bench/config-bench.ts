/**
 * Validate + render benchmark: 1,000 generated machines (hostile strings and
 * all, as in the property tests) in one network, measured against plain
 * JSON.parse + JSON.stringify of the same data in the same run, so results
 * compare across machines as ratios.
 *
 *   node bench/config-bench.mjs            (wrapper; or directly:)
 *   TS_NODE_TRANSPILE_ONLY=1 TS_NODE_PROJECT=libs/nix-schema/tsconfig.tools.json \
 *     node -r ts-node/register libs/nix-schema/bench/config-bench.ts
 *
 * Settings: BENCH_MACHINES (1000), BENCH_ITERATIONS (30), BENCH_WARMUP (5), BENCH_SEED (42).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { machineConfig } from '../test/arbitraries';
import { renderConfigsJson, renderNetworkRepo } from '../src/lib/repo';
import { validateConfigs } from '../src/lib/config-schema';

const MACHINES = Number(process.env['BENCH_MACHINES'] ?? 1000);
const ITERATIONS = Number(process.env['BENCH_ITERATIONS'] ?? 30);
const WARMUP = Number(process.env['BENCH_WARMUP'] ?? 5);
const SEED = Number(process.env['BENCH_SEED'] ?? 42);
const ROOT = join(__dirname, '..', '..', '..');
const URL = 'git+https://git.clan.example/clan';

interface Stats {
  medianMs: number;
  p90Ms: number;
  minMs: number;
  meanMs: number;
  machinesPerSecond: number;
}

function measure(run: () => unknown): Stats {
  for (let i = 0; i < WARMUP; i++) run();
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const median = at(0.5);
  return {
    medianMs: round(median),
    p90Ms: round(at(0.9)),
    minMs: round(times[0]),
    meanMs: round(times.reduce((a, b) => a + b, 0) / times.length),
    machinesPerSecond: Math.round((MACHINES / median) * 1000),
  };
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

const machines = fc.sample(machineConfig, { numRuns: MACHINES, seed: SEED });
const input: Record<string, unknown> = {};
machines.forEach((m, i) => (input[`machine-${String(i).padStart(4, '0')}`] = m));
const inputJson = JSON.stringify(input);

const check = validateConfigs(input);
if (!check.ok) throw new Error(`generated configs are invalid: ${JSON.stringify(check.errors.slice(0, 3))}`);
const parsed = check.value;
const enabledApps = Object.values(parsed).reduce(
  (n, m) => n + Object.values(m.applications).filter((a) => a && (!('enable' in a) || a.enable)).length,
  0,
);

// Each case starts from the same in-memory object, as the API would after parsing the request body.
const cases = {
  baselineJson: measure(() => JSON.stringify(JSON.parse(JSON.stringify(input)), null, 2)),
  validate: measure(() => validateConfigs(input)),
  renderConfigsJsonOnly: measure(() => renderConfigsJson(parsed)),
  validateAndRender: measure(() => renderNetworkRepo({ configs: input, clanFlakeUrl: URL })),
};
const repo = renderNetworkRepo({ configs: input, clanFlakeUrl: URL });

const ratio = (stats: Stats) => Math.round((stats.medianMs / cases.baselineJson.medianMs) * 100) / 100;
const result = {
  kind: 'config-bench',
  time: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  git: { commit: git(['rev-parse', 'HEAD']), dirty: (git(['status', '--porcelain']) ?? '') !== '' },
  settings: { machines: MACHINES, iterations: ITERATIONS, warmup: WARMUP, seed: SEED },
  data: {
    inputJsonBytes: Buffer.byteLength(inputJson),
    configsJsonBytes: Buffer.byteLength(repo.files['configs.json']),
    files: Object.keys(repo.files).length,
    enabledApps,
  },
  cases,
  ratioToBaseline: {
    validate: ratio(cases.validate),
    renderConfigsJsonOnly: ratio(cases.renderConfigsJsonOnly),
    validateAndRender: ratio(cases.validateAndRender),
  },
};

const dir = join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `config-${result.time.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

const row = (name: string, s: Stats) =>
  `${name.padEnd(24)} ${s.medianMs.toFixed(1).padStart(8)} ms  p90 ${s.p90Ms.toFixed(1).padStart(8)} ms  ${String(s.machinesPerSecond).padStart(8)} machines/s`;
console.log(
  `${MACHINES} machines, ${(result.data.inputJsonBytes / 1e6).toFixed(2)} MB of JSON, ${enabledApps} enabled apps, ${ITERATIONS} iterations (median)`,
);
for (const [name, stats] of Object.entries(cases)) console.log(row(name, stats));
console.log(
  `ratio to baseline (median): validate ${result.ratioToBaseline.validate}×, validate+render ${result.ratioToBaseline.validateAndRender}×`,
);
console.log(`wrote ${file}`);
