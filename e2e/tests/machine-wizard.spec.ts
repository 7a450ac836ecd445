import { expect, test } from '@playwright/test';

/** Runs after first-run.spec.ts (file order), which created the administrator. */
test('new machine wizard: pick an app, see the exact diff, create — the commit lands in the network repository', async ({ page }) => {
  // Sign in through the API: the page's request context shares the browser's cookies.
  const login = await page.request.post('/api/auth/login', { data: { username: 'anna', password: 'correct horse battery' } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await page.request.post('/api/networks', { data: { name: 'home' }, headers: { 'x-csrf-token': csrfToken } });
  expect(created.status()).toBe(201);
  const network = (await created.json()) as { id: string };

  await page.goto(`/networks/${network.id}/machines/new`);
  await page.getByTestId('wizard-name').fill('nas');
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('wizard-app-syncthing').click();
  // Through the app form and machine settings (defaults) to the review step.
  for (let i = 0; i < 6 && !(await page.getByTestId('wizard-create').isVisible()); i++) {
    await page.getByTestId('wizard-next').click();
  }
  const preview = page.getByTestId('diff-preview');
  await expect(preview).toContainText('configs.json');
  await expect(preview).toContainText('syncthing');
  await page.getByTestId('wizard-create').click();

  await expect(page).toHaveURL(new RegExp(`/networks/${network.id}/machines/nas`));
  await expect(page.getByTestId('tree-machine-home-nas')).toBeVisible();

  const history = await page.request.get(`/api/networks/${network.id}/config/history`);
  const commits = (await history.json()) as { items: { subject: string; authorName: string }[] };
  // The machine joins the mesh: the panel's own "mesh: nas joined" commit may follow anna's.
  const mine = commits.items.find((c) => c.authorName === 'anna');
  expect(mine?.subject).toMatch(/nas/);
  const raw = (await (await page.request.get(`/api/networks/${network.id}/config/raw`)).json()) as { content: string };
  expect(JSON.parse(raw.content).nas.applications.syncthing.enable).toBe(true);
});
