import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiError, FakeApi, flush, type RecordedRequest } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { base64ToBytes, bytesToBase64, isWireGuardKey, PRIVATE_KEY_PLACEHOLDER } from './device-key';
import { JoinPage } from './join.page';

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const PREVIEW = `/api/mesh/invites/${TOKEN}`;
const ACCEPT = `${PREVIEW}/accept`;
const HOST_KEY = 'YPsjQ0RuDtXYGe2Gva3ud4u5uZEWqW1tSFyF3rwkF2A=';
const PANEL_KEY = 'gI6EdUSYvn8ugXOt8QQD6Yc+JyiZxIhp3GInSWRfWGE=';
const WIREGUARD = {
  kind: 'wireguard',
  title: 'WireGuard',
  keyAlgorithm: 'X25519',
  publicKeyEncoding: 'base64',
  publicKeyLength: 44,
  configFormats: ['wg-quick', 'syncconf'],
};

/** The wg-quick file the panel renders for a device (with the placeholder, or with a panel-made key). */
function config(privateKey: string): string {
  return `[Interface]\nPrivateKey = ${privateKey}\nAddress = 10.100.0.5/24, fd3c:8a21:9f04::5/64\n\n[Peer]\n# panel\nPublicKey = ${HOST_KEY}\nAllowedIPs = 10.100.0.0/24, fd3c:8a21:9f04::/64\nEndpoint = panel.example.org:51823\n`;
}

function accepted(name: string, publicKey: string, panelHoldsKey: boolean) {
  return {
    device: {
      name,
      kind: 'device',
      ipv4: '10.100.0.5',
      ipv6: 'fd3c:8a21:9f04::5',
      publicKey,
      endpoint: null,
      behindNat: true,
      relay: false,
      relayOnly: false,
      panelHoldsKey,
      revoked: false,
      createdAt: '2026-03-10T12:00:00Z',
      revokedAt: null,
      ownerUserId: null,
      syncedRevision: 0,
      syncedAt: null,
      pendingSync: false,
      online: null,
      lastHandshake: null,
      endpointSeen: null,
      rxBytes: null,
      txBytes: null,
    },
    config: config(panelHoldsKey ? PANEL_KEY : PRIVATE_KEY_PLACEHOLDER),
    qrSvg: panelHoldsKey ? '<svg xmlns="http://www.w3.org/2000/svg"/>' : null,
    domain: 'family.clan',
  };
}

describe('JoinPage', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<JoinPage>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => el().querySelector<T>(`[data-testid="${id}"]`);
  async function settle(): Promise<void> {
    await flush(10);
    await fixture.whenStable();
  }
  async function open(): Promise<void> {
    fixture = TestBed.createComponent(JoinPage);
    fixture.componentRef.setInput('token', TOKEN);
    await settle();
  }

  beforeEach(() => {
    fake = new FakeApi().on('GET', PREVIEW, {
      body: {
        network: 'family',
        deviceName: 'anna-laptop',
        note: "Anna's laptop",
        relayOnly: false,
        expiresAt: '2026-03-11T12:00:00Z',
        layer: WIREGUARD,
      },
    });
    TestBed.configureTestingModule({
      imports: [JoinPage],
      providers: [provideRouter([]), { provide: FETCH, useValue: fake.fetch }],
    });
  });

  it('shows what the invite is for, with the suggested name filled in and the own-key option on', async () => {
    await open();
    expect(el().querySelector('h1')?.textContent).toContain('Join family');
    expect(el().textContent).toContain("Anna's laptop");
    expect(byTestId('join-expiry')?.textContent).toContain('2026-03-1');
    expect(byTestId<HTMLInputElement>('join-name')?.value).toBe('anna-laptop');
    expect(byTestId<HTMLInputElement>('join-own-key')?.checked).toBe(true);
  });

  it('makes the key in the browser, sends only the public key, and fills the private key into the config locally', async () => {
    fake.on('POST', ACCEPT, (r: RecordedRequest) => {
      const body = r.body as { name: string; publicKey: string };
      return { status: 201, body: accepted(body.name, body.publicKey, false) };
    });
    await open();
    byTestId('join-submit')?.click();
    await settle();

    const sent = fake.last('POST', ACCEPT)?.body as Record<string, string>;
    expect(Object.keys(sent).sort()).toEqual(['name', 'publicKey']);
    expect(sent['name']).toBe('anna-laptop');
    expect(isWireGuardKey(sent['publicKey'])).toBe(true);

    const shown = byTestId('join-config')?.textContent ?? '';
    expect(shown).not.toContain(PRIVATE_KEY_PLACEHOLDER);
    const privateKey = /^PrivateKey = (\S+)$/m.exec(shown)?.[1] ?? '';
    expect(isWireGuardKey(privateKey)).toBe(true);
    expect(JSON.stringify(fake.requests.map((r) => r.body))).not.toContain(privateKey);
    expect(shown).toBe(config(privateKey));

    // The filled-in private key is the one behind the public key that was sent.
    const subtle = globalThis.crypto.subtle;
    const prefix = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20];
    const ours = await subtle.importKey('pkcs8', new Uint8Array([...prefix, ...base64ToBytes(privateKey)]), { name: 'X25519' }, false, [
      'deriveBits',
    ]);
    const other = (await subtle.generateKey({ name: 'X25519' }, true, ['deriveBits'])) as CryptoKeyPair;
    const sentPublic = await subtle.importKey('raw', base64ToBytes(sent['publicKey']), { name: 'X25519' }, true, []);
    const a = bytesToBase64(new Uint8Array(await subtle.deriveBits({ name: 'X25519', public: other.publicKey }, ours, 256)));
    const b = bytesToBase64(new Uint8Array(await subtle.deriveBits({ name: 'X25519', public: sentPublic }, other.privateKey, 256)));
    expect(a).toBe(b);

    expect(byTestId('join-done')?.textContent).toContain('anna-laptop.family.clan');
    expect(byTestId('join-qr')).toBeNull();
    const ca = byTestId('join-ca') as HTMLElement;
    expect(ca.textContent).toContain("install the network's certificate");
    expect(ca.querySelector('a')?.getAttribute('href')).toBe('/home');
    expect(byTestId('join-download')?.textContent).toContain('anna-laptop.conf');
  });

  it('without the own-key option gets the panel-made config and its QR code as an image', async () => {
    fake.on('POST', ACCEPT, (r: RecordedRequest) => ({ status: 201, body: accepted((r.body as { name: string }).name, HOST_KEY, true) }));
    await open();
    // On a loaded machine the preview can take more than one settle to render.
    for (let i = 0; i < 50 && !byTestId('join-own-key'); i++) await settle();
    const own = byTestId<HTMLInputElement>('join-own-key') as HTMLInputElement;
    own.click();
    await settle();
    const name = byTestId<HTMLInputElement>('join-name') as HTMLInputElement;
    name.value = 'anna-phone';
    name.dispatchEvent(new Event('input'));
    await settle();
    byTestId('join-submit')?.click();
    await settle();

    expect(fake.last('POST', ACCEPT)?.body).toEqual({ name: 'anna-phone' });
    expect(byTestId('join-config')?.textContent).toContain(`PrivateKey = ${PANEL_KEY}`);
    expect(byTestId<HTMLImageElement>('join-qr')?.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,/);
  });

  it("makes the key pair the network's layer asks for (Yggdrasil: Ed25519 in hex) and names the layer", async () => {
    const yggdrasil = {
      ...WIREGUARD,
      kind: 'yggdrasil',
      title: 'Yggdrasil',
      keyAlgorithm: 'Ed25519',
      publicKeyEncoding: 'hex',
      configFormats: ['json'],
    };
    fake.on('GET', PREVIEW, {
      body: {
        network: 'family',
        deviceName: 'anna-laptop',
        note: '',
        relayOnly: false,
        expiresAt: '2026-03-11T12:00:00Z',
        layer: yggdrasil,
      },
    });
    fake.on('POST', ACCEPT, (r: RecordedRequest) => {
      const body = r.body as { name: string; publicKey: string };
      return {
        status: 201,
        body: { ...accepted(body.name, body.publicKey, false), config: `{"PrivateKey": "${PRIVATE_KEY_PLACEHOLDER}"}\n` },
      };
    });
    await open();
    expect(el().textContent).toContain('(Yggdrasil)');
    byTestId('join-submit')?.click();
    await settle();
    const sent = fake.last('POST', ACCEPT)?.body as Record<string, string>;
    expect(sent['publicKey']).toMatch(/^[0-9a-f]{64}$/);
    const shown = byTestId('join-config')?.textContent ?? '';
    expect(shown).toMatch(new RegExp(`^\\{"PrivateKey": "[0-9a-f]{64}${sent['publicKey']}"\\}$`, 'm'));
    expect(byTestId('join-download')?.textContent).toContain('anna-laptop.json');
  });

  it('explains a link that does not exist, and one that was used, cancelled or expired, in words', async () => {
    fake.on('GET', PREVIEW, apiError(404, 'NOT_FOUND', 'The invite was not found.'));
    await open();
    expect(el().querySelector('h1')?.textContent).toContain('This invite link is not valid');
    expect(byTestId('join-problem')?.textContent).toContain('ask the person who sent it for a new one');
    expect(byTestId('join-name')).toBeNull();

    fake.on('GET', PREVIEW, apiError(410, 'GONE', 'This invite has already been used; ask for a new one.'));
    await open();
    expect(el().querySelector('h1')?.textContent).toContain('can no longer be used');
    expect(byTestId('join-problem')?.textContent).toContain('This invite has already been used; ask for a new one.');
  });

  it('keeps the form for a taken name (the invite stays usable) and checks the name before sending', async () => {
    fake.on('POST', ACCEPT, apiError(409, 'CONFLICT', 'A device named "anna-laptop" already exists in this network.'));
    await open();
    byTestId('join-submit')?.click();
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('already exists');
    expect(byTestId('join-name')).not.toBeNull();

    const name = byTestId<HTMLInputElement>('join-name') as HTMLInputElement;
    name.value = 'Anna Laptop';
    name.dispatchEvent(new Event('input'));
    await settle();
    const hint = el().querySelector('#join-name-hint');
    expect(hint?.classList.contains('hint-error')).toBe(true);
    expect(hint?.textContent).toContain('e.g. anna-phone');
    expect(byTestId<HTMLButtonElement>('join-submit')?.disabled).toBe(true);
  });
});
