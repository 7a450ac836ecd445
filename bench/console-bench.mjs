#!/usr/bin/env node
// Console benchmarks (docs/bench.md, "Consoles"): a real panel process (ts-node, test:///default) serves
// the host terminal over its console WebSocket; the same command runs in a pty opened directly with
// node-pty as the baseline, in the same run.
//  (a) keystroke round trip: one byte typed → `cat` in a raw pty echoes it → the byte is back
//      (through the panel: WebSocket → panel → pty → echo → panel (scrollback, recording) → WebSocket);
//      p50/p99 over N keystrokes, one at a time;
//  (b) output throughput: a command prints M MiB; bytes/s until the last byte arrived.
// Writes bench/results/console-<time>.json.
//
//   node bench/console-bench.mjs [--keys N] [--mib M]
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import WebSocket from 'ws';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');
const require = createRequire(import.meta.url);
const pty = require('node-pty');
const ADMIN_DB_URL = process.env.CLAN_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.CLAN_BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const KEYS = arg('--keys', 500);
const MIB = arg('--mib', 16);
const SHELL = '/bin/sh';
/** Echo with no line discipline in the way: each byte read is written back at once. */
const ECHO_CMD = 'stty raw -echo; exec cat';
/** Prints MIB MiB of printable text, then a marker, and stays (a pty that closes may lose its last output). */
const FLOOD_CMD = `stty raw -echo; head -c ${MIB * 1024 * 1024} /dev/zero | tr '\\0' 'x'; printf 'END-%s' OF-FLOOD; sleep 60`;

const log = (m) => console.error(`console-bench: ${m}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cleanups = [];

function gitInfo() {
  const commit = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() || null;
  const dirty =
    spawnSync('git', ['status', '--porcelain', '--', 'apps/api/src/consoles', 'libs/libvirt-client', 'bench'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).stdout.trim() !== '';
  return { commit, dirty };
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

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
function summary(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50Ms: round(pct(s, 50)), p90Ms: round(pct(s, 90)), p99Ms: round(pct(s, 99)), maxMs: round(s[s.length - 1]) };
}

/** A byte sink both paths share: resolves `waitFor(text)` once it has arrived. */
function receiver() {
  let text = '';
  let bytes = 0;
  let waiter = null;
  return {
    push(chunk) {
      bytes += chunk.length;
      text = (text + chunk.toString('latin1')).slice(-64);
      if (waiter && (waiter.anywhere ? text.includes(waiter.needle) : text.endsWith(waiter.needle))) {
        const w = waiter;
        waiter = null;
        w.resolve();
      }
    },
    /** Resolves when the output ends with `needle` (or, `anywhere`, contains it in its last 64 bytes). */
    waitFor(needle, timeoutMs = 30_000, anywhere = false) {
      if (anywhere ? text.includes(needle) : text.endsWith(needle)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no "${needle}" within ${timeoutMs} ms (last: ${JSON.stringify(text)})`)), timeoutMs);
        waiter = {
          needle,
          anywhere,
          resolve: () => {
            clearTimeout(t);
            resolve();
          },
        };
      });
    },
    get bytes() {
      return bytes;
    },
    reset() {
      text = '';
      bytes = 0;
    },
  };
}

/** Types KEYS bytes one at a time into `send`, timing each echo. */
async function roundTrips(send, rx) {
  const samples = [];
  for (let i = 0; i < KEYS + 20; i++) {
    const key = String.fromCharCode(97 + (i % 26));
    const t0 = performance.now();
    const back = rx.waitFor(key, 10_000);
    send(Buffer.from(key));
    await back;
    if (i >= 20) samples.push(performance.now() - t0); // the first 20 warm up
  }
  return samples;
}

/** A direct pty running `cmd`, with the receiver attached. */
function directPty(cmd) {
  const rx = receiver();
  const p = pty.spawn(SHELL, ['-c', cmd], { name: 'xterm-256color', cols: 80, rows: 24, encoding: null, env: { PATH: process.env.PATH } });
  p.onData((d) => rx.push(d));
  return { rx, write: (b) => p.write(b), kill: () => p.kill() };
}

async function main() {
  const dbName = `clan_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(ADMIN_DB_URL, `CREATE DATABASE ${dbName}`);
  cleanups.push(() => adminQuery(ADMIN_DB_URL, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  const dbUrl = ADMIN_DB_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const stateDir = mkdtempSync(join(os.tmpdir(), 'clan-bench-console-'));
  cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }));

  log('starting a panel (ts-node, test:///default)…');
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', join(ROOT, 'apps/api/test/fixtures/panel-main.ts')],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TS_NODE_TRANSPILE_ONLY: '1',
        TS_NODE_PROJECT: join(ROOT, 'apps/api/tools/tsconfig.json'),
        DATABASE_URL: dbUrl,
        REDIS_URL,
        CLAN_QUEUE_PREFIX: `clanbench_${randomBytes(4).toString('hex')}`,
        CLAN_STATE_DIR: stateDir,
        CLAN_LOG_LEVEL: 'warn',
        CLAN_LIBVIRT_URI: 'test:///default',
        CLAN_AUTO_DEPLOY: 'false',
        CLAN_MESH_HOST: 'false',
        CLAN_MESH_MACHINES: 'false',
        CLAN_WEB_DIR: join(stateDir, 'no-web'),
        CLAN_TERMINAL_SHELL: SHELL,
      },
    },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out = (out + d).slice(-20000)));
  cleanups.push(async () => {
    child.kill('SIGTERM');
    await sleep(2000);
    child.kill('SIGKILL');
  });
  let base;
  for (let t = Date.now(); !base; await sleep(200)) {
    if (Date.now() - t > 180_000) throw new Error(`the panel did not start:\n${out}`);
    const m = /LISTENING (\d+)/.exec(out);
    if (m) base = `http://127.0.0.1:${m[1]}`;
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

  /** A new host shell through the panel, running `cmd` once its prompt is up. */
  const panelShell = async (cmd) => {
    const r = await fetch(`${base}/api/host/terminal/ticket`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    if (r.status !== 201) throw new Error(`ticket: ${r.status} ${await r.text()}`);
    const { url } = await r.json();
    const rx = receiver();
    const ws = new WebSocket(base.replace('http', 'ws') + url);
    let replayed;
    const ready = new Promise((resolve) => (replayed = resolve));
    ws.on('message', (data, isBinary) => {
      if (isBinary) rx.push(data);
      else if (JSON.parse(data.toString()).type === 'replayed') replayed();
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    await ready;
    await sleep(300); // the login shell's prompt
    rx.reset();
    ws.send(Buffer.from(`${cmd}\r`), { binary: true });
    return { rx, write: (b) => ws.send(b, { binary: true }), close: () => ws.close() };
  };

  // (a) keystroke round trip
  log(`keystroke round trip: ${KEYS} keys through the panel…`);
  const viaPanel = await panelShell(ECHO_CMD);
  await sleep(500);
  viaPanel.rx.reset();
  const panelRtt = await roundTrips(viaPanel.write, viaPanel.rx);
  viaPanel.close();
  log(`keystroke round trip: ${KEYS} keys, the same pty read directly…`);
  const direct = directPty(ECHO_CMD);
  await sleep(300);
  const directRtt = await roundTrips(direct.write, direct.rx);
  direct.kill();

  // (b) output throughput
  const flood = async (conn) => {
    const t0 = performance.now();
    await conn.rx.waitFor('END-OF-FLOOD', 300_000, true);
    const s = (performance.now() - t0) / 1000;
    return { bytes: conn.rx.bytes, seconds: round(s), mibPerSecond: round(conn.rx.bytes / 2 ** 20 / s, 1) };
  };
  log(`output throughput: ${MIB} MiB through the panel…`);
  const panelConn = await panelShell(FLOOD_CMD);
  const panelFlood = await flood(panelConn);
  panelConn.close();
  log(`output throughput: ${MIB} MiB from the pty directly…`);
  const directConn = directPty(FLOOD_CMD);
  const directFlood = await flood(directConn);
  directConn.kill();

  const report = {
    kind: 'console',
    startedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryMiB: Math.round(os.totalmem() / 2 ** 20),
      node: process.version,
      loadavg: os.loadavg(),
    },
    git: gitInfo(),
    settings: { keys: KEYS, mib: MIB, shell: SHELL, echo: ECHO_CMD },
    keystroke: { panel: summary(panelRtt), direct: summary(directRtt) },
    throughput: { panel: panelFlood, direct: directFlood },
    notes: [
      'panel = WebSocket → panel (ticketed host terminal session, scrollback and asciicast recording on) → node-pty → cat → back',
      'direct = node-pty in this process on the same command',
    ],
  };
  report.keystroke.overheadP50Ms = round(report.keystroke.panel.p50Ms - report.keystroke.direct.p50Ms);
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `console-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);

  const k = report.keystroke;
  console.log(`\nKeystroke round trip (${KEYS} keys, one at a time):`);
  console.log(`  through the panel  p50 ${k.panel.p50Ms} ms  p99 ${k.panel.p99Ms} ms  max ${k.panel.maxMs} ms`);
  console.log(`  pty directly       p50 ${k.direct.p50Ms} ms  p99 ${k.direct.p99Ms} ms  max ${k.direct.maxMs} ms`);
  console.log(`Output throughput (${MIB} MiB):`);
  console.log(`  through the panel  ${panelFlood.mibPerSecond} MiB/s (${panelFlood.seconds} s)`);
  console.log(`  pty directly       ${directFlood.mibPerSecond} MiB/s (${directFlood.seconds} s)`);
  console.log(`\nWrote ${relative(ROOT, file)}`);
}

main()
  .catch((err) => {
    console.error(`console-bench failed: ${err.stack ?? err}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
    process.exit();
  });
