import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiError, FakeApi, flush, type RecordedRequest } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { ConfirmHost } from '../../shared/confirm-host';
import { NetworkContext } from './network-context';
import type { MeshCutView, MeshPeerView, MeshView } from './network-mesh.api';
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
    groups: [],
    blocked: false,
    blockedAt: null,
    agent: null,
    ...over,
  };
}

const keyOf = (name: string) => `${name.padEnd(43, 'A').slice(0, 43)}=`;

function cut(over: Partial<MeshCutView> = {}): MeshCutView {
  return {
    host: true,
    online: 2,
    applied: 1,
    pending: ['tv'],
    offline: ['tablet', 'old-pc'],
    summary: 'Cut on 1 of 2 online devices, 2 offline (will be cut on reconnect).',
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
      peer('nas', {
        kind: 'machine',
        ipv4: '10.100.0.2',
        online: true,
        lastHandshake: ago(125),
        rxBytes: 1536,
        txBytes: 930 * 1024,
        groups: ['media', 'storage'],
      }),
      peer('laptop', {
        ipv4: '10.100.0.3',
        online: true,
        lastHandshake: ago(20),
        rxBytes: 10,
        txBytes: 20,
        groups: ['kids'],
        agent: {
          online: true,
          version: '0.1.0',
          lastSeen: ago(2),
          appliedRevision: 2,
          error: null,
          peers: [
            { name: 'panel', publicKey: keyOf('panel'), lastHandshake: ago(12) },
            { name: null, publicKey: keyOf('nas'), lastHandshake: ago(30) },
          ],
        },
      }),
      peer('phone', {
        ipv4: '10.100.0.4',
        online: false,
        lastHandshake: ago(3 * 3600),
        pendingSync: true,
        panelHoldsKey: false,
        relayOnly: true,
        syncedRevision: 3,
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

    fake.on('DELETE', `${MESH}/devices/phone`, {
      body: {
        ...peer('phone', { revoked: true, ipv4: null, ipv6: null }),
        cut: cut({ pending: [], offline: ['tv'], summary: 'Cut on 2 of 2 online devices, 1 offline (will be cut on reconnect).' }),
      },
    });
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
    expect(byTestId('mesh-cut')?.textContent).toContain('phone removed from the mesh.');
    expect(byTestId('mesh-cut-summary')?.textContent).toBe('Cut on 2 of 2 online devices, 1 offline (will be cut on reconnect).');
    expect(byTestId('mesh-cut-offline')?.textContent).toContain('tv');
    expect(byTestId('mesh-cut-pending')).toBeNull();

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

  it("shows each device's agent: online or when last seen, the revision it applied against the network's, and its own handshakes", async () => {
    expect(byTestId('mesh-agent-laptop')?.textContent).toBe('Agent online');
    expect(byTestId('mesh-agent-revision-laptop')?.textContent?.trim()).toBe('config 2 changes behind');
    const details = byTestId('mesh-agent-details-laptop') as HTMLElement;
    expect(details.textContent).toContain('Its own view (2 peers)');
    // The agent reported only the key of nas: the mesh names it.
    expect(details.textContent).toContain('nas · last handshake 30 s ago');
    expect(details.textContent).toContain('panel · last handshake 12 s ago');
    expect(details.textContent).toContain('clanctl 0.1.0');
    // Without an agent the device runs a config file; its revision is the one it downloaded.
    expect(byTestId('mesh-agent-phone')?.textContent).toBe('No agent (config file)');
    expect(byTestId('mesh-agent-revision-phone')?.textContent?.trim()).toBe('config 1 change behind');
    expect(byTestId('mesh-agent-details-phone')).toBeNull();
    // Machines get their config by deploy: no agent wording.
    expect(byTestId('mesh-agent-nas')).toBeNull();
    expect(byTestId('mesh-groups-nas')?.textContent).toContain('media');
    expect(byTestId('mesh-groups-nas')?.textContent).toContain('storage');

    const base = mesh();
    fake.on('GET', MESH, {
      body: mesh({
        peers: base.peers.map((p) =>
          p.name === 'laptop' && p.agent
            ? {
                ...p,
                agent: {
                  ...p.agent,
                  online: false,
                  lastSeen: new Date(Date.now() - 5 * 60_000).toISOString(),
                  appliedRevision: 4,
                  error: 'wg setconf failed: Operation not permitted',
                },
              }
            : p,
        ),
      }),
    });
    await click('mesh-refresh');
    expect(byTestId('mesh-agent-laptop')?.textContent).toBe('Agent offline · last seen 5 min ago');
    expect(byTestId('mesh-agent-revision-laptop')?.textContent?.trim()).toBe('config up to date');
    expect(byTestId('mesh-agent-error-laptop')?.textContent).toContain('wg setconf failed: Operation not permitted');
  });

  it('blocks a device after a confirmation that explains it, shows how far the cut reached, then unblocks it', async () => {
    const blocked = peer('laptop', { ipv4: '10.100.0.3', blocked: true, blockedAt: new Date().toISOString() });
    fake.on('POST', `${MESH}/devices/laptop/block`, { body: { ...blocked, cut: cut() } });
    await click('mesh-block-laptop');
    const message = (confirmHost.nativeElement as HTMLElement).textContent ?? '';
    expect(message).toContain('“laptop”');
    expect(message).toContain('out of the mesh at once, everywhere');
    expect(message).toContain('It keeps its address');
    expect(message).toContain('undone with Unblock');
    expect(fake.last('POST', `${MESH}/devices/laptop/block`)).toBeUndefined();

    fake.on('GET', MESH, { body: mesh({ peers: mesh().peers.map((p) => (p.name === 'laptop' ? blocked : p)) }) });
    await click('confirm-ok');
    expect(fake.last('POST', `${MESH}/devices/laptop/block`)?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(byTestId('mesh-cut')?.textContent).toContain('laptop blocked.');
    expect(byTestId('mesh-cut-summary')?.textContent).toBe('Cut on 1 of 2 online devices, 2 offline (will be cut on reconnect).');
    expect(byTestId('mesh-cut-pending')?.textContent).toContain('tv');
    expect(byTestId('mesh-cut-offline')?.textContent).toContain('old-pc, tablet');
    // Greyed, badged, and Unblock instead of Block.
    expect(byTestId('mesh-peer-row-laptop')?.classList.contains('mesh-blocked')).toBe(true);
    expect(byTestId('mesh-blocked-laptop')?.textContent).toContain('blocked');
    expect(byTestId('mesh-block-laptop')).toBeNull();
    expect(byTestId('mesh-qr-laptop')).toBeNull();

    fake.on('POST', `${MESH}/devices/laptop/unblock`, {
      body: { ...peer('laptop'), cut: cut({ pending: [], offline: [], summary: 'Back on 2 of 2 online devices.' }) },
    });
    fake.on('GET', MESH, () => ({ body: mesh() }));
    await click('mesh-unblock-laptop');
    expect(fake.last('POST', `${MESH}/devices/laptop/unblock`)).toBeDefined();
    expect(byTestId('mesh-cut-summary')?.textContent).toBe('Back on 2 of 2 online devices.');
    expect(byTestId('mesh-cut-offline')).toBeNull();
    expect(byTestId('mesh-block-laptop')).not.toBeNull();
    await click('mesh-cut-dismiss');
    expect(byTestId('mesh-cut')).toBeNull();
  });

  it("does not block anything when the confirmation is cancelled, and shows the API's refusal in its words", async () => {
    await click('mesh-block-laptop');
    Array.from((confirmHost.nativeElement as HTMLElement).querySelectorAll('button'))
      .find((b) => b.textContent?.trim() === 'Cancel')
      ?.click();
    await settle();
    expect(fake.requests.some((r) => r.path.endsWith('/block'))).toBe(false);

    fake.on('POST', `${MESH}/devices/laptop/block`, apiError(409, 'CONFLICT', 'The device "laptop" is already blocked.'));
    await click('mesh-block-laptop');
    await click('confirm-ok');
    expect(byTestId('error-message')?.textContent).toContain('The device "laptop" is already blocked.');
    expect(byTestId('mesh-cut')).toBeNull();
  });

  it("edits a peer's groups with the network's groups as suggestions, checks names as the API does, and saves them with PATCH", async () => {
    await click('mesh-groups-edit-laptop');
    expect(byTestId('groups-chip-kids')).not.toBeNull();
    // Suggestions: the groups used in the network that laptop is not in.
    expect(byTestId('groups-suggestions')?.textContent).toContain('media');
    expect(byTestId('groups-suggest-kids')).toBeNull();
    await click('groups-suggest-media');
    expect(byTestId('groups-chip-media')).not.toBeNull();

    // A comma ends a word; a name the API would refuse is named and blocks saving.
    await type('groups-input', 'Office,');
    expect(byTestId('groups-chip-office')).not.toBeNull();
    await type('groups-input', 'big_kids');
    await click('groups-add');
    expect(byTestId('groups-problems')?.textContent).toContain('"big_kids" is not a group name');
    expect(byTestId<HTMLButtonElement>('groups-save')?.disabled).toBe(true);
    await click('groups-remove-big_kids');
    expect(byTestId('groups-problems')).toBeNull();

    const PEER = `${MESH}/peers/laptop`;
    fake.on('PATCH', PEER, apiError(400, 'VALIDATION', 'A peer may have at most 16 groups.'), 1);
    await click('groups-save');
    expect(fake.last('PATCH', PEER)?.body).toEqual({ groups: ['kids', 'media', 'office'] });
    expect(byTestId('error-message')?.textContent).toContain('A peer may have at most 16 groups.');

    fake.on('PATCH', PEER, (r: RecordedRequest) => ({ body: peer('laptop', { groups: (r.body as { groups: string[] }).groups }) }));
    const reads = fake.requests.filter((r) => r.path === MESH).length;
    await click('groups-save');
    expect(fake.last('PATCH', PEER)?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(byTestId('groups-save')).toBeNull();
    expect(fake.requests.filter((r) => r.path === MESH).length).toBe(reads + 1);
  });
});
