#!/usr/bin/env node
// Times Nix evaluation of the cLAN library (nix/lib) for a generated network
// of many machines against a baseline that only parses the same configs.json,
// both with real nix-instantiate in this run, and writes
// bench/results/nix-eval-<time>.json. Plain ESM; docs/bench.md explains it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NIX_DIR = join(ROOT, 'nix');
const RESULTS = join(ROOT, 'bench', 'results');

const num = (name, fallback) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number (got "${v}")`);
  return n;
};
const SETTINGS = { machines: num('BENCH_NIX_MACHINES', 200), runs: num('BENCH_NIX_RUNS', 7) };
const log = (msg) => console.error(`nix-eval-bench: ${msg}`);

function requireNix() {
  const r = spawnSync('nix-instantiate', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error('nix-instantiate is not available: install the Debian package nix-bin');
  return r.stdout.trim();
}

/** A deterministic network: every app appears, with varied options, layers and published ports. */
function generateConfigs(count) {
  const configs = {};
  for (let i = 0; i < count; i++) {
    const apps = {};
    const on = (k) => (i + k) % 3 !== 0;
    if (on(0)) apps.syncthing = { enable: true, sharedFolders: [`/shared/docs-${i}`, `/shared/"photos" ${i}`], guiPort: 8384 };
    if (on(1)) apps.nextcloud = { enable: true, hostName: `cloud-${i}.family.clan`, apps: ['calendar', 'contacts'] };
    if (on(2)) apps.forgejo = { enable: i % 2 === 0, appName: `Forge "${i}" \${x} ''`, httpPort: 3000 };
    if (i % 4 === 0) apps.mumbleServer = { enable: true, welcomeText: `Welcome ${i}!\n"quoted" $HOME ''` };
    if (i % 4 === 1) apps.mumbleClient = { server: `mumble-${i}.clan` };
    if (i % 5 === 0) apps.vaultwarden = { enable: true, domain: `https://vault-${i}.family.clan` };
    if (i % 5 === 1) apps.jellyfin = { enable: true, mediaFolders: [`/srv/media-${i}`] };
    if (i % 5 === 2) apps.homeAssistant = { enable: true, timeZone: 'Europe/Berlin' };
    if (i % 5 === 3) apps.paperless = { enable: true, ocrLanguage: 'deu+eng' };
    const publish = apps.nextcloud?.enable ? [{ app: 'nextcloud', port: 443, protocol: 'tcp' }] : [];
    configs[`machine-${String(i).padStart(3, '0')}`] = {
      system: i % 7 === 0 ? 'aarch64-linux' : 'x86_64-linux',
      networkLayer: i % 2 ? 'yggdrasil' : 'wireguard',
      resources: { vcpus: 1 + (i % 4), memoryMiB: 1024 * (1 + (i % 3)) },
      backup: { enable: i % 2 === 0, extraPaths: [`/srv/extra-${i}`] },
      publish,
      applications: apps,
    };
  }
  return configs;
}

const EXPRS = {
  // Reads and parses configs.json and prints it: what any evaluation pays anyway.
  baseline: '{ file, nixDir }: builtins.fromJSON (builtins.readFile file)',
  // The pure module generation: every machine's merged NixOS option values.
  machineSettings:
    '{ file, nixDir }: let lib = import (nixDir + "/lib"); in builtins.mapAttrs (_: lib.machineSettings) (builtins.fromJSON (builtins.readFile file))',
  // What the network flake's nixosModules output does up front (names, validated configs).
  generateNixosModules:
    '{ file, nixDir }: let lib = import (nixDir + "/lib"); configs = builtins.fromJSON (builtins.readFile file); in { names = builtins.attrNames (lib.generateNixosModules { inherit configs; }); filled = lib.configsWithDefaults configs; }',
};

function evaluate(name, file, statsFile) {
  const start = process.hrtime.bigint();
  const r = spawnSync(
    'nix-instantiate',
    [
      '--eval',
      '--strict',
      '--json',
      '--option',
      'substituters',
      '',
      '--argstr',
      'file',
      file,
      '--argstr',
      'nixDir',
      NIX_DIR,
      '-E',
      EXPRS[name],
    ],
    {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NIX_PATH: '', NIX_SHOW_STATS: '1', NIX_SHOW_STATS_PATH: statsFile },
    },
  );
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${name}: nix-instantiate failed: ${r.stderr.slice(0, 2000)}`);
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
  // gc.totalBytes: everything the evaluator allocated (the heap size is just Boehm GC's initial 384 MiB).
  return {
    wallMs,
    cpuMs: stats.cpuTime * 1000,
    allocatedMiB: (stats.gc?.totalBytes ?? 0) / 2 ** 20,
    thunks: stats.nrThunks,
    outputBytes: r.stdout.length,
    output: r.stdout,
  };
}

const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
function summarize(samples) {
  const sorted = (k) => samples.map((s) => s[k]).sort((a, b) => a - b);
  const median = (xs) => (xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2);
  const wall = sorted('wallMs');
  const cpu = sorted('cpuMs');
  return {
    wallMs: { median: round(median(wall)), min: round(wall[0]), max: round(wall[wall.length - 1]) },
    cpuMs: { median: round(median(cpu)), min: round(cpu[0]) },
    allocatedMiB: round(Math.max(...samples.map((s) => s.allocatedMiB))),
    thunks: samples[0].thunks,
    outputBytes: samples[0].outputBytes,
  };
}

function gitInfo() {
  const commit = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() || null;
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'nix', 'bench'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() !== '';
  return { commit, dirty };
}

function main() {
  const nixVersion = requireNix();
  const dir = mkdtempSync(join(os.tmpdir(), 'clan-nix-bench-'));
  try {
    const configs = generateConfigs(SETTINGS.machines);
    const file = join(dir, 'configs.json');
    writeFileSync(file, `${JSON.stringify(configs, null, 2)}\n`);
    const statsFile = join(dir, 'stats.json');
    log(
      `${SETTINGS.machines} machines, configs.json ${Math.round(readFileSync(file).length / 1024)} KiB; ${SETTINGS.runs} runs per expression after a warm-up`,
    );

    // Warm-up (page cache, Nix's own start-up files), discarded; checks the outputs once.
    const check = evaluate('machineSettings', file, statsFile);
    const settings = JSON.parse(check.output);
    if (Object.keys(settings).length !== SETTINGS.machines) throw new Error('machineSettings returned the wrong number of machines');
    const generated = JSON.parse(evaluate('generateNixosModules', file, statsFile).output);
    if (generated.names.length !== SETTINGS.machines) throw new Error('generateNixosModules returned the wrong number of machines');
    evaluate('baseline', file, statsFile);

    // Interleaved, so drift on a shared machine hits every expression alike.
    const samples = { baseline: [], machineSettings: [], generateNixosModules: [] };
    for (let run = 0; run < SETTINGS.runs; run++) {
      for (const name of Object.keys(samples)) {
        const sample = evaluate(name, file, statsFile);
        delete sample.output;
        samples[name].push(sample);
      }
    }
    const results = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)]));
    const base = results.baseline;
    for (const name of ['machineSettings', 'generateNixosModules']) {
      const r = results[name];
      r.ratio = { wall: round(r.wallMs.median / base.wallMs.median, 2), cpu: round(r.cpuMs.median / base.cpuMs.median, 2) };
      r.perMachineMs = {
        wall: round((r.wallMs.median - base.wallMs.median) / SETTINGS.machines, 3),
        cpu: round((r.cpuMs.median - base.cpuMs.median) / SETTINGS.machines, 3),
      };
    }

    const report = {
      kind: 'nix-eval',
      startedAt: new Date().toISOString(),
      settings: SETTINGS,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryMiB: Math.round(os.totalmem() / 2 ** 20),
        node: process.version,
        nix: nixVersion,
      },
      git: gitInfo(),
      expressions: EXPRS,
      results,
    };
    mkdirSync(RESULTS, { recursive: true });
    const out = join(RESULTS, `nix-eval-${report.startedAt.replace(/[:.]/g, '-')}.json`);
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

    console.log(`\n${SETTINGS.machines} machines, median of ${SETTINGS.runs} (wall / Nix CPU / allocated):`);
    for (const [name, r] of Object.entries(results)) {
      const extra = r.ratio ? `  ×${r.ratio.wall} wall, ×${r.ratio.cpu} CPU vs baseline; +${r.perMachineMs.cpu} ms CPU per machine` : '';
      console.log(
        `  ${name.padEnd(21)} ${String(r.wallMs.median).padStart(8)} ms ${String(r.cpuMs.median).padStart(8)} ms ${String(r.allocatedMiB).padStart(6)} MiB${extra}`,
      );
    }
    console.log(`\nwrote ${relative(ROOT, out)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  console.error(`nix-eval-bench: ${err.message}`);
  process.exit(1);
}
