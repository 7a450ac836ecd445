import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser)
 * against the panel started by the README's own start command, on a
 * private state directory: embedded PGlite and a private Redis.
 */
const port = Number(process.env['CLAN_E2E_PORT'] ?? 18080);
const stateDir = process.env['CLAN_E2E_STATE_DIR'] ?? mkdtempSync(join(tmpdir(), 'clan-e2e-'));
process.env['CLAN_E2E_STATE_DIR'] = stateDir;
export const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  outputDir: '../tmp/e2e-results',
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `bash scripts/start.sh`,
    cwd: '..',
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    // SIGTERM lets scripts/start.sh stop the panel and its private Redis (the default SIGKILL left Redis running).
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: { PORT: String(port), CLAN_STATE_DIR: stateDir, CLAN_LOG_LEVEL: 'warn', CLAN_AUTO_DEPLOY: 'false', CLAN_MESH_HOST: 'false' },
  },
});
