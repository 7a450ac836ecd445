import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { startVmPanel, type VmPanel } from '../fixtures/vm-panel';

/**
 * Consoles in the browser, against a booted VM: a second panel
 * (fixtures/vm-panel.ts) on qemu:///system builds and boots the test system,
 * whose init runs a busybox shell on the serial console. The browser opens
 * the machine's Console tab, types a command and reads its answer; the
 * session was recorded, and the recording replays the same output in the
 * browser's player.
 */
const admin = { username: 'vera', password: 'correct horse battery' };
/** TCG boots on a loaded 2-core machine are slow. */
const GUEST_MS = 240_000;

let panel: VmPanel;
let networkId = '';

interface Task {
  id: string;
  status: string;
  error: string | null;
  result: Record<string, unknown> | null;
}

async function signIn(request: APIRequestContext): Promise<Record<string, string>> {
  const base = panel.baseURL;
  const setup = (await (await request.get(`${base}/api/setup`)).json()) as { setupRequired: boolean };
  if (setup.setupRequired) expect((await request.post(`${base}/api/setup`, { data: admin })).status()).toBe(201);
  const login = await request.post(`${base}/api/auth/login`, { data: admin });
  expect(login.status()).toBe(200);
  return { 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
}

async function finished(request: APIRequestContext, taskId: string): Promise<Task> {
  const deadline = Date.now() + GUEST_MS + 180_000;
  for (;;) {
    const task = (await (await request.get(`${panel.baseURL}/api/tasks/${taskId}`)).json()) as Task;
    if (['succeeded', 'failed', 'cancelled'].includes(task.status)) {
      if (task.status !== 'succeeded') {
        const log = (await (await request.get(`${panel.baseURL}/api/tasks/${taskId}/log?limit=1000`)).json()) as {
          items: { text: string }[];
        };
        throw new Error(`task ${taskId} ${task.status}: ${task.error}\n${log.items.map((l) => l.text).join('\n')}`);
      }
      return task;
    }
    if (Date.now() > deadline) throw new Error(`task ${taskId} did not finish: ${task.status}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The text xterm.js rendered (its DOM renderer), for the terminal under `scope`. */
const screen = (page: Page, testId: string) => page.getByTestId(testId).locator('.xterm-rows');
/** The text the recordings player (asciinema-player) shows. */
const replay = (page: Page) => page.getByTestId('player-screen').locator('.ap-term-text');

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(GUEST_MS + 420_000);
  panel = await startVmPanel();
  const request = await playwright.request.newContext();
  try {
    const headers = await signIn(request);
    const net = await request.post(`${panel.baseURL}/api/networks`, { data: { name: 'consoles' }, headers });
    expect(net.status()).toBe(201);
    networkId = ((await net.json()) as { id: string }).id;
    const created = await request.post(`${panel.baseURL}/api/networks/${networkId}/machines`, {
      data: { name: 'echo', config: { resources: { memoryMiB: 256, stateDiskGiB: 1 } } },
      headers,
    });
    expect(created.status()).toBe(201);
    // Auto-deploy builds the new machine, then boots it.
    let build: Task | undefined;
    for (let i = 0; i < 120 && !build; i++) {
      const list = (await (
        await request.get(`${panel.baseURL}/api/tasks?networkId=${networkId}&machine=echo&type=machine.build`)
      ).json()) as { items: Task[] };
      build = list.items[0];
      if (!build) await new Promise((r) => setTimeout(r, 500));
    }
    expect(build, 'auto-deploy starts a build').toBeTruthy();
    const built = await finished(request, build!.id);
    await finished(request, built.result!['deployTaskId'] as string);
    const vm = (await (await request.get(`${panel.baseURL}/api/networks/${networkId}/machines/echo/vm`)).json()) as { domainName: string };
    panel.domains.push(vm.domainName);
  } finally {
    await request.dispose();
  }
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  await panel?.stop();
});

test('the console tab of a booted VM: type a command, read its output; the session replays in the player', async ({ page, browser }) => {
  test.setTimeout(GUEST_MS + 120_000);
  const headers = await signIn(page.request);
  const machineUrl = `${panel.baseURL}/networks/${networkId}/machines/echo`;

  await page.goto(`${machineUrl}/summary`);
  await page.getByTestId('machine-tab-console').click();
  await expect(page).toHaveURL(/\/machines\/echo\/console$/);
  await expect(page.getByTestId('console-kind-serial')).toHaveAttribute('aria-pressed', 'true');
  // The test system has no display: the graphical console says why it is not there.
  await expect(page.getByTestId('console-kind-vnc')).toBeDisabled();

  await expect(page.getByTestId('console-status')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  // The replay: output since boot (the boot marker) and the shell's prompt.
  await expect(screen(page, 'terminal')).toContainText('CLAN-BOOT machine=echo', { timeout: GUEST_MS });
  await expect(screen(page, 'terminal')).toContainText('echo:/#', { timeout: GUEST_MS });

  // Type into the terminal like a person: focus it, keys, Enter.
  await page.getByTestId('terminal').click();
  await page.keyboard.type('echo hi-$((6*7))');
  await page.keyboard.press('Enter');
  await expect(screen(page, 'terminal')).toContainText(/hi-42\s*echo:\/#/, { timeout: GUEST_MS });
  const live = (await screen(page, 'terminal').innerText()).replace(/\s+$/gm, '');

  // Support joins: another member opens the same console in their own browser. They see the same
  // output, and each sees the other connected.
  const sam = { username: 'sam', password: 'another horse battery' };
  expect((await page.request.post(`${panel.baseURL}/api/users`, { data: sam, headers })).status()).toBe(201);
  const member = await page.request.post(`${panel.baseURL}/api/networks/${networkId}/members`, {
    data: { username: 'sam', role: 'admin' },
    headers,
  });
  expect(member.status()).toBe(201);
  const samContext = await browser.newContext();
  const support = await samContext.newPage();
  expect((await support.request.post(`${panel.baseURL}/api/auth/login`, { data: sam })).status()).toBe(200);
  await support.goto(`${machineUrl}/console`);
  await expect(screen(support, 'terminal')).toContainText('hi-42', { timeout: 60_000 });
  await expect(page.getByTestId('console-presence')).toContainText('sam');
  await expect(support.getByTestId('console-presence')).toContainText('vera');
  await samContext.close();
  await expect(page.getByTestId('console-presence')).toBeHidden();

  // Leaving the tab ends the viewing: its recording is listed, and the player shows the same output.
  await page.getByTestId('machine-tab-summary').click();
  await page.goto(`${panel.baseURL}/recordings?networkId=${networkId}&machine=echo`);
  const rows = page.getByTestId('recording-row');
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText('echo');
  await rows.first().getByTestId('recording-open').click();
  await expect(page).toHaveURL(/\/recordings\/[0-9a-f-]{36}/);
  await page.getByTestId('player-end').click();
  await expect(replay(page)).toContainText('hi-42');
  await expect(replay(page)).toContainText('echo:/#');
  // The recording holds what the console printed while someone watched: from the echoed command
  // on, the replayed screen reads exactly as the live one did.
  const replayed = (await replay(page).innerText()).replace(/\s+$/gm, '');
  const fromCommand = live.slice(live.lastIndexOf('echo hi-$((6*7))')).trim();
  expect(fromCommand).toMatch(/^echo hi-\$\(\(6\*7\)\)\nhi-42\necho:\/#/);
  expect(replayed.trim().endsWith(fromCommand)).toBe(true);
});
