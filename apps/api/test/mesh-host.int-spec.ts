import { execFile } from 'node:child_process';
import { generateWireGuardKeyPair, interfaceAddresses } from '@clan/vpn';
import { NetnsLab, requireLabTools } from '@clan/vpn/testing';
import { createNetwork, createToken, createUser, dataSourceOf, uniq } from './fixtures/db';
import { startTestPanel, TestClient, type TestPanel } from './harness';

/**
 * The host-managed mesh interface, end to end on real WireGuard:
 * the panel's own interface lives in a lab namespace (CLAN_MESH_NETNS), with
 * address .1, as relay and phonebook; three devices created through the API
 * run in their own namespaces with the configs the API serves. Covers: every
 * pair pings (one device behind NAT goes through the host relay), names
 * resolve inside the namespaces, online state from `wg show dump`, removal
 * applied live on the host with pick-up tracking (a peer that has not synced
 * still trusts the removed key, and the API says so), and invites.
 * Needs root and iproute2, wireguard-go, wireguard-tools, iputils-ping,
 * nftables, busybox-static; fails (never skips) naming them when missing.
 */

jest.setTimeout(120_000);

interface PeerView {
  name: string;
  kind: string;
  ipv4: string | null;
  ipv6: string | null;
  publicKey: string;
  revoked: boolean;
  online: boolean | null;
  lastHandshake: string | null;
  pendingSync: boolean;
  syncedRevision: number;
  panelHoldsKey: boolean;
}
interface MeshView {
  ipv4Cidr: string;
  ipv6Prefix: string;
  revision: number;
  host: { interfaceName: string; listenPort: number; endpoint: string | null; appliedRevision: number; error: string | null } | null;
  peers: PeerView[];
  removals: { name: string; peersTotal: number; peersUpdated: number; stillTrustedBy: string[] }[];
}

function busybox(): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('busybox', ['true'], (error) =>
      error
        ? reject(new Error('The phonebook check needs busybox (Debian package busybox-static): apt-get install -y busybox-static'))
        : resolve(),
    ),
  );
}

describe('host-managed mesh interface (real WireGuard in namespaces)', () => {
  const lab = new NetnsLab();
  const UNDERLAY = '10.254.79';
  const hostNs = `${lab.id}-host`;
  const DEVICES = [
    { name: 'alpha', suffix: 'a', endpoint: true },
    { name: 'bravo', suffix: 'b', endpoint: true },
    // charlie has no endpoint: it reaches the host directly and bravo/alpha directly (they have endpoints).
    { name: 'charlie', suffix: 'c', endpoint: false },
  ] as const;
  const ns = (name: string) => `${lab.id}-${name}`;
  const ifname = (name: string) => `${lab.id}${DEVICES.find((d) => d.name === name)!.suffix}`;
  let t: TestPanel;
  let host: TestClient;
  let networkId: string;
  let networkName: string;
  let mesh: MeshView;

  const meshOf = async (): Promise<MeshView> => {
    const res = await host.get<MeshView>(`/api/networks/${networkId}/mesh`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const peer = (name: string) => mesh.peers.find((p) => p.name === name && !p.revoked)!;
  const addressesOf = (name: string) => [peer(name).ipv4!, peer(name).ipv6!];
  const hostWg = (args: string[]) => lab.must('ip', ['netns', 'exec', hostNs, 'wg', ...args]);

  async function applyFromApi(name: string, verb: 'setconf' | 'syncconf'): Promise<string> {
    const res = await host.get<string>(`/api/networks/${networkId}/mesh/devices/${name}/config?format=syncconf`);
    expect(res.status).toBe(200);
    await lab.must('ip', ['netns', 'exec', ns(name), 'wg', verb, ifname(name), lab.secretFile(`${name}-${verb}.conf`, res.body)]);
    return res.body;
  }

  async function pingMatrix(from: string[], to: string[], attempts: number) {
    const cases = from.flatMap((a) =>
      to.filter((b) => b !== a).flatMap((b) => addressesOf(b).map((address) => ({ from: a, to: b, address }))),
    );
    return Promise.all(cases.map(async (c) => ({ ...c, ok: await lab.pings(ns(c.from), c.address, attempts) })));
  }
  const failed = (results: { from: string; to: string; address: string; ok: boolean }[], ok: boolean) =>
    results.filter((r) => r.ok === ok).map((r) => `${r.from} → ${r.to} (${r.address})`);

  const nslookup = (from: string, name: string) => lab.exec(ns(from), 'busybox', ['nslookup', name, peer('panel').ipv4!]);

  beforeAll(async () => {
    requireLabTools();
    await busybox();
    await lab.createUnderlay();
    await lab.addNamespace(hostNs);
    await lab.connect(hostNs, 'h', `${UNDERLAY}.1/24`);
    t = await startTestPanel({ CLAN_MESH_HOST: 'true', CLAN_MESH_NETNS: hostNs, CLAN_MESH_ENDPOINT_HOST: `${UNDERLAY}.1` });
    const admin = await createUser(dataSourceOf(t), { username: `host-${uniq()}`, isHostAdmin: true });
    host = new TestClient(t.baseUrl);
    host.bearer = (await createToken(dataSourceOf(t), admin.id)).token;
    networkName = `mesh-${uniq()}`;
    networkId = (await createNetwork(dataSourceOf(t), networkName)).id;
    lab.trackWireGuard(`clan${networkId.replace(/-/g, '').slice(0, 8)}`);

    for (const [i, device] of DEVICES.entries()) {
      const res = await host.post<PeerView>(`/api/networks/${networkId}/mesh/devices`, {
        name: device.name,
        ...(device.endpoint ? { endpoint: `${UNDERLAY}.${i + 2}:51820` } : {}),
      });
      expect(res.status).toBe(201);
    }
    mesh = await meshOf();
    for (const [i, device] of DEVICES.entries()) {
      await lab.addNamespace(ns(device.name));
      await lab.connect(ns(device.name), device.suffix, `${UNDERLAY}.${i + 2}/24`);
      await lab.startWireGuard(ns(device.name), ifname(device.name));
    }
    const addressing = { ipv4Range: mesh.ipv4Cidr, ipv6Prefix: mesh.ipv6Prefix };
    for (const device of DEVICES) {
      await applyFromApi(device.name, 'setconf');
      const [ipv4, ipv6] = addressesOf(device.name);
      for (const address of interfaceAddresses(addressing, { ipv4, ipv6 })) {
        await lab.must('ip', [
          '-n',
          ns(device.name),
          'addr',
          'add',
          address,
          'dev',
          ifname(device.name),
          ...(address.includes(':') ? ['nodad'] : []),
        ]);
      }
      await lab.must('ip', ['-n', ns(device.name), 'link', 'set', ifname(device.name), 'up']);
    }
  });

  afterAll(async () => {
    await t?.close();
    await lab.cleanup();
  });

  it('runs the host interface at .1 in the lab namespace, with every device as a peer', async () => {
    expect(mesh.host).toMatchObject({
      endpoint: expect.stringMatching(new RegExp(`^${UNDERLAY.replace(/\./g, '\\.')}\\.1:\\d+$`)),
      error: null,
    });
    expect(mesh.host!.appliedRevision).toBe(mesh.revision);
    const panel = peer('panel');
    expect(panel).toMatchObject({ kind: 'host', ipv4: mesh.ipv4Cidr.replace(/0\/24$/, '1') });
    const shownKey = await hostWg(['show', mesh.host!.interfaceName, 'public-key']);
    expect(shownKey.trim()).toBe(panel.publicKey);
    const peers = (await hostWg(['show', mesh.host!.interfaceName, 'peers'])).split('\n').filter(Boolean).sort();
    expect(peers).toEqual(DEVICES.map((d) => peer(d.name).publicKey).sort());
  });

  it('every pair pings, the host included, IPv4 and IPv6', async () => {
    const names = [...DEVICES.map((d) => d.name), 'panel'];
    const results = await pingMatrix(
      DEVICES.map((d) => d.name),
      names,
      5,
    );
    expect(failed(results, false)).toEqual([]);
    expect(results).toHaveLength(3 * 3 * 2);
  });

  it('phonebook names resolve inside the namespaces (A and AAAA), unknown names are NXDOMAIN', async () => {
    for (const from of DEVICES.map((d) => d.name)) {
      for (const target of ['alpha', 'bravo', 'charlie', 'panel']) {
        const r = await nslookup(from, `${target}.${networkName}.clan`);
        expect([from, target, r.code]).toEqual([from, target, 0]);
        const [v4, v6] = addressesOf(target);
        expect(r.stdout).toContain(`Address: ${v4}\n`);
        expect(r.stdout).toContain(`Address: ${v6}\n`);
      }
    }
    const unknown = await nslookup('alpha', `nobody.${networkName}.clan`);
    expect(unknown.stdout + unknown.stderr).toContain('NXDOMAIN');
  });

  it('shows the devices online with their last handshake (from the host interface)', async () => {
    mesh = await meshOf();
    for (const d of DEVICES) {
      expect([d.name, peer(d.name).online]).toEqual([d.name, true]);
      expect(Date.now() - Date.parse(peer(d.name).lastHandshake!)).toBeLessThan(120_000);
    }
    expect(peer('panel').online).toBe(true);
  });

  it('removal applies on the host at once; a peer that has not synced still trusts the key until it does, and the API says who', async () => {
    const charlieKey = peer('charlie').publicKey;
    const removed = await host.delete<PeerView>(`/api/networks/${networkId}/mesh/devices/charlie`);
    expect(removed.status).toBe(200);
    // The host dropped the key before the DELETE answered.
    expect(await hostWg(['show', mesh.host!.interfaceName, 'peers'])).not.toContain(charlieKey);
    mesh = await meshOf();
    expect(mesh.host!.appliedRevision).toBe(mesh.revision);
    expect(mesh.removals).toEqual([
      expect.objectContaining({ name: 'charlie', peersTotal: 3, peersUpdated: 1, stillTrustedBy: ['alpha', 'bravo'] }),
    ]);
    expect(peer('alpha').pendingSync).toBe(true);

    // charlie → host is cut; charlie ↔ alpha still works: alpha has not synced yet.
    const [toHost] = await pingMatrix(['charlie'], ['panel'], 2);
    expect(toHost.ok).toBe(false);
    expect(await lab.pings(ns('charlie'), peer('alpha').ipv4!, 5)).toBe(true);
    // The phonebook forgot charlie right away.
    expect((await nslookup('alpha', `charlie.${networkName}.clan`)).stdout).not.toContain(`Address: `);

    for (const name of ['alpha', 'bravo']) expect(await applyFromApi(name, 'syncconf')).not.toContain(charlieKey);
    mesh = await meshOf();
    expect(mesh.removals).toEqual([expect.objectContaining({ name: 'charlie', peersUpdated: 3, stillTrustedBy: [] })]);
    expect(peer('alpha').pendingSync).toBe(false);

    const rest = ['alpha', 'bravo', 'panel'];
    const charlieAddresses = mesh.peers.find((p) => p.name === 'charlie')!;
    expect(charlieAddresses.revoked).toBe(true);
    const fromCharlie = await Promise.all(
      ['alpha', 'bravo'].flatMap((b) =>
        addressesOf(b).map(async (address) => ({ address, ok: await lab.pings(ns('charlie'), address, 2) })),
      ),
    );
    expect(fromCharlie.filter((r) => r.ok)).toEqual([]);
    const amongRest = await pingMatrix(['alpha', 'bravo'], rest, 5);
    expect(failed(amongRest, false)).toEqual([]);
  });

  it('invites: single use, expiring, the device brings its own key and the host runs it at once', async () => {
    const created = await host.post<{
      token: string;
      url: string;
      nixLink: string | null;
      qrSvg: string;
      invite: { id: string; status: string };
    }>(`/api/networks/${networkId}/mesh/invites`, { deviceName: 'delta', note: "Dana's laptop", expiresInHours: 2 });
    expect(created.status).toBe(201);
    expect(created.body.url).toMatch(new RegExp(`/join/${created.body.token}$`));
    expect(created.body.nixLink).toMatch(/^nix:\/\/https?-/);
    expect(created.body.qrSvg).toMatch(/^<svg/);
    expect(created.body.invite.status).toBe('pending');

    const anonymous = new TestClient(t.baseUrl);
    const preview = await anonymous.get<{ network: string; deviceName: string; layer: { kind: string; keyAlgorithm: string } }>(
      `/api/mesh/invites/${created.body.token}`,
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ network: networkName, deviceName: 'delta' });
    // The join page makes the key pair the layer asks for.
    expect(preview.body.layer).toMatchObject({ kind: 'wireguard', keyAlgorithm: 'X25519' });

    const own = generateWireGuardKeyPair();
    const taken = await anonymous.post(`/api/mesh/invites/${created.body.token}/accept`, { name: 'alpha', publicKey: own.publicKey });
    expect(taken.status).toBe(409);
    const accepted = await anonymous.post<{ device: PeerView; config: string; qrSvg: string | null; domain: string }>(
      `/api/mesh/invites/${created.body.token}/accept`,
      { name: 'delta', publicKey: own.publicKey },
    );
    expect(accepted.status).toBe(201);
    expect(accepted.body.device).toMatchObject({ name: 'delta', panelHoldsKey: false, publicKey: own.publicKey });
    expect(accepted.body.config).toContain('PrivateKey = {{PRIVATE_KEY}}');
    expect(accepted.body.config).toMatch(new RegExp(`DNS = [^\\n]*${networkName}\\.clan`));
    expect(accepted.body.qrSvg).toBeNull();
    expect(await hostWg(['show', mesh.host!.interfaceName, 'peers'])).toContain(own.publicKey);

    const again = await anonymous.post(`/api/mesh/invites/${created.body.token}/accept`, { name: 'echo' });
    expect(again.status).toBe(410);
    expect(again.body.message).toContain('already been used');
    expect((await anonymous.get(`/api/mesh/invites/${'x'.repeat(32)}`)).status).toBe(404);

    // A phone without its own key: the panel makes the pair and hands out a QR code of the config.
    const phone = await host.post<{ token: string }>(`/api/networks/${networkId}/mesh/invites`, { relayOnly: true });
    const phoneAccepted = await anonymous.post<{ device: PeerView; config: string; qrSvg: string | null }>(
      `/api/mesh/invites/${phone.body.token}/accept`,
      { name: 'phone' },
    );
    expect(phoneAccepted.status).toBe(201);
    expect(phoneAccepted.body.device.panelHoldsKey).toBe(true);
    expect(phoneAccepted.body.qrSvg).toMatch(/^<svg/);
    expect(phoneAccepted.body.config).not.toContain('{{PRIVATE_KEY}}');

    const list = await host.get<{ id: string; status: string; usedByDevice: string | null }[]>(`/api/networks/${networkId}/mesh/invites`);
    expect(list.body.find((i) => i.id === created.body.invite.id)).toMatchObject({ status: 'used', usedByDevice: 'delta' });
    const cancelUsed = await host.delete(`/api/networks/${networkId}/mesh/invites/${created.body.invite.id}`);
    expect(cancelUsed.status).toBe(409);

    const expiring = await host.post<{ token: string; invite: { id: string } }>(`/api/networks/${networkId}/mesh/invites`, {});
    await dataSourceOf(t).query(`UPDATE mesh_invites SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      expiring.body.invite.id,
    ]);
    const late = await anonymous.post(`/api/mesh/invites/${expiring.body.token}/accept`, { name: 'late' });
    expect(late.status).toBe(410);
    expect(late.body.message).toContain('expired');
    const cancelled = await host.post<{ token: string; invite: { id: string } }>(`/api/networks/${networkId}/mesh/invites`, {});
    expect((await host.delete(`/api/networks/${networkId}/mesh/invites/${cancelled.body.invite.id}`)).status).toBe(200);
    expect((await anonymous.post(`/api/mesh/invites/${cancelled.body.token}/accept`, { name: 'never' })).status).toBe(410);
    const bad = await host.post(`/api/networks/${networkId}/mesh/invites`, { expiresInHours: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('expiresInHours');
  });
});
