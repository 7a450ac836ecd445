#!/usr/bin/env node
// Backup bench (docs/bench.md, "Backups"): an incremental backup of a 1 GiB tree with 1 % changed,
// through the panel's own code path (POST …/policies/{id}/run → task → restic → summary, usage
// sample) against plain `restic backup` of the same tree into a second repository, in the same run.
// The panel runs as a real process (apps/api/test/fixtures/panel-main.ts through ts-node) on this
// machine's PostgreSQL and Redis; the result goes to bench/results/backup-<time>.json.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');
const num = (name, fallback) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got "${v}")`);
  return n;
};
const SETTINGS = {
  treeMiB: num('BENCH_BACKUP_MIB', 1024),
  changedPercent: num('BENCH_BACKUP_CHANGED_PERCENT', 1),
  rounds: num('BENCH_BACKUP_ROUNDS', 3),
};
const ADMIN_DB_URL = process.env.CLAN_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.CLAN_BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const PASSWORD = 'bench-repository-password';
const log = (msg) => console.error(`backup-bench: ${msg}`);
/** The panel's stderr so far, for error messages. */
let panelLog = null;

const cleanups = [];
let cleaning;
function cleanup() {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step.run();
      } catch (err) {
        console.error(`backup-bench: cleanup of ${step.what} failed: ${err.message}`);
      }
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void cleanup().then(() => process.exit(130)));

function version(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().split('\n')[0] : null;
}

// ── the tree ───────────────────────────────────────────────────────────────

/** 3/4 of the bytes in 4 MiB files, 1/4 in 40 KiB files (a photo library next to documents). */
function makeTree(dir) {
  const big = Math.round((SETTINGS.treeMiB * 0.75) / 4);
  const small = Math.round((SETTINGS.treeMiB * 0.25 * 1024) / 40);
  for (let i = 0; i < big; i++) {
    const d = join(dir, 'photos', String(i % 16));
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, `img-${i}.jpg`), randomBytes(4 * 1024 * 1024));
  }
  for (let i = 0; i < small; i++) {
    const d = join(dir, 'documents', String(i % 64));
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, `doc-${i}.txt`), randomBytes(40 * 1024));
  }
  return { big, small, bytes: big * 4 * 1024 * 1024 + small * 40 * 1024 };
}

/** Rewrites `changedPercent` of the tree's bytes, spread over big and small files like the tree itself. */
function changeTree(dir, shape, round) {
  const target = (shape.bytes * SETTINGS.changedPercent) / 100;
  let changed = 0;
  let files = 0;
  for (let i = round; changed < target * 0.75 && i < shape.big; i += 7) {
    writeFileSync(join(dir, 'photos', String(i % 16), `img-${i}.jpg`), randomBytes(4 * 1024 * 1024));
    changed += 4 * 1024 * 1024;
    files++;
  }
  for (let i = round; changed < target && i < shape.small; i += 13) {
    writeFileSync(join(dir, 'documents', String(i % 64), `doc-${i}.txt`), randomBytes(40 * 1024));
    changed += 40 * 1024;
    files++;
  }
  return { bytes: changed, files };
}

// ── plain restic ───────────────────────────────────────────────────────────

function restic(repo, args) {
  const started = process.hrtime.bigint();
  const r = spawnSync('restic', args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      PATH: process.env.PATH,
      HOME: os.homedir(),
      RESTIC_REPOSITORY: repo,
      RESTIC_PASSWORD: PASSWORD,
      RESTIC_CACHE_DIR: join(repo, '..', 'cache-plain'),
    },
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`restic ${args[0]} failed (${r.status}): ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

function plainBackup(repo, tree) {
  const { ms, stdout } = restic(repo, ['backup', '--json', tree]);
  const summary = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .find((l) => l.message_type === 'summary');
  return { ms, resticSeconds: summary.total_duration, bytesAdded: summary.data_added, filesChanged: summary.files_changed };
}

// ── the panel ──────────────────────────────────────────────────────────────

async function adminQuery(sql) {
  const c = new pg.Client({ connectionString: ADMIN_DB_URL });
  await c.connect().catch((err) => {
    throw new Error(`the bench needs PostgreSQL at ${ADMIN_DB_URL} (set CLAN_BENCH_DATABASE_URL): ${err.message}`);
  });
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function startPanel(stateDir) {
  const name = `clan_bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  cleanups.push({ what: `database ${name}`, run: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) });
  const url = new URL(ADMIN_DB_URL);
  url.pathname = `/${name}`;
  const prefix = `clanbench_${randomBytes(4).toString('hex')}`;
  cleanups.push({
    what: `redis keys ${prefix}:*`,
    run: async () => {
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
    },
  });
  const proc = spawn(
    process.execPath,
    ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', join(ROOT, 'apps/api/test/fixtures/panel-main.ts')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: os.homedir(),
        TS_NODE_TRANSPILE_ONLY: '1',
        TS_NODE_PROJECT: join(ROOT, 'apps/api/tools/tsconfig.json'),
        DATABASE_URL: url.toString(),
        REDIS_URL,
        CLAN_QUEUE_PREFIX: prefix,
        CLAN_STATE_DIR: stateDir,
        CLAN_LOG_LEVEL: 'warn',
        CLAN_LIBVIRT_URI: 'test:///default',
        CLAN_AUTO_DEPLOY: 'false',
        CLAN_MESH_HOST: 'false',
        CLAN_MESH_MACHINES: 'false',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (err += d));
  const exited = new Promise((r) => proc.once('exit', r));
  cleanups.push({
    what: `panel (pid ${proc.pid})`,
    run: async () => {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  });
  const deadline = Date.now() + 120_000;
  while (!/LISTENING (\d+)/.test(out)) {
    if (proc.exitCode !== null) throw new Error(`the panel exited before listening:\n${err}`);
    if (Date.now() > deadline) throw new Error(`the panel did not start within 120 s:\n${err}`);
    await sleep(100);
  }
  panelLog = () => err + (proc.exitCode !== null ? `\n(exited with ${proc.exitCode ?? proc.signalCode})` : '');
  return { baseUrl: `http://127.0.0.1:${/LISTENING (\d+)/.exec(out)[1]}`, pid: proc.pid };
}

function client(baseUrl) {
  let cookie;
  let csrf;
  let bearer;
  const call = async (method, path, body) => {
    const headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    else if (cookie) {
      headers.cookie = cookie;
      if (csrf) headers['x-csrf-token'] = csrf;
    }
    // One connection per request (no keep-alive): a reused socket the server just closed would fail the run.
    const res = await new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      if (payload) headers['content-length'] = Buffer.byteLength(payload);
      const req = httpRequest(baseUrl + path, { method, headers, agent: false }, (r) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (d) => (text += d));
        r.on('end', () => resolve({ status: r.statusCode, text, cookies: r.headers['set-cookie'] ?? [] }));
      });
      req.on('error', (err) =>
        reject(new Error(`${method} ${path}: ${err.message}${panelLog ? `\npanel stderr:\n${panelLog().slice(-3000)}` : ''}`)),
      );
      req.end(payload);
    });
    const set = res.cookies.map((c) => c.split(';')[0]).join('; ');
    if (set) cookie = set;
    const text = res.text;
    const json = text ? JSON.parse(text) : undefined;
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return json;
  };
  return {
    call,
    async signIn() {
      const session = await call('POST', '/api/setup', {
        username: 'bench',
        password: randomBytes(18).toString('base64url'),
        displayName: 'Benchmark',
      });
      csrf = session.csrfToken;
      bearer = (await call('POST', '/api/tokens', { name: 'bench' })).token;
    },
    /** Polls a task every 25 ms to its end. */
    async task(taskId) {
      for (;;) {
        const t = await call('GET', `/api/tasks/${taskId}`);
        if (['succeeded', 'failed', 'cancelled'].includes(t.status)) {
          if (t.status !== 'succeeded') throw new Error(`task ${taskId} ${t.status}: ${t.error}`);
          return t;
        }
        await sleep(25);
      }
    },
  };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main() {
  const resticVersion = version('restic', ['version']);
  if (!resticVersion) throw new Error('restic is not installed: install the Debian package restic');
  const work = mkdtempSync(join(process.env.BENCH_BACKUP_DIR || os.tmpdir(), 'clan-backup-bench-'));
  cleanups.push({ what: `work dir ${work}`, run: async () => rmSync(work, { recursive: true, force: true }) });
  const tree = join(work, 'tree');
  log(`writing a ${SETTINGS.treeMiB} MiB tree to ${tree}…`);
  const shape = makeTree(tree);

  log('starting the panel…');
  const startedAt = Date.now();
  const panel = await startPanel(join(work, 'state'));
  const api = client(panel.baseUrl);
  await api.signIn();
  const network = await api.call('POST', '/api/networks', { name: 'bench' });
  const base = `/api/networks/${network.id}/backups`;
  await api.call('POST', `/api/networks/${network.id}/mesh/devices`, { name: 'bench-box' });
  const repo = await api.call('POST', `${base}/repositories`, {
    name: 'panel',
    kind: 'local',
    location: join(work, 'repo-panel'),
    password: PASSWORD,
  });
  await api.task((await api.call('POST', `${base}/repositories/${repo.id}/init`)).taskId);
  const policy = await api.call('POST', `${base}/policies`, {
    repositoryId: repo.id,
    subjectKind: 'device',
    subjectName: 'bench-box',
    runner: 'panel',
    paths: [tree],
  });
  log(`panel ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);

  const panelBackup = async () => {
    const t0 = process.hrtime.bigint();
    const started = await api.call('POST', `${base}/policies/${policy.id}/run`);
    const task = await api.task(started.taskId);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const runs = await api.call('GET', `${base}/policies/${policy.id}/runs?limit=1`);
    return {
      ms,
      taskMs: new Date(task.finishedAt).getTime() - new Date(task.startedAt).getTime(),
      runMs: runs.items[0].durationMs,
      bytesAdded: task.result.bytesAdded,
      filesChanged: task.result.filesChanged,
    };
  };

  const plainRepo = join(work, 'repo-plain');
  restic(plainRepo, ['init']);
  log('full backups (not compared)…');
  const fullPanel = await panelBackup();
  const fullPlain = plainBackup(plainRepo, tree);

  const rounds = [];
  for (let round = 0; round < SETTINGS.rounds; round++) {
    const change = changeTree(tree, shape, round);
    // Alternate the order so the page cache favours neither side.
    const first = round % 2 === 0 ? 'panel' : 'plain';
    const result = { round, changedBytes: change.bytes, changedFiles: change.files };
    for (const side of first === 'panel' ? ['panel', 'plain'] : ['plain', 'panel']) {
      result[side] = side === 'panel' ? await panelBackup() : plainBackup(plainRepo, tree);
    }
    log(`round ${round + 1}: panel ${(result.panel.ms / 1000).toFixed(2)} s, plain restic ${(result.plain.ms / 1000).toFixed(2)} s`);
    rounds.push(result);
  }
  const panelMs = median(rounds.map((r) => r.panel.ms));
  const plainMs = median(rounds.map((r) => r.plain.ms));

  const report = {
    kind: 'backup',
    startedAt: new Date(startedAt).toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      memoryMiB: Math.round(os.totalmem() / 1024 / 1024),
      node: process.version,
      restic: resticVersion,
    },
    git: {
      commit: spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() || null,
      dirty:
        spawnSync('git', ['status', '--porcelain', '--', 'apps/api/src/backups', 'bench'], {
          cwd: ROOT,
          encoding: 'utf8',
        }).stdout.trim() !== '',
    },
    settings: { ...SETTINGS, tree: { files: shape.big + shape.small, bytes: shape.bytes } },
    full: { panelMs: fullPanel.ms, plainMs: fullPlain.ms },
    rounds,
    incremental: {
      panelMedianMs: panelMs,
      plainMedianMs: plainMs,
      // Panel wall time (API call → task done, incl. queueing and the run record) ÷ plain restic.
      ratio: Number((panelMs / plainMs).toFixed(3)),
      overheadMs: Math.round(panelMs - plainMs),
    },
    notes: [
      'panel = POST …/policies/{id}/run until the task reports succeeded (25 ms polling), through the real panel process; it includes queueing, the task and run records and progress writes; the `restic stats` usage sample runs after the task',
      'plain = `restic backup --json <tree>` into a second repository, spawned directly',
    ],
  };
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `backup-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `incremental backup of ${SETTINGS.treeMiB} MiB with ${SETTINGS.changedPercent} % changed: panel ${(panelMs / 1000).toFixed(2)} s, plain restic ${(plainMs / 1000).toFixed(2)} s, ratio ${report.incremental.ratio}\n→ ${relative(ROOT, file)}`,
  );
}

main()
  .catch((err) => {
    console.error(`backup-bench: ${err.stack ?? err.message}`);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
