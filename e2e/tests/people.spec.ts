import { expect, test, type APIRequestContext } from '@playwright/test';

/**
 * Invite a person: a network admin makes a one-time link on the Members tab;
 * the invitee opens it in a signed-out browser (a phone's width), creates
 * their own account and lands on their home; the host admin then sees them on
 * the Users page, by name. Runs after first-run.spec.ts (file order); alone,
 * it does the first-run setup through the API itself.
 */
const admin = { username: 'anna', password: 'correct horse battery' };

async function signIn(request: APIRequestContext): Promise<string> {
  const setup = (await (await request.get('/api/setup')).json()) as { setupRequired: boolean };
  if (setup.setupRequired) expect((await request.post('/api/setup', { data: admin })).status()).toBe(201);
  const login = await request.post('/api/auth/login', { data: admin });
  expect(login.status()).toBe(200);
  return ((await login.json()) as { csrfToken: string }).csrfToken;
}

test('invite a person: link → account made in a signed-out browser → their home; the Users page names them', async ({ page, browser }) => {
  const csrf = await signIn(page.request);
  const name = `family${Date.now().toString(36).slice(-5)}`;
  const created = await page.request.post('/api/networks', { data: { name }, headers: { 'x-csrf-token': csrf } });
  expect(created.status()).toBe(201);
  const network = (await created.json()) as { id: string };

  // The admin makes the link on the Members tab; it is shown once, with a copy box.
  await page.goto(`/networks/${network.id}/members`);
  await page.getByTestId('invite-person').click();
  await page.getByTestId('invite-person-name').fill('Grandma Rose');
  await page.getByTestId('invite-role').selectOption('member');
  await page.getByTestId('invite-create').click();
  const link = ((await page.getByTestId('invite-link').textContent()) ?? '').trim();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{32}$/);
  await page.getByTestId('invite-done').click();

  // The invitee: another browser, nobody signed in, a phone's width.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const invitee = await phone.newPage();
  await invitee.goto(new URL(link).pathname);
  await expect(invitee.getByTestId('invite-heading')).toHaveText(`anna invites you to ${name}`);
  expect(await invitee.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const username = `rose${Date.now().toString(36).slice(-4)}`;
  await expect(invitee.getByTestId('invite-display-name')).toHaveValue('Grandma Rose');
  await invitee.getByTestId('invite-username').fill(username);
  await invitee.getByTestId('invite-password').fill('grandma password 1');
  await invitee.getByTestId('invite-accept').click();
  await expect(invitee).toHaveURL(/\/home$/);
  const me = (await (await invitee.request.get('/api/auth/me')).json()) as { user: { username: string }; memberships: { role: string }[] };
  expect(me.user.username).toBe(username);
  expect(me.memberships).toEqual([expect.objectContaining({ networkName: name, role: 'member' })]);

  // The link worked once.
  const again = await browser.newContext();
  const late = await again.newPage();
  await late.goto(new URL(link).pathname);
  await expect(late.getByTestId('invite-problem')).toContainText('This invitation has already been used. Ask anna for a new one.');
  await again.close();
  await phone.close();

  // The host admin's Users page lists the new person by name, never signed out since.
  await page.goto('/users');
  const row = page.getByTestId(`user-row-${username}`);
  await expect(row).toContainText('Grandma Rose');
  await expect(row.getByTestId('user-status')).toHaveText('active');
  // And the Members tab shows them by name.
  await page.goto(`/networks/${network.id}/members`);
  await expect(page.getByTestId(`member-row-${username}`)).toContainText('Grandma Rose');
});
