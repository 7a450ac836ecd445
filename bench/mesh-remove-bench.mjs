#!/usr/bin/env node
// Time from "remove a device" to the host-managed WireGuard interface no longer
// trusting its key, through the whole panel (DELETE → database → render →
// `wg syncconf` on the host interface), against a plain `wg syncconf` of the
// same config minus the same peer on a second wireguard-go interface in the same
// namespace (the baseline), interleaved in the same run. The panel runs its host
// interface in a throw-away network namespace. Root only.
// Writes bench/results/mesh-remove-*.json.
//
//   node bench/mesh-remove-bench.mjs [--build]
//   BENCH_MESH_DEVICES=100 BENCH_MESH_REMOVALS=20 node bench/mesh-remove-bench.mjs
import { execFile, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');
const PANEL_MAIN = join(ROOT, 'dist', 'apps', 'api', 'main.js');
const PHONEBOOK_WORKER = join(ROOT, 'dist', 'apps', 'api', 'phonebook-worker.js');
const ADMIN_DB_URL = process.env.CLAN_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.CLAN_BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const DEVICES = Number(process.env.BENCH_MESH_DEVICES || 100);
const REMOVALS = Number(process.env.BENCH_MESH_REMOVALS || 20);
const APPLY_TIMEOUT_MS = 15_000;
// Devices dial the host here, so the host is the relay and a peer of every device (without it the
// host only has the devices it can dial). Namespace-local: nothing outside ever sees it.
const ENDPOINT_HOST = '10.254.90.254';

const TOOLS = [
  ['ip', 'iproute2'],
  ['wireguard-go', 'wireguard-go'],
  ['wg', 'wireguard-tools'],
];

const log = (m) => console.error(`mesh-remove-bench: ${m}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cleanups = [];
const sh = (cmd, args, timeout = 60_000) => spawnSync(cmd, args, { encoding: 'utf8', timeout });

/** Runs a command without blocking the event loop; resolves with its code and output. */
function run(cmd, args) {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function must(cmd, args) {
  const r = await run(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

function requireTools() {
  const missing = TOOLS.filter(([cmd]) => sh('/bin/sh', ['-c', `command -v ${cmd}`]).status !== 0);
  if (missing.length)
    throw new Error(
      `needs ${missing.map(([c, p]) => `\`${c}\` (Debian package ${p})`).join(', ')}: apt-get install -y ${missing.map(([, p]) => p).join(' ')}`,
    );
  if (process.getuid?.() !== 0) throw new Error('creates a network namespace and WireGuard interfaces: run it as root');
  if (!existsSync('/dev/net/tun')) throw new Error('wireguard-go needs /dev/net/tun (the tun kernel module)');
}

function ensureBuilt() {
  if (existsSync(PANEL_MAIN) && existsSync(PHONEBOOK_WORKER) && !process.argv.includes('--build')) return;
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

async function deleteRedisKeys(prefix) {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function gitInfo() {
  const git = (args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  const head = git(['rev-parse', 'HEAD']);
  const dirty = git(['status', '--porcelain']);
  return { commit: head.status === 0 ? head.stdout.trim() : null, dirty: dirty.status === 0 ? dirty.stdout.trim().length > 0 : null };
}

/** Nearest-rank percentile of the samples (milliseconds, rounded to 0.01). */
function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p) => s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
  const r = (v) => Math.round(v * 100) / 100;
  return { p50: r(at(50)), p95: r(at(95)), max: r(s.at(-1)), min: r(s[0]), mean: r(s.reduce((a, b) => a + b, 0) / s.length) };
}

/** The `wg showconf` text without the [Peer] section of `publicKey`. */
function withoutPeer(conf, publicKey) {
  const sections = conf.split(/\n(?=\[Peer\])/);
  const kept = sections.filter((s) => !new RegExp(`^PublicKey = ${publicKey.replace(/[+/=]/g, '\\$&')}$`, 'm').test(s));
  if (kept.length !== sections.length - 1) throw new Error(`the host config has no single [Peer] section for ${publicKey}`);
  return kept.join('\n');
}

async function main() {
  requireTools();
  if (!Number.isInteger(DEVICES) || DEVICES < 2 || DEVICES > 250) throw new Error('BENCH_MESH_DEVICES must be 2…250 (one /24 per network)');
  if (!Number.isInteger(REMOVALS) || REMOVALS < 1 || REMOVALS > DEVICES)
    throw new Error('BENCH_MESH_REMOVALS must be 1…BENCH_MESH_DEVICES');
  ensureBuilt();
  const startedAt = new Date();
  const runId = randomBytes(3).toString('hex');

  // The namespace the panel's host interface (and the baseline interface) live in.
  const ns = `clmr${runId}`;
  const baselineIf = `clmrb${runId}`;
  let hostIf = null;
  await must('ip', ['netns', 'add', ns]);
  cleanups.push(async () => {
    // The panel's wireguard-go daemonizes and outlives the panel; it would keep the namespace's interface alive.
    if (hostIf) await run('pkill', ['-f', `^wireguard-go ${hostIf}$`]);
    await run('ip', ['netns', 'del', ns]);
    // wireguard-go removes its socket on SIGTERM, not when killed.
    for (const name of [hostIf, baselineIf]) if (name) rmSync(`/var/run/wireguard/${name}.sock`, { force: true });
  });
  await must('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);

  const dbName = `clan_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(ADMIN_DB_URL, `CREATE DATABASE ${dbName}`);
  cleanups.push(() => adminQuery(ADMIN_DB_URL, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  const dbUrl = ADMIN_DB_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const stateDir = mkdtempSync(join(os.tmpdir(), 'clan-bench-mesh-'));
  chmodSync(stateDir, 0o711);
  cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }));
  const queuePrefix = `clanbench_${randomBytes(4).toString('hex')}`;
  cleanups.push(() => deleteRedisKeys(queuePrefix));
  // Holds the host's config (with its private key) for the baseline: root only, removed at the end.
  const secretDir = mkdtempSync(join(os.tmpdir(), 'clan-bench-wg-'));
  chmodSync(secretDir, 0o700);
  cleanups.push(() => rmSync(secretDir, { recursive: true, force: true }));

  const port = await freePort();
  const t0Start = performance.now();
  const child = spawn(process.execPath, [PANEL_MAIN], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl,
      REDIS_URL,
      CLAN_QUEUE_PREFIX: queuePrefix,
      CLAN_STATE_DIR: stateDir,
      PORT: String(port),
      CLAN_LISTEN_HOST: '127.0.0.1',
      CLAN_LOG_LEVEL: 'warn',
      CLAN_WEB_DIR: join(stateDir, 'no-web'),
      CLAN_AUTO_DEPLOY: 'false',
      CLAN_MESH_HOST: 'true',
      CLAN_MESH_NETNS: ns,
      CLAN_MESH_DNS_PORT: '53',
      CLAN_MESH_ENDPOINT_HOST: ENDPOINT_HOST,
      CLAN_MESH_MACHINES: 'false',
    },
  });
  let out = '';
  child.stdout.on('data', (d) => (out = (out + d).slice(-20000)));
  child.stderr.on('data', (d) => (out = (out + d).slice(-20000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!stopped) {
      log('the panel did not stop within 10 s of SIGTERM; killing it');
      child.kill('SIGKILL');
      await exited;
    }
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (performance.now() - t0Start > 120_000) throw new Error(`the panel did not start:\n${out}`);
    if (child.exitCode !== null) throw new Error(`the panel exited (${child.exitCode}):\n${out}`);
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await sleep(300);
  }
  const startupMs = Math.round(performance.now() - t0Start);

  // A host admin and a token, straight into the database (as bench/vm-boot-bench.mjs does).
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

  const net = await api('POST', '/api/networks', { name: `bench-${runId}` });
  const meshPath = `/api/networks/${net.id}/mesh`;
  log(`creating ${DEVICES} devices (half with endpoints)…`);
  const keys = new Map();
  const tCreate = performance.now();
  for (let i = 1; i <= DEVICES; i++) {
    // Every second device has an endpoint (a direct peer of the host), the others are behind NAT.
    const endpoint = i % 2 === 0 ? `10.254.90.${i}:51820` : undefined;
    const peer = await api('POST', `${meshPath}/devices`, { name: `dev-${i}`, ...(endpoint ? { endpoint } : {}) });
    keys.set(peer.name, peer.publicKey);
  }
  const createMs = performance.now() - tCreate;
  const mesh = await api('GET', meshPath);
  if (!mesh.host) throw new Error(`GET ${meshPath} has no host interface (is CLAN_MESH_HOST on?)`);
  if (mesh.host.error) throw new Error(`the host interface is not running: ${mesh.host.error}`);
  hostIf = mesh.host.interfaceName;
  const wgPeers = async (ifname) => (await must('ip', ['netns', 'exec', ns, 'wg', 'show', ifname, 'peers'])).split('\n').filter(Boolean);
  const initialPeers = (await wgPeers(hostIf)).length;
  if (initialPeers !== DEVICES) throw new Error(`the host interface ${hostIf} has ${initialPeers} peers, expected ${DEVICES}`);

  // The baseline interface: wireguard-go in the foreground, stopped by its pid.
  const wgGo = spawn('ip', ['netns', 'exec', ns, 'wireguard-go', '-f', baselineIf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let wgGoErr = '';
  wgGo.stderr.on('data', (d) => (wgGoErr = (wgGoErr + d).slice(-4000)));
  const wgGoExited = new Promise((resolve) => wgGo.once('exit', resolve));
  cleanups.push(async () => {
    if (wgGo.exitCode !== null || wgGo.signalCode !== null) return;
    wgGo.kill('SIGTERM');
    if (!(await Promise.race([wgGoExited.then(() => true), sleep(3000).then(() => false)]))) wgGo.kill('SIGKILL');
  });
  const socket = `/var/run/wireguard/${baselineIf}.sock`;
  for (let i = 0; i < 100 && !existsSync(socket) && wgGo.exitCode === null; i++) await sleep(50);
  if (!existsSync(socket)) throw new Error(`wireguard-go did not create ${socket}: ${wgGoErr}`);

  const fullFile = join(secretDir, 'full.conf');
  const lessFile = join(secretDir, 'less.conf');
  const rounds = [];
  log(`${REMOVALS} removals: baseline syncconf, then the panel's DELETE, each round…`);
  for (let r = 1; r <= REMOVALS; r++) {
    // Alternate NAT (odd) and direct (even) devices.
    const name = `dev-${r}`;
    const key = keys.get(name);

    // Baseline: the host's current config loaded on the second interface, then a plain
    // `wg syncconf` of it without the same peer. ListenPort is dropped: the host's port is taken.
    const conf = (await must('ip', ['netns', 'exec', ns, 'wg', 'showconf', hostIf])).replace(/^ListenPort = \d+\n/m, '');
    writeFileSync(fullFile, conf, { mode: 0o600 });
    writeFileSync(lessFile, withoutPeer(conf, key), { mode: 0o600 });
    await must('ip', ['netns', 'exec', ns, 'wg', 'setconf', baselineIf, fullFile]);
    const before = (await wgPeers(baselineIf)).length;
    const b0 = performance.now();
    await must('ip', ['netns', 'exec', ns, 'wg', 'syncconf', baselineIf, lessFile]);
    const b1 = performance.now();
    const baselinePeers = await wgPeers(baselineIf);
    const b2 = performance.now();
    if (baselinePeers.includes(key) || baselinePeers.length !== before - 1)
      throw new Error(`baseline syncconf left ${baselinePeers.length} peers (had ${before}), key gone: ${!baselinePeers.includes(key)}`);

    // The panel: DELETE, then poll the host interface until the key is gone.
    const t0 = performance.now();
    await api('DELETE', `${meshPath}/devices/${name}`);
    const t1 = performance.now();
    let polls = 0;
    let goneAtAnswer = null;
    let t2;
    for (;;) {
      const peers = await wgPeers(hostIf);
      polls++;
      const gone = !peers.includes(key);
      if (goneAtAnswer === null) goneAtAnswer = gone;
      if (gone) {
        t2 = performance.now();
        break;
      }
      if (performance.now() - t0 > APPLY_TIMEOUT_MS)
        throw new Error(`the host still lists ${name} ${APPLY_TIMEOUT_MS} ms after the DELETE`);
      await sleep(5);
    }
    rounds.push({
      device: name,
      direct: r % 2 === 0,
      peersBefore: before,
      panelDeleteAnsweredMs: t1 - t0,
      panelHostAppliedMs: t2 - t0,
      polls,
      goneWhenDeleteAnswered: goneAtAnswer,
      baselineSyncconfMs: b1 - b0,
      baselineSyncconfConfirmedMs: b2 - b0,
    });
    log(
      `${r}/${REMOVALS} ${name}: DELETE ${(t1 - t0).toFixed(1)} ms, applied ${(t2 - t0).toFixed(1)} ms; baseline syncconf ${(b1 - b0).toFixed(1)} ms`,
    );
  }

  const after = await api('GET', meshPath);
  const panelDelete = stats(rounds.map((x) => x.panelDeleteAnsweredMs));
  const panelApplied = stats(rounds.map((x) => x.panelHostAppliedMs));
  const baseline = stats(rounds.map((x) => x.baselineSyncconfMs));
  const baselineConfirmed = stats(rounds.map((x) => x.baselineSyncconfConfirmedMs));
  const ratio = (a, b) => Math.round((a / b) * 100) / 100;
  const result = {
    bench: 'mesh-remove',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
      load1: os.loadavg()[0],
      wireguard: 'wireguard-go (userspace)',
    },
    git: gitInfo(),
    settings: { devices: DEVICES, removals: REMOVALS, directDevices: Math.floor(DEVICES / 2), endpointHost: ENDPOINT_HOST },
    panel: { startupMs, createDevicesMs: Math.round(createMs), hostInterface: hostIf },
    // Milliseconds from the start of DELETE …/mesh/devices/:name.
    panelDeleteAnsweredMs: panelDelete,
    panelHostAppliedMs: panelApplied,
    goneWhenDeleteAnswered: `${rounds.filter((x) => x.goneWhenDeleteAnswered).length}/${rounds.length}`,
    // A plain `ip netns exec <ns> wg syncconf` of the same config without the same peer.
    baselineSyncconfMs: baseline,
    baselineSyncconfConfirmedMs: baselineConfirmed,
    ratioPanelAppliedToBaselineP50: ratio(panelApplied.p50, baseline.p50),
    ratioPanelAppliedToConfirmedBaselineP50: ratio(panelApplied.p50, baselineConfirmed.p50),
    removalsReported: after.removals?.length ?? null,
    rounds: rounds.map((x) => ({
      ...x,
      panelDeleteAnsweredMs: Math.round(x.panelDeleteAnsweredMs * 100) / 100,
      panelHostAppliedMs: Math.round(x.panelHostAppliedMs * 100) / 100,
      baselineSyncconfMs: Math.round(x.baselineSyncconfMs * 100) / 100,
      baselineSyncconfConfirmedMs: Math.round(x.baselineSyncconfConfirmedMs * 100) / 100,
    })),
  };
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `mesh-remove-${result.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');

  const row = (label, s) => `${label.padEnd(44)} ${[s.p50, s.p95, s.max].map((v) => `${v.toFixed(1)} ms`.padStart(10)).join(' ')}`;
  console.log(`remove → host-managed peer updated: ${DEVICES} devices, ${REMOVALS} removals (${result.machine.cpuModel})`);
  console.log(`${''.padEnd(44)} ${['p50', 'p95', 'max'].map((h) => h.padStart(10)).join(' ')}`);
  console.log(row('panel: DELETE answered', panelDelete));
  console.log(row('panel: DELETE → host no longer lists the key', panelApplied));
  console.log(row('baseline: wg syncconf of the same config', baseline));
  console.log(row('baseline: wg syncconf + wg show confirms', baselineConfirmed));
  console.log(`key already gone when DELETE answered: ${result.goneWhenDeleteAnswered}`);
  console.log(
    `ratio panel p50 / baseline p50: ${result.ratioPanelAppliedToBaselineP50} (vs syncconf + confirm: ${result.ratioPanelAppliedToConfirmedBaselineP50})`,
  );
  log(`wrote ${relative(ROOT, file)}`);
}

async function cleanup() {
  while (cleanups.length) {
    const c = cleanups.pop();
    try {
      await c();
    } catch (e) {
      log(`cleanup: ${e.message}`);
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`${signal}: stopping everything it started…`);
    void cleanup().then(() => process.exit(130));
  });
}

main()
  .catch((e) => {
    console.error(`mesh-remove-bench: ${e.message}`);
    process.exitCode = 1;
  })
  .finally(cleanup);
