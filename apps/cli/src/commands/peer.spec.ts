import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliDeps } from '../app/context';
import { runCli } from '../app/program';
import { UsageError } from '../lib/errors';
import { ExitCode } from '../lib/exit-codes';
import { painter } from '../lib/format';
import { fakeDeps } from '../testing/fake-deps';
import { checkDeviceName, type Mesh, type MeshPeer, parseFormat, parseHours, removalText, renderPeerList } from './peer';

const plain = painter(false);
const NOW = new Date('2025-11-23T12:00:00Z');
const NET = '11111111-1111-4111-8111-111111111111';
const MESH = `/api/networks/${NET}/mesh`;
const AUTH = ['--url', 'http://panel:8080', '--token', 'clan_t'];
const family = { id: NET, name: 'family', description: '', myRole: 'owner', memberCount: 1, createdAt: '2025-11-20T12:00:00Z' };
const CONFIG = '[Interface]\nPrivateKey = gI6EdUSYvn8ugXOt8QQD6Yc+JyiZxIhp3GInSWRfWGE=\nAddress = 10.100.0.3/24\n';

function peer(name: string, over: Partial<MeshPeer> = {}): MeshPeer {
  return {
    name,
    kind: 'device',
    ipv4: '10.100.0.3',
    ipv6: 'fd3c:8a21:9f04::3',
    publicKey: `${name.padEnd(43, 'A').slice(0, 43)}=`,
    endpoint: null,
    behindNat: true,
    relay: false,
    relayOnly: false,
    panelHoldsKey: true,
    revoked: false,
    createdAt: '2025-11-20T12:00:00Z',
    revokedAt: null,
    ownerUserId: null,
    syncedRevision: 3,
    syncedAt: null,
    pendingSync: false,
    online: null,
    lastHandshake: null,
    endpointSeen: null,
    rxBytes: null,
    txBytes: null,
    ...over,
  };
}

function mesh(over: Partial<Mesh> = {}): Mesh {
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
    revision: 3,
    host: { interfaceName: 'clan11111111', listenPort: 51820, endpoint: 'panel.example:51820', appliedRevision: 3, error: null },
    peers: [
      peer('panel', { kind: 'host', ipv4: '10.100.0.1', ipv6: 'fd3c:8a21:9f04::1', relay: true }),
      peer('nas', { kind: 'machine', ipv4: '10.100.0.2', ipv6: 'fd3c:8a21:9f04::2', online: true, lastHandshake: '2025-11-23T11:58:00Z' }),
      peer('laptop', { online: false, lastHandshake: '2025-11-23T09:00:00Z', pendingSync: true }),
      peer('old', { revoked: true, ipv4: null, ipv6: null, revokedAt: '2025-11-22T12:00:00Z' }),
    ],
    removals: [],
    ...over,
  };
}

describe('peer arguments', () => {
  it('checks device names, hours and formats before asking the panel', () => {
    expect(checkDeviceName('<device>', 'anna-phone')).toBe('anna-phone');
    expect(() => checkDeviceName('<device>', 'Anna Phone')).toThrow('<device>: "Anna Phone" must be a device name');
    expect(() => checkDeviceName('--name', '-x')).toThrow(UsageError);
    expect(parseHours(undefined)).toBeUndefined();
    expect(parseHours('1')).toBe(1);
    expect(parseHours('720')).toBe(720);
    for (const bad of ['0', '721', '1.5', '-2', 'a day', ''])
      expect(() => parseHours(bad)).toThrow('must be a whole number of hours from 1 to 720');
    expect(parseFormat(undefined)).toBe('wg-quick');
    expect(parseFormat('syncconf')).toBe('syncconf');
    expect(() => parseFormat('ini')).toThrow('--format: "ini" must be one of wg-quick, syncconf');
  });
});

describe('peer rendering', () => {
  it('lists the active peers with address, online state, last handshake and pending sync', () => {
    expect(renderPeerList('family', mesh(), NOW, plain).split('\n')).toEqual([
      'Mesh:            family: 10.100.0.0/24 · fd3c:8a21:9f04::/64 · revision 3',
      'Host interface:  clan11111111, port 51820, devices dial panel.example:51820 (up to date)',
      '',
      'NAME    KIND     ADDRESS     IPV6               ONLINE  LAST HANDSHAKE  PENDING SYNC',
      'panel   host     10.100.0.1  fd3c:8a21:9f04::1  —       —',
      'nas     machine  10.100.0.2  fd3c:8a21:9f04::2  yes     2 min ago',
      'laptop  device   10.100.0.3  fd3c:8a21:9f04::3  no      3 h ago         yes',
    ]);
  });

  it('says when the host runs no interface or it failed, and lists removals with who still trusts the key', () => {
    const text = renderPeerList(
      'family',
      mesh({
        host: null,
        removals: [
          {
            name: 'old',
            kind: 'device',
            revokedAt: '2025-11-23T11:55:00Z',
            revision: 3,
            peersTotal: 3,
            peersUpdated: 1,
            stillTrustedBy: ['nas', 'laptop'],
          },
        ],
      }),
      NOW,
      plain,
    );
    expect(text).toContain('Host interface:  none: the panel host runs no interface here (online state unknown, no relay)');
    expect(text).toContain(
      'Recent removals:\n  old (device) removed 5 min ago: 1 of 3 peers updated; still trusting its key until they sync: laptop, nas.',
    );
    const failed = renderPeerList('family', mesh({ host: { ...mesh().host!, error: 'wireguard-go is not installed' } }), NOW, plain);
    expect(failed).toContain('(not running: wireguard-go is not installed)');
    expect(renderPeerList('family', mesh({ peers: [] }), NOW, plain)).toContain(
      'No peers yet. Invite a device with `clanctl peer invite family`.',
    );
  });

  it('words the pick-up of a removal', () => {
    expect(removalText({ peersTotal: 3, peersUpdated: 3, stillTrustedBy: [] })).toBe('all 3 peers updated');
    expect(removalText({ peersTotal: 1, peersUpdated: 0, stillTrustedBy: ['nas'] })).toBe(
      '0 of 1 peer updated; still trusting its key until they sync: nas',
    );
    expect(removalText({ peersTotal: 0, peersUpdated: 0, stillTrustedBy: [] })).toBe('no other peers had its key');
  });
});

type Reply = { status?: number; body?: unknown; text?: string };
type Handler = (body: any, url: URL) => Reply;

/** Whole `peer` commands against a fake panel behind `fetch`. */
function harness(routes: Record<string, Handler>, over: Partial<CliDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'clanctl-peer-test-'));
  const out: string[] = [];
  const errs: string[] = [];
  const requests: { method: string; path: string; search: string; body: any }[] = [];
  const all: Record<string, Handler> = { 'GET /api/networks': () => ({ body: { items: [family], total: 1 } }), ...routes };
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(input, init);
    const url = new URL(req.url);
    const text = req.method === 'GET' ? '' : await req.text();
    const body = text ? JSON.parse(text) : undefined;
    requests.push({ method: req.method, path: url.pathname, search: url.search, body });
    const handler = all[`${req.method} ${url.pathname}`];
    const reply = handler
      ? handler(body, url)
      : { status: 404, body: { code: 'NOT_FOUND', message: `no fake for ${url.pathname}`, correlationId: 'c' } };
    if (reply.text !== undefined)
      return new Response(reply.text, { status: reply.status ?? 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    return new Response(JSON.stringify(reply.body), { status: reply.status ?? 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const deps = fakeDeps(dir, fetchImpl, out, errs, { now: () => NOW, ...over });
  return {
    dir,
    out,
    errs,
    requests,
    run: (...argv: string[]) => runCli([...AUTH, ...argv], deps),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

describe('clanctl peer', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  const make = (routes: Record<string, Handler>, over: Partial<CliDeps> = {}) => {
    const h = harness(routes, over);
    cleanups.push(h.cleanup);
    return h;
  };

  it('list: resolves the network by name (or id) and prints the table; --json prints the API answer', async () => {
    const h = make({ [`GET ${MESH}`]: () => ({ body: mesh() }), [`GET /api/networks/${NET}`]: () => ({ body: family }) });
    expect(await h.run('peer', 'list', 'family')).toBe(ExitCode.Ok);
    expect(h.requests.map((r) => r.path)).toEqual(['/api/networks', MESH]);
    expect(h.out.join('')).toContain('laptop  device   10.100.0.3');
    expect(h.out.join('')).not.toContain('old');

    h.out.length = 0;
    h.requests.length = 0;
    expect(await h.run('peer', 'list', NET, '--json')).toBe(ExitCode.Ok);
    expect(h.requests.map((r) => r.path)).toEqual([`/api/networks/${NET}`, MESH]);
    expect(JSON.parse(h.out.join(''))).toEqual(mesh());
  });

  it('invite: sends name, hours and phone, prints the link, the nix:// link and a terminal QR code', async () => {
    const created = {
      invite: {
        id: 'i1',
        deviceName: 'anna-phone',
        note: '',
        relayOnly: true,
        ownerUserId: null,
        createdBy: 'u1',
        createdAt: '2025-11-23T12:00:00Z',
        expiresAt: '2025-11-23T13:00:00Z',
        status: 'pending',
        usedAt: null,
        usedByDevice: null,
      },
      token: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345',
      url: 'http://panel:8080/join/AbCdEfGhIjKlMnOpQrStUvWxYz012345',
      nixLink: `nix://http-panel:8080/api/networks/${NET}/config.git`,
      qrSvg: '<svg/>',
    };
    const h = make({ [`POST ${MESH}/invites`]: () => ({ status: 201, body: created }) });
    expect(await h.run('peer', 'invite', 'family', '--name', 'anna-phone', '--hours', '1', '--phone', '--qr')).toBe(ExitCode.Ok);
    expect(h.requests.find((r) => r.method === 'POST')?.body).toEqual({ deviceName: 'anna-phone', expiresInHours: 1, relayOnly: true });
    const out = h.out.join('');
    expect(out).toContain('Link:          http://panel:8080/join/AbCdEfGhIjKlMnOpQrStUvWxYz012345');
    expect(out).toContain(`Network link:  nix://http-panel:8080/api/networks/${NET}/config.git`);
    expect(out).toContain('Expires:       2025-11-23 13:00:00 UTC (in 1 h) · works once');
    expect(out).toMatch(/[▀▄█]/); // the QR code, drawn with half blocks
    expect(h.errs.join('')).toContain('shown once');

    // Defaults: 24 hours, not a phone; --json is the API's answer and no terminal drawing.
    h.out.length = 0;
    expect(await h.run('peer', 'invite', 'family', '--qr', '--json')).toBe(ExitCode.Ok);
    expect(h.requests.filter((r) => r.method === 'POST').pop()?.body).toEqual({ expiresInHours: 24, relayOnly: false });
    expect(JSON.parse(h.out.join(''))).toEqual(created);
  });

  it('invite: refuses bad hours and names before asking the panel (exit 2)', async () => {
    const h = make({});
    expect(await h.run('peer', 'invite', 'family', '--hours', '0')).toBe(ExitCode.Usage);
    expect(await h.run('peer', 'invite', 'family', '--name', 'Anna')).toBe(ExitCode.Usage);
    expect(h.requests).toEqual([]);
    expect(h.errs.join('')).toContain('--hours: "0" must be a whole number of hours from 1 to 720');
  });

  const removalRoutes = (): Record<string, Handler> => ({
    [`DELETE ${MESH}/devices/laptop`]: () => ({
      body: peer('laptop', { revoked: true, ipv4: null, ipv6: null, revokedAt: '2025-11-23T12:00:00Z' }),
    }),
    [`GET ${MESH}`]: () => ({
      body: mesh({
        removals: [
          {
            name: 'laptop',
            kind: 'device',
            revokedAt: '2025-11-23T12:00:00Z',
            revision: 4,
            peersTotal: 3,
            peersUpdated: 1,
            stillTrustedBy: ['phone', 'nas'],
          },
        ],
      }),
    }),
  });

  it('remove: asks on a terminal and removes nothing unless the answer is yes', async () => {
    const questions: string[] = [];
    let answer = 'n';
    const h = make(removalRoutes(), {
      stdinIsTTY: true,
      prompt: async (q) => {
        questions.push(q);
        return answer;
      },
    });
    expect(await h.run('peer', 'remove', 'family', 'laptop')).toBe(ExitCode.Usage);
    expect(questions[0]).toContain('Remove laptop from the mesh of family?');
    expect(questions[0]).toContain('peers that are offline keep trusting it until they sync');
    expect(h.requests.some((r) => r.method === 'DELETE')).toBe(false);

    answer = 'y';
    expect(await h.run('peer', 'remove', 'family', 'laptop')).toBe(ExitCode.Ok);
    expect(h.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`${MESH}/devices/laptop`]);
    expect(h.out.join('').split('\n')).toEqual([
      'Removed laptop from family: its key is revoked and its address freed.',
      '1 of 3 peers updated; still trusting its key until they sync: nas, phone.',
      'Follow it with `clanctl peer list family`.',
      '',
    ]);
  });

  it('remove: without a terminal it needs --yes; with --json it prints the device and the removal', async () => {
    const h = make(removalRoutes());
    expect(await h.run('peer', 'remove', 'family', 'laptop')).toBe(ExitCode.Usage);
    expect(h.errs.join('')).toContain('pass --yes to confirm without a terminal');
    expect(h.requests.some((r) => r.method === 'DELETE')).toBe(false);

    expect(await h.run('peer', 'remove', 'family', 'laptop', '--yes', '--json')).toBe(ExitCode.Ok);
    const printed = JSON.parse(h.out.join(''));
    expect(printed.device.revoked).toBe(true);
    expect(printed.removal).toMatchObject({ name: 'laptop', peersTotal: 3, peersUpdated: 1 });
  });

  it("remove: the panel's 404 is exit 1 in its own words", async () => {
    const h = make({
      [`DELETE ${MESH}/devices/ghost`]: () => ({
        status: 404,
        body: { code: 'NOT_FOUND', message: 'This network has no active device named "ghost".', correlationId: 'c' },
      }),
    });
    expect(await h.run('peer', 'remove', 'family', 'ghost', '--yes')).toBe(ExitCode.ApiError);
    expect(h.errs.join('')).toContain('This network has no active device named "ghost".');
  });

  it('config: prints the file byte for byte, or writes it with mode 0600 (also over a wider existing file)', async () => {
    const h = make({ [`GET ${MESH}`]: () => ({ body: mesh() }), [`GET ${MESH}/devices/laptop/config`]: () => ({ text: CONFIG }) });
    expect(await h.run('peer', 'config', 'family', 'laptop')).toBe(ExitCode.Ok);
    expect(h.out.join('')).toBe(CONFIG);
    expect(h.requests.pop()?.search).toBe('?format=wg-quick');

    const file = join(h.dir, 'laptop.conf');
    writeFileSync(file, 'old', { mode: 0o644 });
    h.out.length = 0;
    expect(await h.run('peer', 'config', 'family', 'laptop', '--format', 'syncconf', '--out', file)).toBe(ExitCode.Ok);
    expect(h.requests.pop()?.search).toBe('?format=syncconf');
    expect(readFileSync(file, 'utf8')).toBe(CONFIG);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(h.out.join('')).toBe('');
    expect(h.errs.join('')).toContain(`Wrote ${file} (mode 0600`);

    const fresh = join(h.dir, 'new.conf');
    expect(await h.run('peer', 'config', 'family', 'laptop', '--out', fresh)).toBe(ExitCode.Ok);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
  });

  it("config: offers the forms of the network's layer, the first by default", async () => {
    const yggdrasil = mesh({ layer: { ...mesh().layer, kind: 'yggdrasil', title: 'Yggdrasil', configFormats: ['json'] } });
    const h = make({ [`GET ${MESH}`]: () => ({ body: yggdrasil }), [`GET ${MESH}/devices/laptop/config`]: () => ({ text: '{}\n' }) });
    expect(await h.run('peer', 'config', 'family', 'laptop')).toBe(ExitCode.Ok);
    expect(h.requests.pop()?.search).toBe('?format=json');
    expect(await h.run('peer', 'config', 'family', 'laptop', '--format', 'wg-quick')).toBe(ExitCode.Usage);
    expect(h.errs.join('')).toContain('--format: "wg-quick" must be one of json');
    expect(parseFormat('json', ['json'])).toBe('json');
  });

  it('config: says where the private key goes when the device made its own, and refuses an unknown format', async () => {
    const h = make({
      [`GET ${MESH}`]: () => ({ body: mesh() }),
      [`GET ${MESH}/devices/laptop/config`]: () => ({ text: CONFIG.replace(/PrivateKey = .*/, 'PrivateKey = {{PRIVATE_KEY}}') }),
    });
    expect(await h.run('peer', 'config', 'family', 'laptop')).toBe(ExitCode.Ok);
    expect(h.errs.join('')).toContain("does not hold laptop's private key");
    expect(await h.run('peer', 'config', 'family', 'laptop', '--format', 'ini')).toBe(ExitCode.Usage);
    expect(await h.run('peer', 'config', 'family', '../etc')).toBe(ExitCode.Usage);
  });
});
