#!/usr/bin/env node
/**
 * The whole test suite: static checks, unit, integration (real Postgres,
 * Redis, libvirt, nix) and end-to-end (Playwright in Debian Chromium).
 * Independent steps run in parallel; each step's output goes to
 * tmp/test-logs/<step>.log and is shown when the step fails.
 * Ends with one line "N passed, N failed" counting every test case.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const logs = join(root, 'tmp/test-logs');
rmSync(logs, { recursive: true, force: true });
mkdirSync(logs, { recursive: true });

const only = process.argv.slice(2);
const t0 = Date.now();
const results = [];

function sh(cmd) {
  const r = spawnSync('bash', ['-c', cmd], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n✗ preparation failed: ${cmd}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

/** Runs one step; resolves with { name, ok, passed, failed, seconds }. */
function step(name, cmd, countsFrom) {
  if (only.length && !only.includes(name)) return Promise.resolve(null);
  const started = Date.now();
  const logFile = join(logs, `${name}.log`);
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', cmd], { env: { ...process.env, FORCE_COLOR: '0', NX_DAEMON: 'false', CI: 'true' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      writeFileSync(logFile, out);
      const seconds = Math.round((Date.now() - started) / 1000);
      const counts = countsFrom ? countsFrom(out) : { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
      const ok = code === 0 && counts.failed === 0;
      if (!ok && counts.failed === 0) counts.failed = 1;
      console.log(
        `${ok ? '✓' : '✗'} ${name.padEnd(12)} ${String(seconds).padStart(4)} s  ${counts.passed} passed, ${counts.failed} failed`,
      );
      if (!ok) {
        const tail = out.split('\n').slice(-80).join('\n');
        console.log(`--- ${name} (last lines; full log ${logFile}) ---\n${tail}\n--- end ${name} ---`);
      }
      resolve({ name, ok, ...counts, seconds });
    });
  });
}

function jestCounts(file) {
  return () => {
    try {
      const j = JSON.parse(readFileSync(file, 'utf8'));
      return { passed: j.numPassedTests, failed: j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0) };
    } catch {
      return { passed: 0, failed: 1 };
    }
  };
}

function vitestCounts(raw) {
  const out = raw.replace(/\x1b\[[0-9;]*m/g, '');
  const m = /Tests\s+(?:(\d+) failed \| )?(\d+) passed/.exec(out);
  return m ? { passed: Number(m[2]), failed: Number(m[1] ?? 0) } : { passed: 0, failed: 1 };
}

function playwrightCounts(file) {
  return () => {
    try {
      const j = JSON.parse(readFileSync(file, 'utf8'));
      return { passed: j.stats.expected, failed: j.stats.unexpected + j.stats.flaky };
    } catch {
      return { passed: 0, failed: 1 };
    }
  };
}

console.log('Preparing: npm dependencies and system packages…');
// --lock-unchanged: an install that rewrites package-lock.json fails (the Nix package builds from it).
sh('bash scripts/ensure-deps.sh --lock-unchanged');
sh('bash scripts/setup-system.sh --tests');

const jestUnit = `npx jest --ci --silent --forceExit --json --outputFile=${logs}/unit.json`;

// Stage 1: static checks and unit tests, in parallel.
results.push(
  ...(await Promise.all([
    // check-boundaries writes probe files into the tree, so it runs after lint, never beside it.
    step('lint', 'npx nx run-many -t lint --outputStyle=static --parallel=1 --skipNxCache && bash scripts/check-boundaries.sh'),
    step(
      'checks',
      'npm run --silent openapi:check && npm run --silent db:check && bash scripts/check-sources.sh && npx prettier --check . --log-level warn',
    ),
    step('unit', jestUnit, jestCounts(`${logs}/unit.json`)),
  ])),
);
// Stage 2: integration tests and the production build, in parallel.
results.push(
  ...(await Promise.all([
    step(
      'integration',
      `npx jest -c apps/api/jest.int.config.cts --ci --forceExit --json --outputFile=${logs}/int.json`,
      jestCounts(`${logs}/int.json`),
    ),
    step('web-unit', 'npx nx test web --outputStyle=static --skipNxCache', vitestCounts),
    step('build', 'npx nx run-many -t build -p api web cli --outputStyle=static --parallel=1'),
  ])),
);
// Stage 3: the CLI against a real panel (it rebuilds dist/apps/cli, so not beside e2e).
results.push(
  await step(
    'cli-int',
    `npx jest -c apps/cli/jest.int.config.cts --ci --forceExit --json --outputFile=${logs}/cli-int.json`,
    jestCounts(`${logs}/cli-int.json`),
  ),
);
// Stage 4: end to end, against the built panel.
results.push(
  await step(
    'e2e',
    `PLAYWRIGHT_JSON_OUTPUT_NAME=${logs}/e2e.json npx playwright test -c e2e/playwright.config.ts --reporter=list,json`,
    playwrightCounts(`${logs}/e2e.json`),
  ),
);

const ran = results.filter(Boolean);
const passed = ran.reduce((n, r) => n + r.passed, 0);
const failed = ran.reduce((n, r) => n + r.failed, 0);
console.log(`\nWhole suite in ${Math.round((Date.now() - t0) / 1000)} s; logs in ${logs}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && ran.every((r) => r.ok) ? 0 : 1);
