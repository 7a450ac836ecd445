import { fillPrivateKey, generateWireGuardKeyPair, interfaceAddresses, PRIVATE_KEY_PLACEHOLDER } from '@clan/vpn';
import { NetnsLab, requireLabTools } from '@clan/vpn/testing';
import { NetworkRole } from '@clan/contracts';
import { addMember, createNetwork, createToken, createUser, dataSourceOf, uniq } from './fixtures/db';
import { startTestPanel, TestClient, type TestPanel } from './harness';

/**
 * The mesh API on real Postgres, and the configs it serves on a real
 * WireGuard mesh: one network namespace and one wireguard-go per device, as
 * libs/vpn's mesh.int.spec.ts does with configs rendered in-process. Needs
 * root and the Debian packages iproute2, wireguard-go, wireguard-tools,
 * iputils-ping, nftables; fails (never skips) naming them when missing.
 */

jest.setTimeout(60_000);

interface PeerView {
  name: string;
  kind: string;
  ipv4: string | null;
  ipv6: string | null;
  publicKey: string;
  endpoint: string | null;
  relay: boolean;
  relayOnly: boolean;
  panelHoldsKey: boolean;
  revoked: boolean;
}
interface MeshView {
  ipv4Cidr: string;
  ipv6Prefix: string;
  peers: PeerView[];
}

describe('mesh API (real Postgres)', () => {
  let t: TestPanel;
  let host: TestClient;

  beforeAll(async () => {
    t = await startTestPanel();
    const admin = await createUser(dataSourceOf(t), { username: `host-${uniq()}`, isHostAdmin: true });
    host = new TestClient(t.baseUrl);
    host.bearer = (await createToken(dataSourceOf(t), admin.id)).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  const newNetwork = async () => (await createNetwork(dataSourceOf(t), `mesh-${uniq()}`)).id;
  const meshOf = async (networkId: string): Promise<MeshView> => {
    const res = await host.get<MeshView>(`/api/networks/${networkId}/mesh`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('gives every network its own /24 and ULA /64, stable across reads', async () => {
    const [a, b] = [await newNetwork(), await newNetwork()];
    const [meshA, meshB] = await Promise.all([meshOf(a), meshOf(b)]);
    expect(meshA.ipv4Cidr).toMatch(/^10\.10[0-3]\.\d+\.0\/24$/);
    expect(meshB.ipv4Cidr).toMatch(/^10\.10[0-3]\.\d+\.0\/24$/);
    expect(meshA.ipv4Cidr).not.toBe(meshB.ipv4Cidr);
    expect(meshA.ipv6Prefix).toMatch(/^fd[0-9a-f:]+::\/64$/);
    expect(meshA.ipv6Prefix).not.toBe(meshB.ipv6Prefix);
    expect(await meshOf(a)).toEqual({ ...meshA, peers: [] });
  });

  it("says which layer a network's mesh uses, and answers 409 in a sentence for a layer this panel does not run", async () => {
    const networkId = await newNetwork();
    const mesh = await host.get<{ layer: Record<string, unknown> }>(`/api/networks/${networkId}/mesh`);
    expect(mesh.body.layer).toEqual({
      kind: 'wireguard',
      title: 'WireGuard',
      keyAlgorithm: 'X25519',
      publicKeyEncoding: 'base64',
      publicKeyLength: 44,
      configFormats: ['wg-quick', 'syncconf'],
    });
    expect((await host.post(`/api/networks/${networkId}/mesh/devices`, { name: 'laptop' })).status).toBe(201);
    const badFormat = await host.get(`/api/networks/${networkId}/mesh/devices/laptop/config?format=ini`);
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.message).toContain('format must be one of: wg-quick, syncconf');

    await dataSourceOf(t).query(`UPDATE mesh_networks SET layer = 'tinc' WHERE network_id = $1`, [networkId]);
    const sentence = "This network's mesh layer (tinc) is not available on this panel yet.";
    for (const res of [
      await host.get(`/api/networks/${networkId}/mesh`),
      await host.post(`/api/networks/${networkId}/mesh/devices`, { name: 'phone' }),
      await host.get(`/api/networks/${networkId}/mesh/devices/laptop/config`),
      await host.post(`/api/networks/${networkId}/mesh/invites`, {}),
    ]) {
      expect({ status: res.status, message: res.body.message }).toEqual({ status: 409, message: sentence });
    }
  });

  it('50 concurrent device creations get 50 distinct addresses, the lowest ones', async () => {
    const networkId = await newNetwork();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => host.post<PeerView>(`/api/networks/${networkId}/mesh/devices`, { name: `dev-${i}` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const mesh = await meshOf(networkId);
    const prefix = mesh.ipv4Cidr.replace(/0\/24$/, '');
    const ipv4s = results.map((r) => r.body.ipv4);
    expect(new Set(ipv4s).size).toBe(50);
    expect(new Set(results.map((r) => r.body.ipv6)).size).toBe(50);
    // Index 1 is the panel host's; peers take 2 … 51 with no gap.
    expect(ipv4s.map((a) => Number(a!.slice(prefix.length))).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    expect(mesh.peers).toHaveLength(50);
  });

  it('refuses bad devices with a sentence: taken name, bad key, bad endpoint, relay without endpoint', async () => {
    const networkId = await newNetwork();
    const url = `/api/networks/${networkId}/mesh/devices`;
    expect((await host.post(url, { name: 'laptop' })).status).toBe(201);
    const taken = await host.post(url, { name: 'laptop' });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toContain('already has a peer named "laptop"');
    const badKey = await host.post(url, { name: 'phone', publicKey: 'A'.repeat(43) + '!' });
    expect(badKey.status).toBe(400);
    expect(badKey.body.fields).toEqual([expect.objectContaining({ field: 'publicKey' })]);
    const badEndpoint = await host.post(url, { name: 'phone', endpoint: 'nowhere' });
    expect(badEndpoint.status).toBe(400);
    expect(badEndpoint.body.message).toContain('host:port');
    const relay = await host.post(url, { name: 'phone', relay: true });
    expect(relay.status).toBe(400);
    expect(relay.body.fields).toEqual([expect.objectContaining({ field: 'relay' })]);
    const badName = await host.post(url, { name: 'Not_A_Label' });
    expect(badName.status).toBe(400);
    expect(badName.body.code).toBe('VALIDATION_FAILED');
    const unknown = await host.get(`/api/networks/${networkId}/mesh/devices/nobody/config`);
    expect(unknown.status).toBe(404);
  });

  it('keeps only the public key of a device that brings its own, and serves the placeholder in its config', async () => {
    const networkId = await newNetwork();
    const own = generateWireGuardKeyPair();
    const created = await host.post<PeerView>(`/api/networks/${networkId}/mesh/devices`, { name: 'own-key', publicKey: own.publicKey });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ publicKey: own.publicKey, panelHoldsKey: false, revoked: false, kind: 'device' });
    const config = await host.get<string>(`/api/networks/${networkId}/mesh/devices/own-key/config`);
    expect(config.status).toBe(200);
    expect(config.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(config.body).toContain(`PrivateKey = ${PRIVATE_KEY_PLACEHOLDER}`);
    expect(config.body).not.toContain(own.privateKey);
    expect(config.body).toContain(`Address = ${created.body.ipv4}/24`);
  });

  it('refuses configs to a viewer (they carry private keys) but lets them read the member list', async () => {
    const networkId = await newNetwork();
    expect((await host.post(`/api/networks/${networkId}/mesh/devices`, { name: 'laptop' })).status).toBe(201);
    const viewer = await createUser(dataSourceOf(t), { username: `viewer-${uniq()}` });
    await addMember(dataSourceOf(t), networkId, viewer.id, NetworkRole.Viewer);
    const client = new TestClient(t.baseUrl);
    client.bearer = (await createToken(dataSourceOf(t), viewer.id)).token;
    expect((await client.get(`/api/networks/${networkId}/mesh`)).status).toBe(200);
    expect((await client.get(`/api/networks/${networkId}/mesh/devices/laptop/config`)).status).toBe(403);
    expect((await client.delete(`/api/networks/${networkId}/mesh/devices/laptop`)).status).toBe(403);
  });

  it('reachability rules: defaults, a checked replacement, every problem in one 400, viewers may only read', async () => {
    const networkId = await newNetwork();
    expect((await host.post(`/api/networks/${networkId}/mesh/devices`, { name: 'laptop' })).status).toBe(201);
    const url = `/api/networks/${networkId}/mesh/rules`;
    const initial = await host.get<{ rules: { id: string }[]; isDefault: boolean }>(url);
    expect(initial.status).toBe(200);
    expect(initial.body.isDefault).toBe(true);
    expect(initial.body.rules.map((r) => r.id)).toEqual(['members-reach-apps', 'admins-reach-ssh']);

    const bad = await host.request('PUT', url, {
      rules: [
        { id: 'Bad Id', from: {}, to: {}, ports: ['apps'] },
        { id: 'ghost', from: { peers: ['nobody'] }, to: {}, ports: [] },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('a rule id is 1–63');
    expect(bad.body.message).toContain('names the peer "nobody"');
    expect(bad.body.message).toContain('allows no ports');
    const shapeless = await host.request('PUT', url, { rules: [{ id: 'x', from: 'everyone', ports: ['ssh'] }] });
    expect(shapeless.status).toBe(400);
    expect(shapeless.body.fields).toEqual([expect.objectContaining({ field: 'rules[0]' })]);
    expect((await host.get<{ isDefault: boolean }>(url)).body.isDefault).toBe(true);

    const rules = [{ id: 'laptop-ssh', from: { peers: ['laptop'] }, to: {}, ports: ['ssh', { port: 8443, protocol: 'tcp' }] }];
    const saved = await host.request<{ rules: unknown[]; isDefault: boolean }>('PUT', url, { rules });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ rules, isDefault: false });
    const before = (await meshOf(networkId)).revision;
    expect(before).toBeGreaterThan(0);

    const viewer = await createUser(dataSourceOf(t), { username: `viewer-${uniq()}` });
    await addMember(dataSourceOf(t), networkId, viewer.id, NetworkRole.Viewer);
    const client = new TestClient(t.baseUrl);
    client.bearer = (await createToken(dataSourceOf(t), viewer.id)).token;
    expect((await client.get(url)).status).toBe(200);
    expect((await client.request('PUT', url, { rules: [] })).status).toBe(403);
  });

  describe('the served configs on a real WireGuard mesh (wireguard-go in network namespaces)', () => {
    const lab = new NetnsLab();
    const UNDERLAY = '10.254.78';
    // alpha and bravo get panel-generated keys; charlie brings its own (the placeholder is filled on "the device").
    const DEVICES = [
      { name: 'alpha', suffix: 'a' },
      { name: 'bravo', suffix: 'b' },
      { name: 'charlie', suffix: 'c' },
    ] as const;
    const ns = (name: string) => `${lab.id}-${name}`;
    const ifname = (name: string) => `${lab.id}${DEVICES.find((d) => d.name === name)!.suffix}`;
    const charlieKeys = generateWireGuardKeyPair();
    let networkId: string;
    let mesh: MeshView;

    const addressesOf = (name: string) => {
      const peer = mesh.peers.find((p) => p.name === name)!;
      return [peer.ipv4!, peer.ipv6!];
    };

    /** Fetches the device's `wg` form from the API and applies it with `wg <verb>` in its namespace. */
    async function applyFromApi(name: string, verb: 'setconf' | 'syncconf'): Promise<string> {
      const res = await host.get<string>(`/api/networks/${networkId}/mesh/devices/${name}/config?format=syncconf`);
      expect(res.status).toBe(200);
      const text = name === 'charlie' ? fillPrivateKey(res.body, charlieKeys.privateKey) : res.body;
      await lab.must('ip', ['netns', 'exec', ns(name), 'wg', verb, ifname(name), lab.secretFile(`${name}-${verb}.conf`, text)]);
      return text;
    }

    async function pingMatrix(from: string[], to: string[], attempts: number) {
      const cases = from.flatMap((a) =>
        to.filter((b) => b !== a).flatMap((b) => addressesOf(b).map((address) => ({ from: a, to: b, address }))),
      );
      return Promise.all(cases.map(async (c) => ({ ...c, ok: await lab.pings(ns(c.from), c.address, attempts) })));
    }
    const failed = (results: { from: string; to: string; address: string; ok: boolean }[], ok: boolean) =>
      results.filter((r) => r.ok === ok).map((r) => `${r.from} → ${r.to} (${r.address})`);

    beforeAll(async () => {
      requireLabTools();
      networkId = await newNetwork();
      for (const [i, device] of DEVICES.entries()) {
        const res = await host.post<PeerView>(`/api/networks/${networkId}/mesh/devices`, {
          name: device.name,
          endpoint: `${UNDERLAY}.${i + 1}:51820`,
          ...(device.name === 'charlie' ? { publicKey: charlieKeys.publicKey } : {}),
        });
        expect(res.status).toBe(201);
      }
      mesh = await meshOf(networkId);

      await lab.createUnderlay();
      for (const [i, device] of DEVICES.entries()) {
        await lab.addNamespace(ns(device.name));
        await lab.connect(ns(device.name), device.suffix, `${UNDERLAY}.${i + 1}/24`);
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
      await lab.cleanup();
    });

    it('runs the served keys: the panel-held private keys, and the own key only on its device', async () => {
      for (const device of DEVICES) {
        const shown = await lab.must('ip', ['netns', 'exec', ns(device.name), 'wg', 'show', ifname(device.name), 'public-key']);
        expect(shown.trim()).toBe(mesh.peers.find((p) => p.name === device.name)!.publicKey);
      }
      expect(mesh.peers.find((p) => p.name === 'charlie')!.panelHoldsKey).toBe(false);
    });

    it('every pair pings over the mesh, IPv4 and IPv6', async () => {
      const names = DEVICES.map((d) => d.name);
      const results = await pingMatrix(names, names, 5);
      expect(failed(results, false)).toEqual([]);
      expect(results).toHaveLength(3 * 2 * 2);
    });

    it('after DELETE of charlie and syncconf of the others, charlie reaches nobody and the rest still reach each other', async () => {
      const removed = await host.delete<PeerView>(`/api/networks/${networkId}/mesh/devices/charlie`);
      expect(removed.status).toBe(200);
      expect(removed.body).toMatchObject({ name: 'charlie', revoked: true, ipv4: null, ipv6: null });
      const after = await meshOf(networkId);
      expect(after.peers.map((p) => [p.name, p.revoked])).toEqual([
        ['alpha', false],
        ['bravo', false],
        ['charlie', true],
      ]);
      expect((await host.get(`/api/networks/${networkId}/mesh/devices/charlie/config`)).status).toBe(404);
      for (const name of ['alpha', 'bravo']) {
        const text = await applyFromApi(name, 'syncconf');
        expect(text).not.toContain(charlieKeys.publicKey);
        const peers = await lab.must('ip', ['netns', 'exec', ns(name), 'wg', 'show', ifname(name), 'peers']);
        expect(peers).not.toContain(charlieKeys.publicKey);
      }
      const rest = ['alpha', 'bravo'];
      const [fromCharlie, toCharlie, amongRest] = await Promise.all([
        pingMatrix(['charlie'], rest, 2),
        pingMatrix(rest, ['charlie'], 2),
        pingMatrix(rest, rest, 5),
      ]);
      expect(failed(fromCharlie, true)).toEqual([]);
      expect(failed(toCharlie, true)).toEqual([]);
      expect(failed(amongRest, false)).toEqual([]);
      expect(fromCharlie).toHaveLength(4);
      expect(amongRest).toHaveLength(4);
    });
  });
});
