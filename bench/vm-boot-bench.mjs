#!/usr/bin/env node
// Time from "create machine" (cached build) to the boot marker on the serial
// console, through the whole panel (config commit → build task → deploy task →
// libvirt), against the same system booted directly with `virsh create` in the
// same run (the baseline). Real qemu:///system with domain type qemu (TCG) and
// the test system flake as the cLAN flake. Writes bench/results/vm-boot-*.json.
//
//   node bench/vm-boot-bench.mjs [--build] [--runs N]
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');
const PANEL_MAIN = join(ROOT, 'dist', 'apps', 'api', 'main.js');
const ADMIN_DB_URL = process.env.CLAN_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.CLAN_BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const URI = 'qemu:///system';
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const MARKER = /CLAN-BOOT machine=(\S+) generation=(\d+)/;

const log = (m) => console.error(`vm-boot-bench: ${m}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cleanups = [];
const sh = (cmd, args, timeout = 120_000) => spawnSync(cmd, args, { encoding: 'utf8', timeout });

function need(tool, args, pkg) {
  const r = sh(tool, args);
  if (r.error || r.status !== 0)
    throw new Error(`${tool} is not available: install the Debian package ${pkg} (scripts/setup-system.sh --tests)`);
}

function ensureBuilt() {
  if (existsSync(PANEL_MAIN) && !process.argv.includes('--build')) return;
  log(`building the API (npx nx build api) for ${relative(ROOT, PANEL_MAIN)}…`);
  const r = spawnSync('npx', ['nx', 'build', 'api', '--outputStyle=static'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('`npx nx build api` failed');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function adminQuery(url, sql, params = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

async function waitFile(file, re, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const m = text.match(re);
    if (m) return m;
    await sleep(50);
  }
  throw new Error(`${file} never showed ${re} within ${timeoutMs} ms`);
}

async function main() {
  need('nix', ['--version'], 'nix-bin');
  need('virsh', ['--version'], 'libvirt-clients');
  need('qemu-system-x86_64', ['--version'], 'qemu-system-x86');
  const v = sh('virsh', ['-c', URI, 'version']);
  if (v.status !== 0) throw new Error(`libvirt ${URI} does not answer: start libvirtd + virtlogd (scripts/setup-system.sh --tests)`);
  ensureBuilt();

  // The test system flake, prepared once (the cLAN flake stand-in).
  const flake = mkdtempSync(join(os.tmpdir(), 'clan-bench-ts-'));
  cleanups.push(() => rmSync(flake, { recursive: true, force: true }));
  cpSync(join(ROOT, 'nix/test-system'), flake, { recursive: true, filter: (s) => !/\/(bin|kernel|result[^/]*|machines\.json)$/.test(s) });
  const prep = sh('sh', [join(flake, 'prepare.sh'), flake]);
  if (prep.status !== 0) throw new Error(`prepare.sh failed: ${prep.stderr}`);

  const dbName = `clan_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(ADMIN_DB_URL, `CREATE DATABASE ${dbName}`);
  cleanups.push(() => adminQuery(ADMIN_DB_URL, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  const dbUrl = ADMIN_DB_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const stateDir = mkdtempSync(join(os.tmpdir(), 'clan-bench-vm-'));
  chmodSync(stateDir, 0o711);
  cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }));
  const profiles = `/nix/var/nix/profiles/clan-test-bench-${randomBytes(4).toString('hex')}`;
  cleanups.push(() => rmSync(profiles, { recursive: true, force: true }));

  const port = await freePort();
  const child = spawn(process.execPath, [PANEL_MAIN], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl,
      REDIS_URL,
      CLAN_QUEUE_PREFIX: `clanbench_${randomBytes(4).toString('hex')}`,
      CLAN_STATE_DIR: stateDir,
      PORT: String(port),
      CLAN_LISTEN_HOST: '127.0.0.1',
      CLAN_LOG_LEVEL: 'warn',
      CLAN_MESH_HOST: 'false',
      CLAN_WEB_DIR: join(stateDir, 'no-web'),
      CLAN_LIBVIRT_URI: URI,
      CLAN_DOMAIN_TYPE: 'qemu',
      CLAN_FLAKE_URL: `path:${flake}`,
      CLAN_PROFILES_DIR: profiles,
      CLAN_AUTO_DEPLOY: 'true',
      NIX_CONFIG: 'substituters =',
    },
  });
  let out = '';
  child.stdout.on('data', (d) => (out = (out + d).slice(-20000)));
  child.stderr.on('data', (d) => (out = (out + d).slice(-20000)));
  cleanups.push(async () => {
    child.kill('SIGTERM');
    await sleep(2000);
    child.kill('SIGKILL');
  });
  const base = `http://127.0.0.1:${port}`;
  for (let t = Date.now(); ;) {
    if (Date.now() - t > 120_000) throw new Error(`the panel did not start:\n${out}`);
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await sleep(300);
  }
  const token = `clan_${randomBytes(24).toString('base64url')}`;
  const [root] = await adminQuery(
    dbUrl,
    `INSERT INTO users (username, password_hash, is_host_admin, recovery_code_hashes) VALUES ('root', 'unused', true, '[]') RETURNING id`,
  );
  await adminQuery(dbUrl, `INSERT INTO api_tokens (user_id, name, secret_hash, prefix) VALUES ($1, 'bench', $2, $3)`, [
    root.id,
    createHash('sha256').update(token).digest('hex'),
    token.slice(0, 12),
  ]);
  const api = async (method, path, body) => {
    const r = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const panelPrefix = [];
  cleanups.push(() => {
    const names = sh('virsh', ['-c', URI, 'list', '--all', '--name'])
      .stdout.split('\n')
      .filter((n) => panelPrefix.some((p) => n.startsWith(p)));
    for (const n of names) {
      sh('virsh', ['-c', URI, 'destroy', n]);
      sh('virsh', ['-c', URI, 'undefine', n]);
    }
  });

  const config = { resources: { memoryMiB: 256, stateDiskGiB: 1 } };
  /** Creates network `name` with machine `bench` and times POST → marker. */
  const createAndBoot = async (name) => {
    const net = await api('POST', '/api/networks', { name });
    const serial = join(stateDir, 'vms', net.id, 'bench', 'serial.log');
    const t0 = performance.now();
    await api('POST', `/api/networks/${net.id}/machines`, { name: 'bench', config });
    await waitFile(serial, MARKER, 300_000);
    const ms = performance.now() - t0;
    const vm = await api('GET', `/api/networks/${net.id}/machines/bench/vm`);
    if (vm.domainName) panelPrefix.push(vm.domainName);
    const builds = await api('GET', `/api/tasks?networkId=${net.id}&type=machine.build`);
    const b = builds.items[0];
    const buildMs = b?.startedAt && b?.finishedAt ? Date.parse(b.finishedAt) - Date.parse(b.startedAt) : null;
    return { ms, buildMs, domainName: vm.domainName };
  };

  log('warm-up: the first machine builds the system (cold)…');
  const cold = await createAndBoot('bench-warm');
  const panelRuns = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await createAndBoot(`bench-${i}`);
    log(`panel run ${i + 1}/${RUNS}: ${(r.ms / 1000).toFixed(2)} s (build task ${r.buildMs} ms)`);
    panelRuns.push(r);
    if (r.domainName) {
      sh('virsh', ['-c', URI, 'destroy', r.domainName]);
    }
  }
  if (cold.domainName) sh('virsh', ['-c', URI, 'destroy', cold.domainName]);

  // Baseline: the same toplevel booted by hand with virsh create.
  const top = JSON.parse(
    sh('nix', [
      '--extra-experimental-features',
      'nix-command flakes',
      'build',
      '--json',
      '--no-link',
      '--option',
      'substituters',
      '',
      `path:${flake}#packages.x86_64-linux.default`,
    ]).stdout,
  )[0].outputs.out;
  const vmDir = join(stateDir, 'baseline');
  mkdirSync(vmDir, { mode: 0o755 });
  copyFileSync(join(top, 'kernel'), join(vmDir, 'kernel'));
  copyFileSync(join(top, 'initrd'), join(vmDir, 'initrd'));
  const baselineRuns = [];
  const bname = `clan-bench-baseline-${randomBytes(3).toString('hex')}`;
  panelPrefix.push(bname);
  for (let i = 0; i < RUNS; i++) {
    const serial = join(vmDir, `serial-${i}.log`);
    const xml = join(vmDir, 'domain.xml');
    writeFileSync(
      xml,
      `<domain type='qemu'><name>${bname}</name><memory unit='MiB'>256</memory><vcpu>1</vcpu><cpu mode='maximum'/>
<os><type>hvm</type><kernel>${vmDir}/kernel</kernel><initrd>${vmDir}/initrd</initrd><cmdline>init=${top}/init console=ttyS0 panic=-1 loglevel=4</cmdline></os>
<features><acpi/><apic/></features><devices><serial type='file'><source path='${serial}'/><target port='0'/></serial></devices></domain>`,
    );
    const t0 = performance.now();
    const r = sh('virsh', ['-c', URI, 'create', xml]);
    if (r.status !== 0) throw new Error(`virsh create: ${r.stderr}`);
    await waitFile(serial, MARKER, 120_000);
    baselineRuns.push(performance.now() - t0);
    sh('virsh', ['-c', URI, 'destroy', bname]);
    log(`baseline run ${i + 1}/${RUNS}: ${(baselineRuns.at(-1) / 1000).toFixed(2)} s`);
  }

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const panelMedian = median(panelRuns.map((r) => r.ms));
  const baselineMedian = median(baselineRuns);
  const result = {
    bench: 'vm-boot',
    at: new Date().toISOString(),
    host: { cpus: os.cpus().length, load1: os.loadavg()[0] },
    runs: RUNS,
    createMachineToMarkerMs: {
      coldBuild: Math.round(cold.ms),
      cachedBuild: panelRuns.map((r) => Math.round(r.ms)),
      median: Math.round(panelMedian),
      buildTaskMs: panelRuns.map((r) => r.buildMs),
    },
    baselineVirshCreateToMarkerMs: { runs: baselineRuns.map(Math.round), median: Math.round(baselineMedian) },
    ratioPanelToBaseline: Math.round((panelMedian / baselineMedian) * 100) / 100,
    panelOverheadMs: Math.round(panelMedian - baselineMedian),
  };
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `vm-boot-${result.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
  log(`wrote ${relative(ROOT, file)}`);
}

main()
  .catch((e) => {
    console.error(`vm-boot-bench: ${e.message}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (e) {
        log(`cleanup: ${e.message}`);
      }
    }
  });
