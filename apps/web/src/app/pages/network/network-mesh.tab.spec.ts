import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiError, FakeApi, flush, type RecordedRequest } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { ConfirmHost } from '../../shared/confirm-host';
import { NetworkContext } from './network-context';
import type { MeshPeerView, MeshView } from './network-mesh.api';
import { MESH_REFRESH_MS, NetworkMeshTab } from './network-mesh.tab';

const MESH = '/api/networks/n1/mesh';
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><path d="M0 0h1v1H0z"/></svg>';

function peer(name: string, over: Partial<MeshPeerView> = {}): MeshPeerView {
  return {
    name,
    kind: 'device',
    ipv4: '10.100.0.2',
    ipv6: 'fd3c:8a21:9f04::2',
    publicKey: `${name.padEnd(43, 'A').slice(0, 43)}=`,
    endpoint: null,
    behindNat: true,
    relay: false,
    relayOnly: false,
    panelHoldsKey: true,
    revoked: false,
    createdAt: '2026-03-01T10:00:00Z',
    revokedAt: null,
    ownerUserId: 'u1',
    syncedRevision: 4,
    syncedAt: '2026-03-01T10:00:00Z',
    pendingSync: false,
    online: null,
    lastHandshake: null,
    endpointSeen: null,
    rxBytes: null,
    txBytes: null,
    ...over,
  };
}

/** jsdom's Blob has no text(); its FileReader reads it. */
function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

function mesh(over: Partial<MeshView> = {}): MeshView {
  const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();
  return {
    layer: {
      kind: 'wireguard',
      title: 'WireGuard',
      keyAlgorithm: 'X25519',
      publicKeyEncoding: 'base64',
      publicKeyLength: 44,
      configFormats: ['wg-quick', 'syncconf'],
    },
    ipv4Cidr: '10.100.0.0/24',
    ipv6Prefix: 'fd3c:8a21:9f04::/64',
    revision: 4,
    host: { interfaceName: 'clan1a2b3c4d', listenPort: 51820, endpoint: 'panel.example.org:51820', appliedRevision: 4, error: null },
    peers: [
      peer('panel', { kind: 'host', ipv4: '10.100.0.1', ipv6: 'fd3c:8a21:9f04::1', relay: true, online: null }),
      peer('nas', { kind: 'machine', ipv4: '10.100.0.2', online: true, lastHandshake: ago(125), rxBytes: 1536, txBytes: 930 * 1024 }),
      peer('laptop', { ipv4: '10.100.0.3', online: true, lastHandshake: ago(20), rxBytes: 10, txBytes: 20 }),
      peer('phone', {
        ipv4: '10.100.0.4',
        online: false,
        lastHandshake: ago(3 * 3600),
        pendingSync: true,
        panelHoldsKey: false,
        relayOnly: true,
      }),
    ],
    removals: [],
    ...over,
  };
}

describe('NetworkMeshTab', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<NetworkMeshTab>;
  let confirmHost: ComponentFixture<ConfirmHost>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) =>
    el().querySelector<T>(`[data-testid="${id}"]`) ?? document.querySelector<T>(`[data-testid="${id}"]`);
  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
    await confirmHost.whenStable();
  }
  async function click(id: string): Promise<void> {
    const target = byTestId(id) ?? (confirmHost.nativeElement as HTMLElement).querySelector<HTMLElement>(`[data-testid="${id}"]`);
    if (!target) throw new Error(`no element ${id}`);
    target.click();
    await settle();
  }
  async function type(id: string, value: string): Promise<void> {
    const input = byTestId<HTMLInputElement>(id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  }
  /** The fake answers JSON; the config and QR routes answer text, as the panel does. */
  const texts = new Map<string, { type: string; body: string }>();
  const fetchWithText = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const text = texts.get(new URL(request.url).pathname);
    if (text) {
      await fake.fetch(request.clone());
      return new Response(text.body, { status: 200, headers: { 'content-type': text.type } });
    }
    return fake.fetch(request);
  };

  beforeEach(async () => {
    texts.clear();
    fake = new FakeApi()
      .on('GET', '/api/networks/n1', {
        body: { id: 'n1', name: 'family', myRole: 'owner', memberCount: 1, description: '', createdAt: '', updatedAt: '' },
      })
      // A function, so the handshake ages are measured from when the tab asks.
      .on('GET', MESH, () => ({ body: mesh() }))
      .on('GET', `${MESH}/invites`, { body: [] })
      .on('GET', `${MESH}/rules`, {
        body: {
          rules: [
            { id: 'members-reach-apps', from: {}, to: {}, ports: ['apps'] },
            { id: 'admins-reach-ssh', from: { roles: ['owner', 'admin'] }, to: {}, ports: ['ssh'] },
          ],
          isDefault: true,
          allowances: { nas: [{ port: 22, protocol: 'tcp', sources: ['laptop'], rules: ['admins-reach-ssh'] }] },
        },
      });
    TestBed.configureTestingModule({
      imports: [NetworkMeshTab, ConfirmHost],
      providers: [provideRouter([]), NetworkContext, { provide: FETCH, useValue: fetchWithText }],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: false, totpEnabled: false }, 'csrf-1');
    await TestBed.inject(NetworkContext).load('n1');
    confirmHost = TestBed.createComponent(ConfirmHost);
    fixture = TestBed.createComponent(NetworkMeshTab);
    await settle();
  });

  afterEach(() => {
    fixture.destroy();
    vi.useRealTimers();
  });

  it('lists the peers with kind, addresses, online state in words, traffic and pending sync', () => {
    expect(byTestId('mesh-ranges')?.textContent).toContain('10.100.0.0/24');
    expect(byTestId('mesh-ranges')?.textContent).toContain('fd3c:8a21:9f04::/64');
    const nas = byTestId('mesh-peer-row-nas') as HTMLElement;
    expect(nas.textContent).toContain('machine');
    expect(nas.textContent).toContain('10.100.0.2');
    expect(byTestId('mesh-peer-status-nas')?.textContent).toContain('last handshake 2 min ago');
    expect(byTestId('mesh-peer-status-nas')?.querySelector('.mesh-dot')?.getAttribute('data-state')).toBe('online');
    expect(nas.textContent).toContain('rx 1.5 KiB · tx 930 KiB');
    expect(byTestId('mesh-peer-status-laptop')?.textContent).toContain('last handshake 20 s ago');
    expect(byTestId('mesh-peer-status-phone')?.textContent).toContain('last handshake 3 h ago');
    expect(byTestId('mesh-peer-status-phone')?.querySelector('.mesh-dot')?.getAttribute('data-state')).toBe('offline');
    expect(byTestId('mesh-peer-status-panel')?.textContent).toContain('online state unknown');
    expect(byTestId('mesh-pending-phone')?.textContent).toContain('pending sync');
    expect(byTestId('mesh-pending-laptop')).toBeNull();
    // Device actions only for devices; a QR code only where the panel holds the key.
    expect(byTestId('mesh-remove-nas')).toBeNull();
    expect(byTestId('mesh-qr-laptop')).not.toBeNull();
    expect(byTestId('mesh-qr-phone')).toBeNull();
    expect(byTestId('mesh-config-phone')).not.toBeNull();
  });

  it("shows the host interface's error as a banner", async () => {
    fake.on('GET', MESH, {
      body: mesh({
        host: {
          interfaceName: 'clan1a2b3c4d',
          listenPort: 51820,
          endpoint: null,
          appliedRevision: 3,
          error: 'wireguard-go is not installed',
        },
      }),
    });
    await click('mesh-refresh');
    expect(byTestId('mesh-host-error')?.textContent).toContain('wireguard-go is not installed');
    expect(byTestId('mesh-host')?.textContent).toContain('not running');
  });

  it('removes a device only after a confirmation that names it and explains offline peers, then follows the pick-up on every refresh', async () => {
    // The component set up its interval with the real timer; make a fresh one under a fake clock.
    fixture.destroy();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    fixture = TestBed.createComponent(NetworkMeshTab);
    await settle();

    fake.on('DELETE', `${MESH}/devices/phone`, { body: peer('phone', { revoked: true, ipv4: null, ipv6: null }) });
    await click('mesh-remove-phone');
    const message = (confirmHost.nativeElement as HTMLElement).textContent ?? '';
    expect(message).toContain('“phone”');
    expect(message).toContain('offline keep trusting the key until they sync');
    expect(fake.last('DELETE', `${MESH}/devices/phone`)).toBeUndefined();

    const removedAt = new Date().toISOString();
    const after = (updated: number, waiting: string[]) =>
      mesh({
        revision: 5,
        peers: [...mesh().peers.filter((p) => p.name !== 'phone'), peer('phone', { revoked: true, revokedAt: removedAt, ipv4: null })],
        removals: [
          {
            name: 'phone',
            kind: 'device',
            revokedAt: removedAt,
            revision: 5,
            peersTotal: 3,
            peersUpdated: updated,
            stillTrustedBy: waiting,
          },
        ],
      });
    fake.on('GET', MESH, { body: after(1, ['nas', 'laptop']) });
    await click('confirm-ok');

    expect(fake.last('DELETE', `${MESH}/devices/phone`)?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(byTestId('mesh-peer-row-phone')).toBeNull();
    expect(byTestId('mesh-revoked-phone')).not.toBeNull();
    expect(byTestId('mesh-removal-text-phone')?.textContent).toBe('1 of 3 peers updated');
    expect(byTestId('mesh-removal-progress-phone')?.getAttribute('aria-valuenow')).toBe('33');
    expect(byTestId('mesh-removal-waiting-phone')?.textContent).toContain('laptop, nas');

    // Ten seconds later the tab reads the mesh again by itself.
    fake.on('GET', MESH, { body: after(3, []) });
    const reads = fake.requests.filter((r) => r.path === MESH).length;
    vi.advanceTimersByTime(MESH_REFRESH_MS);
    await settle();
    expect(fake.requests.filter((r) => r.path === MESH).length).toBe(reads + 1);
    expect(byTestId('mesh-removal-text-phone')?.textContent).toBe('3 of 3 peers updated');
    expect(byTestId('mesh-removal-progress-phone')?.getAttribute('aria-valuenow')).toBe('100');
    expect(byTestId('mesh-removal-waiting-phone')).toBeNull();
  });

  it('does not remove anything when the confirmation is cancelled', async () => {
    await click('mesh-remove-laptop');
    const cancel = Array.from((confirmHost.nativeElement as HTMLElement).querySelectorAll('button')).find(
      (b) => b.textContent?.trim() === 'Cancel',
    );
    cancel?.click();
    await settle();
    expect(fake.requests.some((r) => r.method === 'DELETE')).toBe(false);
    expect(byTestId('mesh-peer-row-laptop')).not.toBeNull();
  });

  it('adds a device with only the fields that were filled in, and shows the API refusal in its words', async () => {
    fake.on('POST', `${MESH}/devices`, apiError(409, 'CONFLICT', 'A device named "laptop" already exists in this network.'), 1);
    await click('mesh-add-device');
    await type('mesh-device-name', 'laptop');
    await click('mesh-device-create');
    expect(fake.last('POST', `${MESH}/devices`)?.body).toEqual({ name: 'laptop' });
    expect(byTestId('error-message')?.textContent).toContain('A device named "laptop" already exists');

    fake.on('POST', `${MESH}/devices`, (r: RecordedRequest) => ({ status: 201, body: peer((r.body as { name: string }).name) }));
    await type('mesh-device-name', 'tablet');
    await type('mesh-device-key', ' YPsjQ0RuDtXYGe2Gva3ud4u5uZEWqW1tSFyF3rwkF2A= ');
    await type('mesh-device-endpoint', '203.0.113.7:51820');
    await click('mesh-device-create');
    expect(fake.last('POST', `${MESH}/devices`)?.body).toEqual({
      name: 'tablet',
      publicKey: 'YPsjQ0RuDtXYGe2Gva3ud4u5uZEWqW1tSFyF3rwkF2A=',
      endpoint: '203.0.113.7:51820',
    });
    expect(byTestId('mesh-device-name')).toBeNull();
  });

  it('shows the QR code as an image (a data URL), never as markup in the page', async () => {
    texts.set(`${MESH}/devices/laptop/qr`, { type: 'image/svg+xml', body: SVG });
    await click('mesh-qr-laptop');
    const img = byTestId<HTMLImageElement>('mesh-qr-image') as HTMLImageElement;
    expect(img.tagName).toBe('IMG');
    expect(img.getAttribute('src')).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(SVG)}`);
    expect(document.querySelector('path[d="M0 0h1v1H0z"]')).toBeNull();
  });

  it('downloads the config as a .conf file', async () => {
    texts.set(`${MESH}/devices/laptop/config`, { type: 'text/plain', body: '[Interface]\nPrivateKey = x\n' });
    const urls: Blob[] = [];
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      urls.push(b as Blob);
      return 'blob:test';
    });
    const clicked: HTMLAnchorElement[] = [];
    const anchorClick = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    try {
      await click('mesh-config-laptop');
      expect(fake.last('GET', `${MESH}/devices/laptop/config`)?.search).toBe('?format=wg-quick');
      expect(clicked.map((a) => a.download)).toEqual(['laptop.conf']);
      expect(await readBlob(urls[0])).toBe('[Interface]\nPrivateKey = x\n');
    } finally {
      create.mockRestore();
      anchorClick.mockRestore();
    }
  });
});
