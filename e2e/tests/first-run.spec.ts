import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';

const run = promisify(execFile);
const cli = join(__dirname, '../../dist/apps/cli/main.js');
const admin = { username: 'anna', password: 'correct horse battery' };

test.describe.configure({ mode: 'serial' });

test('first-run → login → empty tree → API token → clanctl uses it', async ({ page, baseURL }) => {
  if (!existsSync('/usr/bin/chromium')) throw new Error('Debian package chromium is required for the e2e tests');

  // First run: the panel asks for the administrator account.
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup/);
  await page.getByTestId('setup-username').fill(admin.username);
  await page.getByTestId('setup-password').fill(admin.password);
  await page.getByTestId('setup-submit').click();

  // Into the app: the resource tree is there and honestly empty.
  await expect(page.getByTestId('resource-tree')).toBeVisible();
  await expect(page.getByTestId('tree-empty-state')).toBeVisible();

  // Setup works exactly once.
  const again = await page.request.post('/api/setup', { data: { username: 'mallory', password: 'another password 1' } });
  expect(again.status()).toBe(409);

  // Sign out and back in through the login page.
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByTestId('login-username').fill(admin.username);
  await page.getByTestId('login-password').fill(admin.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('resource-tree')).toBeVisible();

  // Create an API token; its secret is shown once.
  await page.goto('/tokens');
  await page.getByTestId('token-name').fill('e2e-cli');
  await page.getByTestId('token-create').click();
  const secret = (await page.getByTestId('token-secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^clan_[A-Za-z0-9]{40}$/);
  await expect(page.getByTestId('token-row-e2e-cli')).toBeVisible();

  // The CLI, on the generated client, uses that token.
  const health = await run('node', [cli, '--url', baseURL!, '--token', secret, 'health', '--json']);
  expect(JSON.parse(health.stdout).status).toBe('ok');
  const tokens = await run('node', [cli, '--url', baseURL!, '--token', secret, 'token', 'list', '--json']);
  const list = JSON.parse(tokens.stdout) as { items: { name: string; lastUsedAt: string | null }[] };
  expect(list.items.map((t) => t.name)).toContain('e2e-cli');
  expect(list.items.find((t) => t.name === 'e2e-cli')?.lastUsedAt).not.toBeNull();

  // A revoked token stops working for the CLI, with a helpful message.
  await page.getByTestId('token-revoke-e2e-cli').click();
  await page
    .getByRole('button', { name: /revoke/i })
    .last()
    .click();
  const denied = await run('node', [cli, '--url', baseURL!, '--token', secret, 'health', '--json']).catch(
    (e: { stderr: string; code: number }) => e,
  );
  // health is public, but a revoked token is refused rather than silently ignored
  expect((denied as { code?: number }).code ?? 0).not.toBe(0);
});
