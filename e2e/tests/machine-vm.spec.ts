import { expect, test, type APIRequestContext } from '@playwright/test';

/**
 * The VM manager's pages on a machine that was never deployed: the e2e panel
 * runs with CLAN_AUTO_DEPLOY=false and boots no VM, so this checks the
 * honest empty states and that an administrator gets the controls.
 * Runs after first-run.spec.ts (file order); alone, it does the first-run
 * setup through the API itself.
 */
const admin = { username: 'anna', password: 'correct horse battery' };

async function signIn(request: APIRequestContext): Promise<string> {
  const setup = (await (await request.get('/api/setup')).json()) as { setupRequired: boolean };
  if (setup.setupRequired) expect((await request.post('/api/setup', { data: admin })).status()).toBe(201);
  const login = await request.post('/api/auth/login', { data: admin });
  expect(login.status()).toBe(200);
  return ((await login.json()) as { csrfToken: string }).csrfToken;
}

test('machine page: VM summary, power controls, generations and charts render for a machine never deployed', async ({ page }) => {
  const csrf = await signIn(page.request);
  const headers = { 'x-csrf-token': csrf };
  const name = `vmlab${Date.now().toString(36).slice(-5)}`;
  const created = await page.request.post('/api/networks', { data: { name }, headers });
  expect(created.status()).toBe(201);
  const network = (await created.json()) as { id: string };
  const machine = await page.request.post(`/api/networks/${network.id}/machines`, { data: { name: 'box' }, headers });
  expect(machine.status()).toBe(201);

  await page.goto(`/networks/${network.id}/machines/box/summary`);

  // The VM summary: no domain yet, said in words.
  const vm = page.getByTestId('vm-summary');
  await expect(vm).toBeVisible();
  await expect(page.getByTestId('vm-state')).toHaveAttribute('data-state', 'undefined');
  await expect(page.getByTestId('vm-state')).toHaveText('not created');
  await expect(page.getByTestId('vm-empty')).toContainText('Not deployed yet.');
  await expect(page.getByTestId('vm-generation')).toContainText('none built yet');
  await expect(page.getByTestId('vm-uptime')).toHaveText('—');
  await expect(page.getByTestId('vm-health')).toContainText('unknown');

  // An administrator gets the controls: Deploy now works, Start waits for a generation.
  await expect(page.getByTestId('vm-deploy')).toBeEnabled();
  await expect(page.getByTestId('vm-start')).toBeDisabled();
  await expect(page.getByTestId('vm-start')).toHaveAttribute('title', /deploy the machine first/);
  for (const action of ['stop', 'reboot', 'suspend', 'resume']) await expect(page.getByTestId(`vm-${action}`)).toBeDisabled();

  // The serial console has nothing yet.
  await expect(page.getByTestId('serial-empty')).toBeVisible();

  // Charts: one per metric, each with its empty state; the range selector asks the API again.
  const metrics = page.getByTestId('machine-metrics');
  await expect(metrics).toBeVisible();
  for (const chart of ['cpu', 'memory', 'disk', 'net']) {
    await expect(metrics.getByTestId(`chart-${chart}`).getByTestId('chart-empty')).toContainText('No data for this period yet.');
  }
  await expect(metrics.getByTestId('error-message')).toHaveCount(0);
  const dayAnswer = page.waitForResponse((r) => r.url().includes('/machines/box/metrics?range=day') && r.status() === 200);
  await metrics.getByTestId('metrics-range-day').click();
  await dayAnswer;
  await expect(metrics.getByTestId('metrics-range-day')).toHaveAttribute('aria-pressed', 'true');

  // Generations: none yet, said plainly.
  await page.getByTestId('machine-tab-generations').click();
  await expect(page).toHaveURL(/\/machines\/box\/generations$/);
  await expect(page.getByTestId('generations-empty')).toContainText('No generations yet.');

  // The network's totals and the host's page render their charts too.
  await page.goto(`/networks/${network.id}/summary`);
  const totals = page.getByTestId('network-metrics');
  await expect(totals).toBeVisible();
  await expect(totals.getByTestId('chart-cpu')).toBeVisible();
  await expect(totals.getByTestId('chart-net')).toBeVisible();

  await page.goto('/host');
  const host = page.getByTestId('host-metrics');
  await expect(host).toBeVisible();
  for (const chart of ['cpu', 'load', 'memory', 'disk', 'net']) await expect(host.getByTestId(`chart-${chart}`)).toBeVisible();
  await expect(page.getByTestId('host-vms')).toBeVisible();
  await expect(page.getByTestId('collect-generations')).toBeVisible();
});
