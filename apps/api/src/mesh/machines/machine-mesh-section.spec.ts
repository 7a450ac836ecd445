import { validateMachineConfig } from '@clan/nix-schema';
import {
  addressesForIndex,
  generateWireGuardKeyPair,
  generateYggdrasilKeyPair,
  type MeshNetwork,
  type MeshPeer,
  networkAddressing,
  planWireGuardMesh,
  VpnError,
  wireGuardPeerPlan,
  yggdrasilAddress,
  YggdrasilLayer,
} from '@clan/vpn';
import { MESH_KEY_FILE, machineMeshSections } from './machine-mesh-section';
import { meshCommitMessage } from './mesh-commit-message';

type Spec = Pick<MeshPeer, 'name' | 'kind'> & Partial<MeshPeer>;

/** A network with real keys, addressed like the panel does (index 1 the host, peers from 2). */
function network(specs: Spec[]): { mesh: MeshNetwork; privateKeys: string[] } {
  const addressing = networkAddressing('0d6f3a52-1c7e-4d1b-9a4e-3b2c1d0e9f87', '10.100.7.0/24');
  const privateKeys: string[] = [];
  const peers = specs.map((spec, i): MeshPeer => {
    const keys = generateWireGuardKeyPair();
    privateKeys.push(keys.privateKey);
    return {
      endpoint: null,
      behindNat: spec.endpoint === undefined || spec.endpoint === null,
      isRelay: false,
      listenPort: null,
      ...addressesForIndex(addressing, spec.name === 'panel' ? 1 : i + 2),
      ...spec,
      publicKey: keys.publicKey,
    };
  });
  return { mesh: { name: 'family', ...addressing, peers }, privateKeys };
}

describe('machineMeshSections', () => {
  // The host relays (as MeshService models it), two machines without endpoints, a laptop with one, a phone without.
  const { mesh, privateKeys } = network([
    { name: 'panel', kind: 'machine', endpoint: '192.0.2.1:51900', isRelay: true, behindNat: false, listenPort: 51900 },
    { name: 'nas', kind: 'machine' },
    { name: 'web', kind: 'machine' },
    { name: 'laptop', kind: 'device', endpoint: '198.51.100.7:51820', behindNat: false, listenPort: 51820 },
    { name: 'phone', kind: 'device', relayOnly: true },
  ]);
  const sections = machineMeshSections(mesh, ['nas', 'web']);

  it('gives each machine its addresses with prefix (IPv4 /24, IPv6 /64), the delivered key file and the default port', () => {
    const nas = mesh.peers.find((p) => p.name === 'nas') as MeshPeer;
    expect(Object.keys(sections)).toEqual(['nas', 'web']);
    expect(sections['nas']).toMatchObject({
      enable: true,
      addresses: [`${nas.ipv4}/24`, `${nas.ipv6}/64`],
      listenPort: 51820,
      privateKeyFile: '/run/clan-secrets/mesh/wireguard.key',
    });
    expect(MESH_KEY_FILE.startsWith('/nix/store')).toBe(false);
  });

  it('lists exactly the sections libs/vpn plans for the machine: direct peers, and the relay for the rest', () => {
    const plan = planWireGuardMesh(mesh);
    for (const machine of ['nas', 'web']) {
      const expected = wireGuardPeerPlan(plan, machine).peers.map((p) => ({
        publicKey: p.publicKey,
        endpoint: p.endpoint,
        allowedIPs: p.allowedIps,
        persistentKeepalive: p.persistentKeepalive,
      }));
      expect(sections[machine].peers).toEqual(expected);
    }
    // nas reaches the laptop directly; web and the phone through the host, whose section carries the whole network.
    const byKey = new Map(sections['nas'].peers.map((p) => [p.publicKey, p]));
    const [panel, , , laptop] = mesh.peers;
    expect(byKey.get(laptop.publicKey)).toEqual({
      publicKey: laptop.publicKey,
      endpoint: '198.51.100.7:51820',
      allowedIPs: [`${laptop.ipv4}/32`, `${laptop.ipv6}/128`],
      persistentKeepalive: 25,
    });
    expect(byKey.get(panel.publicKey)?.allowedIPs).toEqual([mesh.ipv4Range, mesh.ipv6Prefix]);
    expect(sections['nas'].peers).toHaveLength(2);
  });

  it('is a valid configs.json section (nix-schema) and carries no private key in any form', () => {
    for (const [machine, section] of Object.entries(sections)) {
      const checked = validateMachineConfig({ mesh: section }, machine);
      expect(checked).toEqual({ ok: true, value: expect.objectContaining({ mesh: section }) });
      const text = JSON.stringify(section);
      for (const key of privateKeys) {
        expect(text).not.toContain(key);
        expect(text).not.toContain(Buffer.from(key, 'base64').toString('hex'));
      }
      // Every key-shaped value is a public key of the mesh.
      const publicKeys = new Set(mesh.peers.map((p) => p.publicKey));
      for (const value of text.match(/[A-Za-z0-9+/]{43}=/g) ?? []) expect(publicKeys.has(value)).toBe(true);
    }
  });

  it('renders nothing for no machines, and refuses a mesh libs/vpn cannot render', () => {
    expect(machineMeshSections(mesh, [])).toEqual({});
    expect(() => machineMeshSections(mesh, ['nobody'])).toThrow(VpnError);
    const broken = { ...mesh, peers: [...mesh.peers, { ...mesh.peers[1], name: 'twin' }] };
    expect(() => machineMeshSections(broken, ['nas'])).toThrow(/same public key/);
  });
});

describe('meshCommitMessage', () => {
  it('takes the reason as the subject and names machines that joined or left in the body', () => {
    expect(meshCommitMessage('mesh: laptop-anna removed', [], [])).toBe('mesh: laptop-anna removed');
    expect(meshCommitMessage('mesh: laptop-anna removed', ['nas'], ['old'])).toBe(
      'mesh: laptop-anna removed\n\nMachines: nas joined; old left.',
    );
  });

  it('says what happened to the machines without a reason', () => {
    expect(meshCommitMessage(null, ['nas', 'web'], [])).toBe('mesh: nas, web joined');
    expect(meshCommitMessage('  ', [], ['old'])).toBe('mesh: old left');
    expect(meshCommitMessage(null, ['a', 'b', 'c', 'd', 'e', 'f'], [])).toBe('mesh: a, b, c, d and 2 more joined');
    expect(meshCommitMessage(null, [], [])).toBe('mesh: machine sections brought up to date');
  });

  it('keeps the subject one line of bounded length', () => {
    expect(meshCommitMessage('mesh: a\nb\u0000c', [], [])).toBe('mesh: a b c');
    expect(meshCommitMessage('x'.repeat(500), [], [])).toHaveLength(200);
  });
});

describe('machineMeshSections on a Yggdrasil network', () => {
  const key = () => generateYggdrasilKeyPair().publicKey;
  const mesh: MeshNetwork = {
    name: 'family',
    ipv4Range: '10.100.7.0/24',
    ipv6Prefix: 'fd00::/64',
    peers: [
      {
        name: 'panel',
        kind: 'machine',
        publicKey: key(),
        ipv4: null,
        ipv6: null,
        endpoint: '192.0.2.1:51900',
        behindNat: false,
        isRelay: true,
        listenPort: 51900,
      },
      {
        name: 'nas',
        kind: 'machine',
        publicKey: key(),
        ipv4: null,
        ipv6: null,
        endpoint: null,
        behindNat: true,
        isRelay: false,
        listenPort: null,
      },
      {
        name: 'phone',
        kind: 'device',
        publicKey: key(),
        ipv4: null,
        ipv6: null,
        endpoint: null,
        behindNat: true,
        isRelay: false,
        listenPort: null,
      },
    ],
  };
  const layer = new YggdrasilLayer();
  const panel = yggdrasilAddress(mesh.peers[0].publicKey);
  const sections = machineMeshSections(mesh, ['nas'], layer, [panel]);

  it("names the layer's key file, dials the host, lists every member's key and address, asks the host's phonebook", () => {
    expect(sections['nas']).toMatchObject({
      enable: true,
      addresses: [],
      privateKeyFile: '/run/clan-secrets/mesh/yggdrasil.key',
      domain: 'nas.family.clan',
      nameservers: [panel],
    });
    expect(sections['nas'].peers.find((p) => p.endpoint !== null)).toEqual({
      publicKey: mesh.peers[0].publicKey,
      endpoint: 'tls://192.0.2.1:51900',
      allowedIPs: [`${panel}/128`],
      persistentKeepalive: null,
    });
    expect(sections['nas'].peers.map((p) => p.publicKey).sort()).toEqual([mesh.peers[0].publicKey, mesh.peers[2].publicKey].sort());
    // What configs.json accepts for a Yggdrasil machine.
    const checked = validateMachineConfig({ networkLayer: 'yggdrasil', mesh: sections['nas'] }, 'nas');
    expect(checked.ok).toBe(true);
  });
});
