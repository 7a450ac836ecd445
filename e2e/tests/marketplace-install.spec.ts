import { execFileSync } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize, resolve } from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { startVmPanel, type VmPanel } from '../fixtures/vm-panel';

/**
 * A third-party app from the marketplace, as a family's admin installs it: an author's repository
 * served on loopback over HTTP (git's dumb protocol, a small file server) is a marketplace source;
 * in the browser the admin picks the app, reviews the Nix source it brings and the network's diff,
 * accepts, sets the app's options in the generated form and saves; the demo system builds and
 * boots the machine with the app, and its page answers inside the guest on the chosen port.
 */
const admin = { username: 'mira', password: 'correct horse battery' };
const GUEST_MS = 240_000;
const ROOT = resolve(__dirname, '../..');
const screen = (page: Page) => page.getByTestId('terminal').locator('.xterm-rows');

let panel: VmPanel;
let server: Server;
let author = '';
let sourceUrl = '';
let networkId = '';

interface Task {
  id: string;
  status: string;
  error: string | null;
  result: Record<string, unknown> | null;
}

async function signIn(request: APIRequestContext): Promise<Record<string, string>> {
  const setup = (await (await request.get(`${panel.baseURL}/api/setup`)).json()) as { setupRequired: boolean };
  if (setup.setupRequired) expect((await request.post(`${panel.baseURL}/api/setup`, { data: admin })).status()).toBe(201);
  const login = await request.post(`${panel.baseURL}/api/auth/login`, { data: admin });
  expect(login.status()).toBe(200);
  return { 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
}

async function lastTask(request: APIRequestContext, type: string, after: Set<string>): Promise<Task> {
  for (let i = 0; i < 240; i++) {
    const list = (await (
      await request.get(`${panel.baseURL}/api/tasks?networkId=${networkId}&machine=board&type=${type}&limit=20`)
    ).json()) as { items: Task[] };
    const task = list.items.find((t) => !after.has(t.id));
    if (task && ['succeeded', 'failed', 'cancelled'].includes(task.status)) return task;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`no finished ${type} task`);
}

async function finished(request: APIRequestContext, taskId: string): Promise<Task> {
  for (let i = 0; i < GUEST_MS / 1000 + 120; i++) {
    const task = (await (await request.get(`${panel.baseURL}/api/tasks/${taskId}`)).json()) as Task;
    if (['succeeded', 'failed', 'cancelled'].includes(task.status)) return task;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`task ${taskId} did not finish`);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(GUEST_MS + 300_000);
  // The author's repository, served read-only on loopback (dumb HTTP: files plus update-server-info).
  author = mkdtempSync(join(tmpdir(), 'clan-e2e-author-'));
  cpSync(join(ROOT, 'examples/marketplace-source'), author, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.org', ...args], { cwd: author });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'Pin board');
  git('update-server-info');
  const root = join(author, '.git');
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^\/+(ada-apps\.git\/)?/, '');
    const file = join(root, path);
    if (req.method !== 'GET' || !file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  sourceUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/ada-apps.git`;

  panel = await startVmPanel({ flakes: 'shipped' });
  const request = await playwright.request.newContext();
  try {
    const headers = await signIn(request);
    const source = await request.post(`${panel.baseURL}/api/marketplace/sources`, { data: { name: 'ada-apps', url: sourceUrl }, headers });
    expect(source.status()).toBe(201);
    expect(((await source.json()) as { lastError: string | null }).lastError).toBeNull();
    const net = await request.post(`${panel.baseURL}/api/networks`, { data: { name: 'home', system: 'demo' }, headers });
    expect(net.status()).toBe(201);
    networkId = ((await net.json()) as { id: string }).id;
    const machine = await request.post(`${panel.baseURL}/api/networks/${networkId}/machines`, {
      data: { name: 'board', config: { resources: { memoryMiB: 256, stateDiskGiB: 1 } } },
      headers,
    });
    expect(machine.status()).toBe(201);
    // Auto-deploy builds and boots the new machine: let that finish, so the test's own build comes after it.
    const first = await lastTask(request, 'machine.build', new Set());
    expect({ status: first.status, error: first.error }).toEqual({ status: 'succeeded', error: null });
    const deployed = await finished(request, first.result!['deployTaskId'] as string);
    expect({ status: deployed.status, error: deployed.error }).toEqual({ status: 'succeeded', error: null });
  } finally {
    await request.dispose();
  }
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  await panel?.stop();
  server?.close();
  if (author) rmSync(author, { recursive: true, force: true });
});

test('install a third-party app: review its Nix source, accept, set its options, build and boot it', async ({ page }) => {
  test.setTimeout(2 * GUEST_MS + 240_000);
  await signIn(page.request);
  const builds = new Set(
    (
      (await (
        await page.request.get(`${panel.baseURL}/api/tasks?networkId=${networkId}&machine=board&type=machine.build&limit=20`)
      ).json()) as { items: Task[] }
    ).items.map((t) => t.id),
  );

  // The app in the Marketplace, marked third-party; install it on the machine.
  await page.goto(`${panel.baseURL}/marketplace/ada-apps/app/pinBoard`);
  await expect(page.getByTestId('mkt-third-party-warning')).toBeVisible();
  await page.getByTestId('mkt-install').click();
  await page.getByTestId('mkt-review-network').selectOption({ label: 'home' });
  await page.getByTestId('mkt-review-machine').selectOption('board');
  await page.getByTestId('mkt-review-start').click();

  // The review: the module's Nix source and the network's files, before anything is pinned.
  await expect(page).toHaveURL(/\/marketplace\/reviews\//);
  await expect(page.getByTestId('review-status')).toContainText('pending');
  await expect(page.getByTestId('review-file-apps/pin-board.nix')).toBeVisible();
  await expect(page.getByTestId('review-source-diff')).toContainText('systemd.services.pin-board');
  await expect(page.getByTestId('review-config-diff')).toContainText('app-pinBoard');
  await page.getByTestId('review-accept').click();
  const ok = page.getByTestId('confirm-ok');
  if (await ok.isVisible().catch(() => false)) await ok.click();

  // Accepted: the machine's Configuration tab, with the app's generated form.
  await expect(page).toHaveURL(/\/machines\/board\/config/, { timeout: 30_000 });
  const form = page.getByTestId('app-form-pinBoard');
  await expect(form).toBeVisible();
  await expect(page.getByTestId('app-from-pinBoard')).toContainText('ada-apps');
  await form.getByLabel('Port').fill('8095');
  await page.getByTestId('config-save').click();
  await expect(page.getByTestId('diff-preview')).toContainText('pinBoard');
  await page.getByTestId('config-apply').click();

  // Saved: the machine builds (the demo system copies the pinned module) and boots the new generation.
  const build = await lastTask(page.request, 'machine.build', builds);
  expect({ status: build.status, error: build.error }).toEqual({ status: 'succeeded', error: null });
  const deploy = await finished(page.request, build.result!['deployTaskId'] as string);
  expect({ status: deploy.status, error: deploy.error }).toEqual({ status: 'succeeded', error: null });
  await page.goto(`${panel.baseURL}/networks/${networkId}/machines/board/summary`);
  await expect(page.getByTestId('vm-state')).toHaveAttribute('data-state', 'running', { timeout: GUEST_MS });

  // Inside the guest the app's page answers on the port set in the form.
  await page.getByTestId('machine-tab-console').click();
  await expect(page.getByTestId('console-status')).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
  await expect(screen(page)).toContainText('CLAN-APP pinBoard port=8095', { timeout: GUEST_MS });
  await page.getByTestId('terminal').click();
  await page.keyboard.type('wget -qO- http://127.0.0.1:8095/ | grep -o "running on board (cLAN demo system)"');
  await page.keyboard.press('Enter');
  await expect(screen(page)).toContainText(/running on board \(cLAN demo system\)\s*board:\/#/, { timeout: 60_000 });
  const vm = (await (await page.request.get(`${panel.baseURL}/api/networks/${networkId}/machines/board/vm`)).json()) as {
    domainName: string;
  };
  panel.domains.push(vm.domainName);
});
