import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { yggdrasilAddress } from '@clan/vpn';
import { createToken, createUser, dataSourceOf, uniq } from './fixtures/db';
import { YggLab } from './fixtures/ygg-lab';
import { startTestPanel, TestClient, type TestPanel } from './harness';

/**
 * A Yggdrasil network end to end: the panel runs the host's node (the real
 * `yggdrasil`, CLAN_MESH_NETNS = a lab namespace) as the relay every device
 * dials and where the phonebook answers; three devices created through the
 * API run `yggdrasil` with the config the API serves, each in its own
 * namespace, with a resolver pointing at the host's Yggdrasil address. Every
 * pair pings by `<name>.<network>.clan`; after a device is removed it reaches
 * nobody and the others still reach each other. Needs root, iproute2,
 * iputils-ping, nftables and yggdrasil; fails (never skips) naming the
 * Debian package when one is missing.
 */

jest.setTimeout(180_000);

/** Network names are short DNS labels. */
const shortName = () => `ygg-${Math.random().toString(36).slice(2, 8)}`;

interface PeerView {
  name: string;
  kind: string;
  ipv4: string | null;
  ipv6: string | null;
  publicKey: string;
  revoked: boolean;
  online: boolean | null;
}
interface MeshView {
  revision: number;
  layer: { kind: string };
  host: { interfaceName: string; listenPort: number; endpoint: string | null; appliedRevision: number; error: string | null } | null;
  peers: PeerView[];
}

describe('Yggdrasil network with the host node (real yggdrasil in namespaces)', () => {
  const lab = new YggLab('10.254.83');
  const DEVICES = [
    { name: 'alpha', suffix: 'a', octet: 2 },
    { name: 'bravo', suffix: 'b', octet: 3 },
    { name: 'charlie', suffix: 'c', octet: 4 },
  ] as const;
  let t: TestPanel;
  let admin: TestClient;
  let networkId: string;
  let networkName: string;
  let mesh: MeshView;

  const meshOf = async (): Promise<MeshView> => {
    const res = await admin.get<MeshView>(`/api/networks/${networkId}/mesh`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const peer = (name: string) => mesh.peers.find((p) => p.name === name && !p.revoked)!;
  const addressOf = (name: string) => yggdrasilAddress(mesh.peers.find((p) => p.name === name)!.publicKey);
  const fqdn = (name: string) => `${name}.${networkName}.clan`;
  const hostNft = () =>
    lab.lab.must('ip', ['netns', 'exec', lab.hostNs, 'nft', 'list', 'table', 'inet', `clan_ygg_${mesh.host!.interfaceName.slice(4)}`]);

  async function pingMatrix(from: string[], to: string[], attempts: number) {
    const cases = from.flatMap((a) => to.filter((b) => b !== a).map((b) => ({ from: a, to: b })));
    const results = await Promise.all(cases.map(async (c) => ({ ...c, ok: await lab.pings(c.from, fqdn(c.to), attempts) })));
    return results.filter((r) => !r.ok).map((r) => `${r.from} → ${r.to}`);
  }

  beforeAll(async () => {
    await lab.prepare();
    t = await startTestPanel({ CLAN_MESH_HOST: 'true', CLAN_MESH_NETNS: lab.hostNs, CLAN_MESH_ENDPOINT_HOST: lab.hostAddress });
    const user = await createUser(dataSourceOf(t), { username: `host-${uniq()}`, isHostAdmin: true });
    admin = new TestClient(t.baseUrl);
    admin.bearer = (await createToken(dataSourceOf(t), user.id)).token;
  });

  afterAll(async () => {
    await t?.close();
    await lab.cleanup();
  });

  it('creates a network on the Yggdrasil layer (400 in a sentence for a layer that does not exist)', async () => {
    const bad = await admin.post<{ message: string }>('/api/networks', { name: shortName(), meshLayer: 'tinc' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('meshLayer must be one of: wireguard, yggdrasil');

    networkName = shortName();
    const created = await admin.post<{ id: string }>('/api/networks', { name: networkName, meshLayer: 'yggdrasil' });
    expect(created.status).toBe(201);
    networkId = created.body.id;
    mesh = await meshOf();
    expect(mesh.layer.kind).toBe('yggdrasil');
  });

  it('runs the host node in the lab namespace: its interface, its address, only members allowed', async () => {
    for (const device of DEVICES) {
      const res = await admin.post<PeerView>(`/api/networks/${networkId}/mesh/devices`, { name: device.name });
      expect(res.status).toBe(201);
    }
    mesh = await meshOf();
    expect(mesh.host).toMatchObject({ error: null, endpoint: `${lab.hostAddress}:${mesh.host!.listenPort}` });
    // Addresses come from the keys: no IPv4 on a Yggdrasil network.
    for (const p of mesh.peers) expect([p.name, p.ipv4, p.ipv6]).toEqual([p.name, null, yggdrasilAddress(p.publicKey)]);
    expect(mesh.host!.appliedRevision).toBe(mesh.revision);
    const name = mesh.host!.interfaceName;
    const shown = await lab.lab.must('ip', ['-n', lab.hostNs, '-o', '-6', 'addr', 'show', 'dev', name]);
    expect(shown).toContain(` ${addressOf('panel')}/7 `);
    // The node config is private to the panel, and it allows the three devices and nobody else.
    const stateDir = join(t.config.stateDir, 'mesh-yggdrasil');
    expect(statSync(join(stateDir, `${name}.conf`)).mode & 0o777).toBe(0o600);
    const node = JSON.parse(readFileSync(join(stateDir, `${name}.conf`), 'utf8')) as Record<string, unknown>;
    expect(node['AllowedPublicKeys']).toEqual(DEVICES.map((d) => peer(d.name).publicKey).sort());
    expect(node).toMatchObject({ IfName: name, Peers: [], MulticastInterfaces: [], NodeInfoPrivacy: true });
    expect(node['Listen']).toEqual([`tls://[::]:${mesh.host!.listenPort}`]);
    // The member firewall lists the members' addresses.
    const table = await hostNft();
    for (const member of [...DEVICES.map((d) => d.name), 'panel']) expect(table).toContain(addressOf(member));
  });

  it('every pair of devices, and the host, pings by <name>.<network>.clan (AAAA from the phonebook, no A)', async () => {
    for (const device of DEVICES) {
      await lab.addPeer(device.name, device.suffix, device.octet);
      const config = await admin.get<string | Record<string, unknown>>(`/api/networks/${networkId}/mesh/devices/${device.name}/config`);
      expect(config.status).toBe(200);
      // The JSON config (the client parses it when the panel says application/json).
      const text = typeof config.body === 'string' ? config.body : JSON.stringify(config.body);
      const node = JSON.parse(text) as Record<string, unknown>;
      // Devices dial the host only, and peer with nobody outside the network.
      expect(node['Peers']).toEqual([`tls://${lab.hostAddress}:${mesh.host!.listenPort}`]);
      expect(node['MulticastInterfaces']).toEqual([]);
      await lab.run(device.name, text, 'clan-ygg');
      lab.useResolver(device.name, addressOf('panel'));
    }
    const names = DEVICES.map((d) => d.name);
    expect(await pingMatrix(names, [...names, 'panel'], 20)).toEqual([]);
    for (const from of names) {
      const aaaa = await lab.lab.exec(lab.peer(from).ns, 'getent', ['ahostsv6', fqdn('bravo')]);
      expect([from, aaaa.code, aaaa.stdout.split(/\s+/)[0]]).toEqual([from, 0, addressOf('bravo')]);
      // No IPv4 address on a Yggdrasil network.
      expect((await lab.lab.exec(lab.peer(from).ns, 'getent', ['ahostsv4', fqdn('bravo')])).code).not.toBe(0);
    }
    expect((await lab.lab.exec(lab.peer('alpha').ns, 'getent', ['hosts', fqdn('nobody')])).code).not.toBe(0);
  });

  it('shows the devices online (from yggdrasilctl on the host node)', async () => {
    mesh = await meshOf();
    for (const d of DEVICES) expect([d.name, peer(d.name).online]).toEqual([d.name, true]);
    expect(peer('panel').online).toBe(true);
  });

  it('after DELETE the removed device reaches nobody; the others still reach each other and the host', async () => {
    const removed = await admin.delete(`/api/networks/${networkId}/mesh/devices/charlie`);
    expect(removed.status).toBe(200);
    mesh = await meshOf();
    expect(mesh.host!.appliedRevision).toBe(mesh.revision);
    // The cut came first: the member firewall no longer lists charlie, and the node no longer allows its key.
    expect(await hostNft()).not.toContain(addressOf('charlie'));
    const node = JSON.parse(readFileSync(join(t.config.stateDir, 'mesh-yggdrasil', `${mesh.host!.interfaceName}.conf`), 'utf8')) as {
      AllowedPublicKeys: string[];
    };
    expect(node.AllowedPublicKeys).not.toContain(mesh.peers.find((p) => p.name === 'charlie')!.publicKey);

    expect(await pingMatrix(['alpha', 'bravo'], ['alpha', 'bravo', 'panel'], 30)).toEqual([]);
    // charlie still runs its old config, which trusts everyone; nobody trusts it back.
    const fromCharlie = await Promise.all(
      ['alpha', 'bravo', 'panel'].map(async (name) => ({ name, ok: await lab.pings('charlie', addressOf(name), 3) })),
    );
    expect(fromCharlie.filter((r) => r.ok)).toEqual([]);
    // And the phonebook forgot it.
    expect((await lab.lab.exec(lab.peer('alpha').ns, 'getent', ['hosts', fqdn('charlie')])).code).not.toBe(0);
  });

  it('starts the host node again when it dies', async () => {
    const name = mesh.host!.interfaceName;
    const pidFile = join(t.config.stateDir, 'mesh-yggdrasil', `${name}.pid`);
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    process.kill(pid, 'SIGKILL');
    let restarted = false;
    for (let i = 0; i < 100 && !restarted; i++) {
      await new Promise((r) => setTimeout(r, 100));
      let now = 0;
      try {
        now = Number(readFileSync(pidFile, 'utf8').trim());
      } catch {
        // Between the old pid file's removal and the new one.
      }
      restarted = now !== pid && now > 0;
    }
    expect(restarted).toBe(true);
    expect(await pingMatrix(['alpha'], ['bravo', 'panel'], 30)).toEqual([]);
  });
});
