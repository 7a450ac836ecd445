import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';

/**
 * No page is wider than a 390 px phone. Every route of apps/web's
 * app.routes.ts (read from the file itself, so a new route without an entry
 * below fails this test) is opened at 390 × 844, and neither the document
 * nor the scrolling content area may be wider than the viewport. A failure
 * names the route and the elements that stick out.
 * Runs after first-run.spec.ts (file order); alone, it does the first-run
 * setup through the API itself. The data the pages show is seeded through the API.
 */
const admin = { username: 'anna', password: 'correct horse battery' };
const WIDTH = 390;
const ROUTES_FILE = join(__dirname, '../../apps/web/src/app/app.routes.ts');

test.use({ viewport: { width: WIDTH, height: 844 } });

/** Every route pattern that renders a page (redirects and parents with children left out), e.g. `networks/:networkId/mesh`. */
function routePatterns(): string[] {
  const source = ts.createSourceFile(ROUTES_FILE, readFileSync(ROUTES_FILE, 'utf8'), ts.ScriptTarget.Latest, true);
  const patterns: string[] = [];
  const property = (object: ts.ObjectLiteralExpression, name: string) =>
    object.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(source) === name)?.initializer;
  const walk = (array: ts.ArrayLiteralExpression, parent: string) => {
    for (const element of array.elements) {
      if (!ts.isObjectLiteralExpression(element)) continue;
      const path = property(element, 'path');
      const own = path && ts.isStringLiteralLike(path) ? path.text : '';
      const full = [parent, own].filter(Boolean).join('/');
      const children = property(element, 'children');
      if (children && ts.isArrayLiteralExpression(children)) walk(children, full);
      else if (!property(element, 'redirectTo')) patterns.push(full);
    }
  };
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      node.name.getText(source) === 'appRoutes' &&
      node.initializer &&
      ts.isArrayLiteralExpression(node.initializer)
    ) {
      walk(node.initializer, '');
    } else ts.forEachChild(node, visit);
  };
  visit(source);
  return patterns;
}

interface Seed {
  networkId: string;
  machine: string;
  recordingId: string;
  /** The panel's own host (the first of the fleet). */
  hostId: string;
  member: { username: string; password: string };
}

interface Visit {
  url: (seed: Seed) => string;
  /** Who looks: the host admin (default), the seeded network member, or nobody signed in (public pages). */
  who?: 'admin' | 'member' | 'nobody';
  /** Prepare the page before it is opened (e.g. answer an API call). */
  before?: (page: Page) => Promise<void>;
  /** What must be on the page before it is measured (default: a page heading). */
  ready?: string;
}

const TAB_READY = '.tab-body > :not(router-outlet)';
const NO_SUCH_TOKEN = 'not-a-real-token-0123456789abcdef0123456789abcdef';

/** Each route pattern of app.routes.ts → the pages opened for it. */
const VISITS: Record<string, Visit[]> = {
  setup: [
    {
      // Setup exists only on a fresh panel: the browser is told it is one (only GET /api/setup is answered here).
      url: () => '/setup',
      who: 'nobody',
      before: async (page) => {
        await page.route('**/api/setup', (route) =>
          route.request().method() === 'GET' ? route.fulfill({ json: { setupRequired: true } }) : route.fallback(),
        );
      },
      ready: '[data-testid="setup-submit"]',
    },
  ],
  login: [{ url: () => '/login', who: 'nobody', ready: '[data-testid="login-submit"]' }],
  'join/:token': [{ url: () => `/join/${NO_SUCH_TOKEN}`, who: 'nobody', ready: 'h1' }],
  'invite/:token': [{ url: () => `/invite/${NO_SUCH_TOKEN}`, who: 'nobody', ready: 'h1' }],
  'reset-password/:token': [{ url: () => `/reset-password/${NO_SUCH_TOKEN}`, who: 'nobody', ready: 'h1' }],
  home: [{ url: () => '/home' }, { url: () => '/home', who: 'member' }],
  host: [{ url: () => '/host' }],
  hosts: [{ url: () => '/hosts', ready: '[data-testid="hosts-list"]' }],
  'hosts/unlock': [{ url: () => '/hosts/unlock', ready: '[data-testid="unlock-grid"]' }],
  'hosts/:hostId': [{ url: (s) => `/hosts/${s.hostId}` }],
  users: [{ url: () => '/users' }],
  'networks/:networkId/machines/new': [{ url: (s) => `/networks/${s.networkId}/machines/new` }],
  'host/terminal': [{ url: () => '/host/terminal' }],
  'host/logs': [{ url: () => '/host/logs' }],
  recordings: [{ url: () => '/recordings' }],
  'recordings/:recordingId': [{ url: (s) => `/recordings/${s.recordingId}`, ready: '#main > :not(router-outlet)' }],
  audit: [{ url: () => '/audit' }],
  notifications: [{ url: () => '/notifications' }],
  'notifications/settings': [{ url: () => '/notifications/settings' }],
  backups: [{ url: () => '/backups' }, { url: () => '/backups', who: 'member' }],
  tokens: [{ url: () => '/tokens' }],
  account: [{ url: () => '/account' }],
  marketplace: [
    { url: () => '/marketplace' },
    { url: () => '/marketplace', who: 'member' },
    { url: () => '/marketplace/built-in/app/syncthing', ready: '[data-testid="mkt-entry-title"]' },
  ],
  open: [
    { url: () => '/open', ready: '[data-testid="open-link-form"]' },
    { url: () => '/open', who: 'member', ready: 'h1' },
  ],
  '**': [{ url: () => '/no/such/page' }],
};
for (const tab of ['summary', 'config', 'generations', 'history', 'console', 'logs']) {
  VISITS[`networks/:networkId/machines/:machine/${tab}`] = [
    { url: (s) => `/networks/${s.networkId}/machines/${s.machine}/${tab}`, ready: TAB_READY },
  ];
}
for (const tab of ['summary', 'machines', 'history', 'raw', 'members', 'mesh', 'backups', 'updates', 'audit', 'notifications']) {
  VISITS[`networks/:networkId/${tab}`] = [{ url: (s) => `/networks/${s.networkId}/${tab}`, ready: TAB_READY }];
}
VISITS['networks/:networkId/marketplace'] = [{ url: (s) => `/networks/${s.networkId}/marketplace`, ready: TAB_READY }];
// No review exists without a third-party source: the review page's "no such review" is measured (its layout is the unit specs').
VISITS['networks/:networkId/marketplace/reviews/:reviewId'] = [
  { url: (s) => `/networks/${s.networkId}/marketplace/reviews/00000000-0000-4000-8000-000000000000`, ready: TAB_READY },
];
// What a family member sees of their network.
VISITS['networks/:networkId/summary'].push({ url: (s) => `/networks/${s.networkId}/summary`, ready: TAB_READY, who: 'member' });

async function signIn(request: APIRequestContext): Promise<Record<string, string>> {
  const setup = (await (await request.get('/api/setup')).json()) as { setupRequired: boolean };
  if (setup.setupRequired) expect((await request.post('/api/setup', { data: admin })).status()).toBe(201);
  const login = await request.post('/api/auth/login', { data: admin });
  expect(login.status()).toBe(200);
  return { 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
}

/** A network with a machine, a member, a mesh device and a long-named token: things the pages list. */
async function seed(request: APIRequestContext, headers: Record<string, string>): Promise<Seed> {
  const name = `narrow${Date.now().toString(36).slice(-5)}`;
  const created = await request.post('/api/networks', { data: { name, description: 'A network to look at on a phone' }, headers });
  expect(created.status()).toBe(201);
  const networkId = ((await created.json()) as { id: string }).id;
  const machine = 'a-machine-with-a-rather-long-name';
  expect((await request.post(`/api/networks/${networkId}/machines`, { data: { name: machine }, headers })).status()).toBe(201);
  const member = { username: `narrowmember${Date.now().toString(36).slice(-4)}`, password: 'a member password 12' };
  expect((await request.post('/api/users', { data: member, headers })).status()).toBe(201);
  expect(
    (await request.post(`/api/networks/${networkId}/members`, { data: { username: member.username, role: 'member' }, headers })).status(),
  ).toBe(201);
  expect((await request.post(`/api/networks/${networkId}/mesh/devices`, { data: { name: 'phone' }, headers })).status()).toBe(201);
  expect((await request.post('/api/tokens', { data: { name: 'a-token-with-a-long-name-for-the-narrow-screen' }, headers })).status()).toBe(
    201,
  );
  const recordings = (await (await request.get('/api/consoles/recordings?limit=1')).json()) as { items?: { id: string }[] };
  // Without a recording (the host-terminal spec makes one), the player's "not found" page is measured.
  const recordingId = recordings.items?.[0]?.id ?? '00000000-0000-4000-8000-000000000000';
  const hosts = (await (await request.get('/api/hosts')).json()) as { items?: { id: string }[] };
  const hostId = hosts.items?.[0]?.id ?? '00000000-0000-4000-8000-000000000000';
  return { networkId, machine, recordingId, hostId, member };
}

interface Overflow {
  documentWidth: number;
  bodyWidth: number;
  mainWidth: number;
  mainClientWidth: number;
  offenders: string[];
}

/** How wide the page is, and the outermost elements reaching past the viewport's right edge that nothing scrolls or clips. */
function measure(width: number): Overflow {
  const describe = (el: Element) => {
    const id = el.id ? `#${el.id}` : '';
    const testId = el.getAttribute('data-testid') ? `[data-testid="${el.getAttribute('data-testid')}"]` : '';
    const classes = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `<${el.tagName.toLowerCase()}${id}${testId}${classes}> ${Math.round(el.getBoundingClientRect().width)} px wide, right edge at ${Math.round(
      el.getBoundingClientRect().right,
    )} px${text ? ` ("${text}")` : ''}`;
  };
  const main = document.getElementById('main');
  /**
   * Clipped or scrolled by an ancestor inside the content area (the content area itself is the page). An
   * absolutely positioned element escapes every scroller up to its containing block (its nearest positioned
   * ancestor): a visually hidden label in a scrolling table still widens the page.
   */
  const contained = (el: Element) => {
    let escaping = getComputedStyle(el).position === 'absolute';
    for (let a = el.parentElement; a && a !== main && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (escaping && style.position !== 'static') escaping = false;
      if (!escaping && style.overflowX !== 'visible' && a.getBoundingClientRect().right <= width + 0.5) return true;
      if (style.position === 'absolute') escaping = true;
    }
    return false;
  };
  const sticksOut = (el: Element) => {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0 || rect.right <= width + 0.5) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.position === 'fixed') return false;
    return !contained(el);
  };
  const offenders = Array.from(document.body.querySelectorAll('*'))
    .filter(sticksOut)
    .filter((el) => !el.parentElement || !sticksOut(el.parentElement))
    .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
    .slice(0, 5)
    .map(describe);
  return {
    documentWidth: document.documentElement.scrollWidth,
    bodyWidth: document.body.scrollWidth,
    mainWidth: main?.scrollWidth ?? 0,
    mainClientWidth: main?.clientWidth ?? 0,
    offenders,
  };
}

async function open(browser: Browser, admin: Page, visit: Visit, seeded: Seed): Promise<{ page: Page; close: () => Promise<void> }> {
  if ((visit.who ?? 'admin') === 'admin') return { page: admin, close: async () => undefined };
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 844 } });
  const page = await context.newPage();
  if (visit.who === 'member') expect((await page.request.post('/api/auth/login', { data: seeded.member })).status()).toBe(200);
  await visit.before?.(page);
  return { page, close: () => context.close() };
}

test('every route fits a 390 px wide phone: no page is wider than the viewport', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const patterns = routePatterns();
  expect(patterns.length, 'routes read from app.routes.ts').toBeGreaterThan(10);
  const missing = patterns.filter((p) => !VISITS[p]);
  expect(missing, 'routes of app.routes.ts that this test does not open yet: add them to VISITS').toEqual([]);

  const headers = await signIn(page.request);
  const seeded = await seed(page.request, headers);
  const failures: string[] = [];

  for (const pattern of patterns) {
    for (const visit of VISITS[pattern]) {
      const url = visit.url(seeded);
      const { page: tab, close } = await open(browser, page, visit, seeded);
      try {
        await tab.goto(url);
        await expect(tab.locator(visit.ready ?? '#main h1').first(), `${url} shows its content`).toBeVisible();
        await tab.waitForLoadState('networkidle').catch(() => undefined);
        // Lists that are still loading are narrower than the real thing: wait (briefly) for them.
        await expect
          .poll(() => tab.locator('body').innerText(), { timeout: 5_000 })
          .not.toMatch(/Loading/)
          .catch(() => undefined);
        const result = await tab.evaluate(measure, WIDTH);
        const mainOverflows = result.mainClientWidth > 0 && result.mainWidth > result.mainClientWidth;
        if (result.documentWidth > WIDTH || result.bodyWidth > WIDTH || mainOverflows || result.offenders.length > 0) {
          failures.push(
            `${pattern} (${url}, as ${visit.who ?? 'admin'}): document ${result.documentWidth} px, body ${result.bodyWidth} px, content area ${result.mainWidth}/${result.mainClientWidth} px; sticking out: ${
              result.offenders.join('; ') || 'none found'
            }`,
          );
        }
      } finally {
        await close();
      }
    }
  }
  expect(failures, `pages wider than ${WIDTH} px`).toEqual([]);
});
