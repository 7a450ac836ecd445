#!/usr/bin/env node
/**
 * Screenshots of every page, for people to look at (not a test).
 *
 *   node e2e/tools/screenshots.mjs <baseURL> <outDir> <username> <password>
 *
 * Signs in to a running panel, finds a network and one of its machines to
 * show (create some first for useful pictures) and captures every route of
 * apps/web's app.routes.ts at 1280 × 800 and 390 × 844, in the light and the
 * dark theme, as <outDir>/<width>-<theme>-<route>.png (the whole page, the
 * window stretched to the content's height). Public
 * pages (login, join, …) are taken signed out; routes with a token show
 * their "link not valid" page. Uses Debian's Chromium, like the e2e tests.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import ts from 'typescript';

const [baseURL, outDir, username, password] = process.argv.slice(2);
if (!baseURL || !outDir || !username || !password) {
  console.error('Usage: node e2e/tools/screenshots.mjs <baseURL> <outDir> <username> <password>');
  process.exit(2);
}

const ROUTES_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../apps/web/src/app/app.routes.ts');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];
const THEMES = ['light', 'dark'];
const PUBLIC = new Set(['setup', 'login']);
const NO_SUCH = 'not-a-real-token-0123456789abcdef';

/** Route patterns that render a page, from app.routes.ts (parents with children and redirects left out). */
function routePatterns() {
  const source = ts.createSourceFile(ROUTES_FILE, readFileSync(ROUTES_FILE, 'utf8'), ts.ScriptTarget.Latest, true);
  const patterns = [];
  const property = (object, name) =>
    object.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText(source) === name)?.initializer;
  const walk = (array, parent) => {
    for (const element of array.elements) {
      if (!ts.isObjectLiteralExpression(element)) continue;
      const path = property(element, 'path');
      const full = [parent, path && ts.isStringLiteralLike(path) ? path.text : ''].filter(Boolean).join('/');
      const children = property(element, 'children');
      if (children && ts.isArrayLiteralExpression(children)) walk(children, full);
      else if (!property(element, 'redirectTo')) patterns.push(full);
    }
  };
  const visit = (node) => {
    if (ts.isVariableDeclaration(node) && node.name.getText(source) === 'appRoutes' && ts.isArrayLiteralExpression(node.initializer)) {
      walk(node.initializer, '');
    } else ts.forEachChild(node, visit);
  };
  visit(source);
  return patterns;
}

async function signIn(request) {
  const login = await request.post(`${baseURL}/api/auth/login`, { data: { username, password } });
  if (!login.ok()) throw new Error(`Signing in as ${username} failed: ${login.status()} ${await login.text()}`);
}

/** A network and a machine to show on the pages that need one (the first the user can see). */
async function examples(request) {
  const networks = await (await request.get(`${baseURL}/api/networks`)).json();
  const list = Array.isArray(networks) ? networks : (networks.items ?? []);
  let networkId = list[0]?.id;
  let machine;
  for (const network of list) {
    const machines = await (await request.get(`${baseURL}/api/networks/${network.id}/machines`)).json();
    const names = (Array.isArray(machines) ? machines : (machines.items ?? [])).map((m) => m.name);
    if (names.length) {
      networkId = network.id;
      machine = names[0];
      break;
    }
  }
  const recordings = await (await request.get(`${baseURL}/api/consoles/recordings?limit=1`)).json();
  return {
    networkId: networkId ?? '00000000-0000-4000-8000-000000000000',
    machine: machine ?? 'no-machine',
    recordingId: recordings.items?.[0]?.id ?? '00000000-0000-4000-8000-000000000000',
  };
}

function urlOf(pattern, ex) {
  if (pattern === '**') return '/no/such/page';
  return (
    '/' +
    pattern
      .replace(':networkId', ex.networkId)
      .replace(':machine', encodeURIComponent(ex.machine))
      .replace(':recordingId', ex.recordingId)
      .replace(/:[A-Za-z]+/g, NO_SUCH)
  );
}

const fileName = (size, theme, pattern) =>
  `${size.width}-${theme}-${pattern === '**' ? 'not-found' : pattern.replace(/:/g, '').replace(/[^A-Za-z0-9-]+/g, '_') || 'root'}.png`;

/** The page's heading is there, the first requests are answered (some pages poll: never "network idle" for long) and nothing says "Loading…". */
async function settle(page) {
  await page
    .locator('h1')
    .first()
    .waitFor({ timeout: 5_000 })
    .catch(() => undefined);
  await page.waitForLoadState('networkidle', { timeout: 2_000 }).catch(() => undefined);
  await page.waitForFunction(() => !/Loading/.test(document.body.innerText), null, { timeout: 8_000 }).catch(() => undefined);
  await page.waitForTimeout(300);
}

/** Every route at one size in one theme; returns how many screenshots were written. */
async function capture(browser, patterns, size, theme) {
  const signedIn = await browser.newContext({ viewport: size, colorScheme: theme });
  const signedOut = await browser.newContext({ viewport: size, colorScheme: theme });
  try {
    await signIn(signedIn.request);
    const ex = await examples(signedIn.request);
    // The setup page exists only on a fresh panel: the signed-out browser is told it is one.
    const setupPage = await signedOut.newPage();
    await setupPage.route('**/api/setup', (route) =>
      route.request().method() === 'GET' ? route.fulfill({ json: { setupRequired: true } }) : route.fallback(),
    );
    const outPage = await signedOut.newPage();
    const inPage = await signedIn.newPage();
    for (const pattern of patterns) {
      const isPublic = PUBLIC.has(pattern) || pattern.includes(':token');
      const page = pattern === 'setup' ? setupPage : isPublic ? outPage : inPage;
      await page.goto(`${baseURL}${urlOf(pattern, ex)}`);
      await settle(page);
      const file = join(outDir, fileName(size, theme, pattern));
      // The signed-in frame scrolls inside its content area, not the document: make the window tall enough to show it all.
      // (A taller window can lay the page out again, so measure until it fits.)
      let height = size.height;
      for (let attempt = 0; attempt < 4; attempt++) {
        const extra = await page.evaluate(() => {
          const main = document.getElementById('main');
          return main ? main.scrollHeight - main.clientHeight : 0;
        });
        if (extra <= 0) break;
        height += extra;
        await page.setViewportSize({ width: size.width, height });
        await page.waitForTimeout(150);
      }
      await page.screenshot({ path: file, fullPage: true });
      if (height !== size.height) await page.setViewportSize(size);
      console.log(file);
    }
    return patterns.length;
  } finally {
    await signedIn.close();
    await signedOut.close();
  }
}

mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run'],
});
try {
  const patterns = routePatterns();
  // The four size × theme runs side by side, each in its own browser contexts.
  const counts = await Promise.all(SIZES.flatMap((size) => THEMES.map((theme) => capture(browser, patterns, size, theme))));
  const shots = counts.reduce((a, b) => a + b, 0);
  console.log(`${shots} screenshots in ${outDir}`);
} finally {
  await browser.close();
}
