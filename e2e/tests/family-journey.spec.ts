import { expect, test, type Page } from '@playwright/test';
import { startVmPanel, type VmPanel } from '../fixtures/vm-panel';

/**
 * The first hour, as a new user lives it, through the web app alone: a fresh
 * panel with its own defaults (no CLAN_FLAKE_URL: demo networks boot the demo
 * system the panel prepares itself) → first-run setup → a network on the demo
 * system → a machine with syncthing from the wizard → its build shows progress
 * → the VM runs → the console shows the boot marker → the admin invites a
 * person → the invitee, in a signed-out phone browser, creates an account and
 * lands on their home: the network's app, and its backup "not yet backed up".
 */
const admin = { username: 'maria', password: 'correct horse battery' };
/** TCG boots on a loaded 2-core machine are slow. */
const GUEST_MS = 240_000;

let panel: VmPanel;

/** The text xterm.js rendered (its DOM renderer). */
const screen = (page: Page) => page.getByTestId('terminal').locator('.xterm-rows');

test.beforeAll(async () => {
  test.setTimeout(240_000);
  panel = await startVmPanel({ flakes: 'shipped' });
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  await panel?.stop();
});

test('first hour: setup → demo network → machine with syncthing → build → boot marker → invite → the invitee’s home', async ({
  page,
  browser,
}) => {
  test.setTimeout(GUEST_MS + 300_000);
  const base = panel.baseURL;

  // First run: the panel asks for its administrator.
  await page.goto(`${base}/`);
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByTestId('setup-username').fill(admin.username);
  await page.getByTestId('setup-password').fill(admin.password);
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('resource-tree')).toBeVisible();

  // A network on the demo system: this host has no nixpkgs, and the dialog says so.
  await page.getByTestId('new-network').click();
  await page.getByTestId('network-name').fill('family');
  await expect(page.getByTestId('new-network-nixpkgs-unreachable')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('new-network-system-demo').check();
  await page.getByTestId('network-create').click();
  await expect(page).toHaveURL(/\/networks\/[0-9a-f-]{36}\/summary$/);
  await expect(page.getByTestId('network-system-label')).toContainText('Demo system (not NixOS)');
  const networkId = /\/networks\/([0-9a-f-]{36})\//.exec(page.url())![1];

  // A machine with syncthing, from the wizard.
  await page.goto(`${base}/networks/${networkId}/machines`);
  await page.getByTestId('new-machine').click();
  await page.getByTestId('wizard-name').fill('files');
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('wizard-app-syncthing').click();
  for (let i = 0; i < 6 && !(await page.getByTestId('wizard-create').isVisible()); i++) await page.getByTestId('wizard-next').click();
  await page.getByTestId('wizard-create').click();
  await expect(page).toHaveURL(new RegExp(`/networks/${networkId}/machines/files`));

  // Its build is a task with a progress bar, in the task bar: exactly one, which finishes.
  const taskBar = page.getByTestId('task-bar');
  const builds = taskBar.locator('tr[data-testid^="task-row-"]').filter({ hasText: /build/i });
  await expect(builds.first()).toBeVisible({ timeout: 60_000 });
  await expect(builds.first().getByRole('progressbar')).toBeVisible();
  await expect(builds.first()).toContainText('succeeded', { timeout: GUEST_MS });
  await expect(builds.first().getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await expect(builds).toHaveCount(1);

  // The VM runs, and its console shows the boot marker.
  await expect(page.getByTestId('vm-state')).toHaveAttribute('data-state', 'running', { timeout: GUEST_MS });
  // Not part of the journey: the domain's name, so stopping the panel removes the VM.
  const vm = (await (await page.request.get(`${base}/api/networks/${networkId}/machines/files/vm`)).json()) as { domainName: string };
  panel.domains.push(vm.domainName);
  await page.getByTestId('machine-tab-console').click();
  await expect(page.getByTestId('console-status')).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
  await expect(screen(page)).toContainText('CLAN-BOOT machine=files', { timeout: GUEST_MS });

  // The admin invites a person from the Members tab; the link is shown once.
  await page.goto(`${base}/networks/${networkId}/members`);
  await page.getByTestId('invite-person').click();
  await page.getByTestId('invite-person-name').fill('Grandpa Joe');
  await page.getByTestId('invite-role').selectOption('member');
  await page.getByTestId('invite-create').click();
  const link = ((await page.getByTestId('invite-link').textContent()) ?? '').trim();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]+$/);
  await page.getByTestId('invite-done').click();

  // The invitee: a signed-out phone browser.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    const joe = await phone.newPage();
    await joe.goto(`${base}${new URL(link).pathname}`);
    await expect(joe.getByTestId('invite-heading')).toContainText('family');
    await joe.getByTestId('invite-username').fill('joe');
    await joe.getByTestId('invite-password').fill('grandpa password 1');
    await joe.getByTestId('invite-accept').click();

    // Their home: the network's app by name, and its backup in words — no host page.
    await expect(joe).toHaveURL(/\/home$/);
    await expect(joe.getByTestId('home-page')).toBeVisible();
    await expect(joe.getByTestId('home-app-syncthing')).toBeVisible();
    await expect(joe.getByTestId('home-backup-state').first()).toContainText('not yet backed up');
    await expect(joe.getByText('PostgreSQL')).toHaveCount(0);
    expect(await joe.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The network's certificate for an iPhone, read on this (non-phone) browser: a QR code made in the
    // browser by the lazy qrcode chunk, carrying a link the phone opens without signing in.
    await joe.getByTestId('ca-platform-ios').click();
    await expect(joe.getByTestId('ca-qr')).toBeVisible();
    expect(await joe.getByTestId('ca-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    await expect(joe.getByTestId('ca-qr-failed')).toHaveCount(0);
  } finally {
    await phone.close();
  }
});
