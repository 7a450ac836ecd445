import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

/**
 * The remote-support terminal: a host admin opens a shell on the host in the
 * browser, a second admin joins it and both see each other; the shell's
 * output is recorded (asciicast v2) and the player replays the same output.
 * Runs after first-run.spec.ts (file order); alone, it does the setup itself.
 */
const admin = { username: 'anna', password: 'correct horse battery' };
const helper = { username: 'hugo', password: 'helpful horse battery' };

async function signIn(request: APIRequestContext, who = admin): Promise<Record<string, string>> {
  const setup = (await (await request.get('/api/setup')).json()) as { setupRequired: boolean };
  if (setup.setupRequired) expect((await request.post('/api/setup', { data: admin })).status()).toBe(201);
  const login = await request.post('/api/auth/login', { data: who });
  expect(login.status()).toBe(200);
  return { 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
}

const screen = (page: Page, testId: string) => page.getByTestId(testId).locator('.xterm-rows');
/** The text the recordings player (asciinema-player) shows. */
const replay = (page: Page) => page.getByTestId('player-screen').locator('.ap-term-text');

test('host shell: type, see the output, support joins and is shown; the recording replays the same output', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const headers = await signIn(page.request);
  const made = await page.request.post('/api/users', { data: { ...helper, isHostAdmin: true }, headers });
  expect([201, 409]).toContain(made.status());

  await page.goto('/host');
  await page.getByTestId('user-menu').click();
  await page.getByTestId('menu-host-terminal').click();
  await expect(page).toHaveURL(/\/host\/terminal$/);
  await page.getByTestId('host-terminal-new').click();
  await expect(page.getByTestId('console-status')).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('terminal').click();
  await page.keyboard.type('echo host-$((20+22))');
  await page.keyboard.press('Enter');
  await expect(screen(page, 'terminal')).toContainText('host-42');

  // A second admin joins the running shell from the session list and sees its output so far.
  const other = await browser.newContext();
  const support = await other.newPage();
  await signIn(support.request, helper);
  await support.goto('/host/terminal');
  const sessions = support.getByTestId('host-terminal-sessions');
  await expect(sessions).toContainText('anna');
  await sessions.getByTestId('host-terminal-join').first().click();
  await expect(screen(support, 'terminal')).toContainText('host-42');
  await expect(page.getByTestId('console-presence')).toContainText('hugo');
  await expect(support.getByTestId('console-presence')).toContainText('anna');
  // Input from either reaches the one shell.
  await support.getByTestId('terminal').click();
  await support.keyboard.type('echo from-hugo-$((3*3))');
  await support.keyboard.press('Enter');
  await expect(screen(page, 'terminal')).toContainText('from-hugo-9');
  await other.close();

  // The shell exits: said in words, no reconnect.
  await page.getByTestId('terminal').click();
  await page.keyboard.type('exit');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('console-status')).toHaveAttribute('data-state', 'closed');
  await expect(page.getByTestId('console-status')).toContainText(/exited/i);

  // The recording: listed with its target, replayed with the same output.
  await page.getByTestId('user-menu').click();
  await page.getByTestId('menu-recordings').click();
  const row = page.getByTestId('recording-row').first();
  await expect(row).toContainText(/host/i);
  await row.getByTestId('recording-open').click();
  await expect(page).toHaveURL(/\/recordings\/[0-9a-f-]{36}/);
  await expect(page.getByTestId('player-markers')).toContainText('hugo joined');
  await page.getByTestId('player-end').click();
  const replayed = replay(page);
  await expect(replayed).toContainText('echo host-$((20+22))');
  await expect(replayed).toContainText('host-42');
  await expect(replayed).toContainText('from-hugo-9');
  // And from the start, played at 8×: the same screen.
  await page.reload();
  await expect(page.getByTestId('player-time')).toContainText(/^0:00/);
  await page.getByTestId('player-speed').selectOption('8');
  await page.getByTestId('player-play').click();
  await expect(replayed).toContainText('from-hugo-9', { timeout: 60_000 });
});
