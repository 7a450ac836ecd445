import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext, type Download, type Locator } from '@playwright/test';

/**
 * The Mesh tab and the join page against the real panel (CLAN_MESH_HOST=false:
 * no host interface, so online state is "unknown"). A device is added by an
 * admin; another joins through an invite link opened in a signed-out browser
 * that makes its own key with WebCrypto; then it is removed.
 * Runs after first-run.spec.ts (file order); alone, it does the first-run
 * setup through the API itself.
 */
const admin = { username: 'anna', password: 'correct horse battery' };
const PLACEHOLDER = '{{PRIVATE_KEY}}';
const WG_KEY = /^[A-Za-z0-9+/]{43}=$/;

async function signIn(request: APIRequestContext): Promise<string> {
  const setup = (await (await request.get('/api/setup')).json()) as { setupRequired: boolean };
  if (setup.setupRequired) expect((await request.post('/api/setup', { data: admin })).status()).toBe(201);
  const login = await request.post('/api/auth/login', { data: admin });
  expect(login.status()).toBe(200);
  return ((await login.json()) as { csrfToken: string }).csrfToken;
}

/** The WireGuard public key of a WireGuard private key (both base64), by Node's X25519. */
function publicKeyOf(privateKey: string): string {
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), Buffer.from(privateKey, 'base64')]);
  const jwk = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'jwk' });
  return Buffer.from(jwk.x as string, 'base64url').toString('base64');
}

async function downloaded(download: Download): Promise<string> {
  return readFile(await download.path(), 'utf8');
}

/** An <img> that the browser actually decoded (a CSP block or a broken SVG leaves it at 0 × 0). */
async function expectDecodedImage(img: Locator): Promise<void> {
  await expect(img).toHaveAttribute('src', /^data:image\/svg\+xml/);
  await expect
    .poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth))
    .toBeGreaterThan(0);
}

test('mesh tab: add a device, invite another, join it with a key made in the browser, remove it', async ({ page, browser }) => {
  const csrf = await signIn(page.request);
  const name = `mesh${Date.now().toString(36).slice(-5)}`;
  const created = await page.request.post('/api/networks', { data: { name }, headers: { 'x-csrf-token': csrf } });
  expect(created.status()).toBe(201);
  const network = (await created.json()) as { id: string };

  // The Mesh tab: ranges, no host interface in e2e.
  await page.goto(`/networks/${network.id}/summary`);
  await page.getByTestId('tab-mesh').click();
  await expect(page).toHaveURL(new RegExp(`/networks/${network.id}/mesh$`));
  await expect(page.getByTestId('mesh-ranges')).toContainText(/\d+\.\d+\.\d+\.0\/24/);
  await expect(page.getByTestId('mesh-host-none')).toBeVisible();

  // Add a device; the panel makes its key. It is listed, its config downloads with the key, its QR code shows.
  await page.getByTestId('mesh-add-device').click();
  await page.getByTestId('mesh-device-name').fill('laptop');
  await page.getByTestId('mesh-device-create').click();
  const laptop = page.getByTestId('mesh-peer-row-laptop');
  await expect(laptop).toBeVisible();
  await expect(laptop).toContainText('device');
  await expect(page.getByTestId('mesh-peer-status-laptop')).toContainText('online state unknown');
  const [configDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('mesh-config-laptop').click()]);
  expect(configDownload.suggestedFilename()).toBe('laptop.conf');
  const laptopConfig = await downloaded(configDownload);
  expect(laptopConfig).toMatch(/^PrivateKey = [A-Za-z0-9+/]{43}=$/m);
  await page.getByTestId('mesh-qr-laptop').click();
  await expectDecodedImage(page.getByTestId('mesh-qr-image'));
  await page.getByRole('button', { name: 'Done' }).click();

  // Invite a device: the link once, its QR code as an image, the network's nix:// link.
  await page.getByTestId('mesh-invite-open').click();
  await page.getByTestId('invite-device-name').fill('anna-tablet');
  await page.getByTestId('invite-preset-1').click();
  await page.getByTestId('invite-create').click();
  await expect(page.getByTestId('invite-created')).toContainText('only once');
  const link = ((await page.getByTestId('invite-url').textContent()) ?? '').trim();
  expect(link).toMatch(/\/join\/[A-Za-z0-9_-]{32}$/);
  await expectDecodedImage(page.getByTestId('invite-qr'));
  await expect(page.getByTestId('invite-nix-link')).toContainText('nix://');
  await page.getByTestId('invite-done').click();
  await expect(page.getByTestId('mesh-invites')).toContainText('pending');

  // The invited person: a fresh browser, not signed in.
  const stranger = await browser.newContext();
  try {
    const join = await stranger.newPage();
    await join.goto(link);
    await expect(join.getByRole('heading', { level: 1 })).toContainText(`Join ${name}`);
    await expect(join.getByTestId('join-name')).toHaveValue('anna-tablet');
    await expect(join.getByTestId('join-own-key')).toBeChecked();
    await join.getByTestId('join-submit').click();
    await expect(join.getByTestId('join-done')).toContainText(`anna-tablet.${name}.clan`);

    const shown = (await join.getByTestId('join-config').textContent()) ?? '';
    expect(shown).not.toContain(PLACEHOLDER);
    const privateKey = /^PrivateKey = (\S+)$/m.exec(shown)?.[1] ?? '';
    expect(privateKey).toMatch(WG_KEY);
    const [joinDownload] = await Promise.all([join.waitForEvent('download'), join.getByTestId('join-download').click()]);
    expect(await downloaded(joinDownload)).toBe(shown);

    // The panel got only the public key: it matches the private key the browser kept, and the panel's config still has the placeholder.
    const mesh = (await (await page.request.get(`/api/networks/${network.id}/mesh`)).json()) as {
      peers: { name: string; publicKey: string; panelHoldsKey: boolean }[];
    };
    const tablet = mesh.peers.find((p) => p.name === 'anna-tablet');
    expect(tablet?.panelHoldsKey).toBe(false);
    expect(tablet?.publicKey).toBe(publicKeyOf(privateKey));
    const served = await page.request.get(`/api/networks/${network.id}/mesh/devices/anna-tablet/config`);
    expect(await served.text()).toContain(PLACEHOLDER);

    // The link worked once.
    await join.goto(link);
    await expect(join.getByTestId('join-problem')).toContainText('already been used');
  } finally {
    await stranger.close();
  }

  // Back in the Mesh tab: the joined device is listed, the invite is used.
  await page.getByTestId('mesh-refresh').click();
  await expect(page.getByTestId('mesh-peer-row-anna-tablet')).toBeVisible();
  await expect(page.getByTestId('mesh-invites')).toContainText('used');

  // Remove it through the confirmation dialog; it is gone and the removal is tracked.
  await page.getByTestId('mesh-remove-anna-tablet').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('anna-tablet');
  await expect(dialog).toContainText('offline keep trusting the key until they sync');
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('mesh-peer-row-anna-tablet')).toHaveCount(0);
  await expect(page.getByTestId('mesh-removal-anna-tablet')).toContainText(/peers? updated|no other peers/);
  await expect(page.getByTestId('mesh-peer-row-laptop')).toBeVisible();
  const gone = await page.request.get(`/api/networks/${network.id}/mesh/devices/anna-tablet/config`);
  expect(gone.status()).toBe(404);
});
