// Shared by the API benches (run.mjs, api-reads-bench.mjs): start a real panel
// process and a baseline, load them with autocannon, clean up whatever happens.
import { fork, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import pg from 'pg';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RESULTS = join(ROOT, 'bench', 'results');
export const PANEL_MAIN = join(ROOT, 'dist', 'apps', 'api', 'main.js');

const num = (name, fallback) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got "${v}")`);
  return n;
};

export const SETTINGS = {
  connections: num('BENCH_CONNECTIONS', 10),
  warmupSeconds: num('BENCH_WARMUP_SECONDS', 2),
  durationSeconds: num('BENCH_DURATION_SECONDS', 8),
  settleSeconds: num('BENCH_SETTLE_SECONDS', 5),
};
export const ADMIN_DB_URL = process.env.CLAN_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.CLAN_BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
export const FORCE_BUILD = process.argv.includes('--build');

/** Everything started here, stopped in reverse order by cleanup(), whatever happens. */
export const cleanups = [];
let cleaning;
export function cleanup() {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step.run();
      } catch (err) {
        console.error(`bench: cleanup of ${step.what} failed: ${err.message}`);
      }
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\nbench: ${signal}, stopping everything it started…`);
    void cleanup().then(() => process.exit(130));
  });
}

export const log = (msg) => console.error(`bench: ${msg}`);

export function ensureBuilt() {
  if (existsSync(PANEL_MAIN) && !FORCE_BUILD) return;
  log(`${FORCE_BUILD ? 'rebuilding' : `${relative(ROOT, PANEL_MAIN)} is missing; building`} the API (npx nx build api)…`);
  const r = spawnSync('npx', ['nx', 'build', 'api', '--outputStyle=static'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0 || !existsSync(PANEL_MAIN)) throw new Error('`npx nx build api` failed; fix the build and run the bench again');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function adminQuery(sql) {
  const c = new pg.Client({ connectionString: ADMIN_DB_URL });
  try {
    await c.connect();
  } catch (err) {
    throw new Error(`the bench needs PostgreSQL at ${ADMIN_DB_URL} (set CLAN_BENCH_DATABASE_URL): ${err.message}`);
  }
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function createDatabase() {
  const name = `clan_bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  cleanups.push({
    what: `database ${name}`,
    run: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  });
  const url = new URL(ADMIN_DB_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/** BullMQ and pub/sub keys live under the unique prefix; delete them afterwards. */
export function registerRedisCleanup(prefix) {
  cleanups.push({
    what: `redis keys ${prefix}:*`,
    run: async () => {
      const redis = new Redis(REDIS_URL, {
        lazyConnect: true,
        maxRetriesPerRequest: 1,
      });
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
}

export function rssKiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const get = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: get('VmRSS'), hwm: get('VmHWM') };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}
export const mib = (kib) => Math.round((kib / 1024) * 10) / 10;

/** Starts `node dist/apps/api/main.js` and waits for /api/health to answer 200. */
export async function startPanel(databaseUrl, extraEnv = {}, nodeArgs = []) {
  const port = await freePort();
  const stateDir = mkdtempSync(join(os.tmpdir(), 'clan-bench-'));
  cleanups.push({
    what: `state dir ${stateDir}`,
    run: async () => rmSync(stateDir, { recursive: true, force: true }),
  });
  const queuePrefix = `clanbench_${randomBytes(4).toString('hex')}`;
  registerRedisCleanup(queuePrefix);
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    // To try other V8 settings on the panel alone, e.g. BENCH_PANEL_NODE_OPTIONS=--max-semi-space-size=16.
    ...(process.env.BENCH_PANEL_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_PANEL_NODE_OPTIONS } : {}),
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    CLAN_QUEUE_PREFIX: queuePrefix,
    CLAN_STATE_DIR: stateDir,
    CLAN_LISTEN_HOST: '127.0.0.1',
    PORT: String(port),
    CLAN_LOG_LEVEL: 'warn',
    CLAN_MESH_HOST: 'false',
    CLAN_LOGIN_MAX_FAILURES: '1000',
    CLAN_WEB_DIR: join(stateDir, 'no-web'),
    ...extraEnv,
  };
  const t0 = Date.now();
  // The V8 flags the panel runs with in production (scripts/start.sh, the Nix package).
  const panelFlags = readFileSync(join(ROOT, 'deploy', 'node-flags'), 'utf8')
    .split(/\s+/)
    .filter(Boolean);
  const child = spawn(process.execPath, [...panelFlags, ...nodeArgs, PANEL_MAIN], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exitPromise = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exited = { code, signal }))));
  cleanups.push({
    what: `panel process ${child.pid}`,
    run: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const stopped = await Promise.race([exitPromise, sleep(10_000).then(() => null)]);
      if (!stopped) {
        log('the panel did not stop within 10 s of SIGTERM; killing it');
        child.kill('SIGKILL');
        await exitPromise;
      }
    },
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`the panel exited (${exited.code ?? exited.signal}) before it was healthy:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the panel was not healthy within 90 s:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`, {
        signal: AbortSignal.timeout(2000),
      });
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  return {
    child,
    baseUrl,
    port,
    queuePrefix,
    startupMs: Date.now() - t0,
    output: () => output,
  };
}

/** A cookie-jar session, enough for setup/login and minting a token. */
export async function request(baseUrl, method, path, { body, cookie, csrf, bearer } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (cookie) headers.cookie = cookie;
  if (csrf) headers['x-csrf-token'] = csrf;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const res = await fetch(baseUrl + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const setCookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { status: res.status, json, cookie: setCookie || cookie };
}

/**
 * First-run setup, then an API token. The routes are built alongside the
 * bench: when one is missing or refuses, answer why instead of failing.
 */
export async function mintToken(baseUrl, notes) {
  const username = 'bench';
  const password = randomBytes(18).toString('base64url');
  let session = await request(baseUrl, 'POST', '/api/setup', {
    body: { username, password, displayName: 'Benchmark' },
  });
  if (session.status === 404) return { reason: 'POST /api/setup does not exist yet' };
  if (session.status >= 300 || !session.json?.csrfToken) {
    notes.push(
      `POST /api/setup answered ${session.status}${session.json?.code ? ` ${session.json.code}` : ''}; trying POST /api/auth/login`,
    );
    session = await request(baseUrl, 'POST', '/api/auth/login', {
      body: { username, password },
    });
    if (session.status !== 200 || !session.json?.csrfToken) {
      return {
        reason: `could not sign in: POST /api/auth/login answered ${session.status} ${session.json?.code ?? ''}`.trim(),
      };
    }
  }
  const created = await request(baseUrl, 'POST', '/api/tokens', {
    body: { name: 'bench' },
    cookie: session.cookie,
    csrf: session.json.csrfToken,
  });
  if (created.status === 404) return { reason: 'POST /api/tokens does not exist yet' };
  if (created.status >= 300 || typeof created.json?.token !== 'string') {
    return {
      reason: `POST /api/tokens answered ${created.status} ${created.json?.code ?? ''}`.trim(),
    };
  }
  return { token: created.json.token };
}

/** Captures one answer, to serve the same bytes from the baseline. */
export async function capture(url, headers) {
  const res = await fetch(url, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? 'application/json',
    body,
  };
}

export async function startBaseline(routes, script = 'baseline-server.mjs') {
  const child = fork(join(ROOT, 'bench', script), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  cleanups.push({
    what: `baseline server ${child.pid}`,
    run: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
    },
  });
  const encoded = Object.fromEntries(Object.entries(routes).map(([p, r]) => [p, { ...r, body: r.body.toString('base64') }]));
  child.send({ routes: encoded });
  const { port } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the baseline server exited (${code}) before listening`)));
  });
  return `http://127.0.0.1:${port}`;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * One autocannon run after a warm-up run whose numbers are thrown away.
 * Latency percentiles come from every 2xx response time (float ms): autocannon's
 * own histogram has whole-millisecond buckets, which rounds a fast baseline to 0.
 */
export async function load(url, headers = {}) {
  const opts = { url, connections: SETTINGS.connections, headers };
  await autocannon({ ...opts, duration: SETTINGS.warmupSeconds });
  const times = [];
  const run = autocannon({ ...opts, duration: SETTINGS.durationSeconds });
  run.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) times.push(responseTime);
  });
  const r = await run;
  const sorted = Float64Array.from(times).sort();
  const ms = (v) => (v === null ? null : round3(v));
  return {
    requestsPerSecond: Math.round(r.requests.average),
    latencyMs: {
      p50: ms(percentile(sorted, 50)),
      p90: ms(percentile(sorted, 90)),
      p99: ms(percentile(sorted, 99)),
      max: ms(sorted.length ? sorted[sorted.length - 1] : null),
      average: ms(times.reduce((a, b) => a + b, 0) / (times.length || 1)),
    },
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}
export const round3 = (n) => Math.round(n * 1000) / 1000;
export const round2 = (n) => Math.round(n * 100) / 100;

export function compare(panel, baseline) {
  return {
    // Four decimals: the panel does a few percent of a bare server's work rate, so two would round to 0.01.
    throughput: Math.round((panel.requestsPerSecond / baseline.requestsPerSecond) * 10_000) / 10_000,
    p99: panel.latencyMs.p99 !== null && baseline.latencyMs.p99 ? round2(panel.latencyMs.p99 / baseline.latencyMs.p99) : null,
  };
}

export function gitInfo() {
  const run = (args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  const head = run(['rev-parse', 'HEAD']);
  const dirty = run(['status', '--porcelain']);
  return {
    commit: head.status === 0 ? head.stdout.trim() : null,
    dirty: dirty.status === 0 ? dirty.stdout.trim().length > 0 : null,
  };
}

/** One query on a bench database (rows back). */
export async function dbQuery(url, sql, params = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}
