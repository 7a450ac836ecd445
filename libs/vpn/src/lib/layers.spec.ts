import { VpnError } from './errors';
import { isMeshLayerKind, meshLayer, MESH_LAYER_KINDS } from './layers';
import { mergeNixos } from './json';
import type { MeshLayerKind } from './mesh';
import { wireGuardTestNetwork, yggdrasilTestNetwork, type PeerSpec } from './testing/fixtures';
import { parseWgConfig, PRIVATE_KEY_PLACEHOLDER } from './wireguard/wg-quick';
import { yggdrasilAddress } from './yggdrasil/address';

const specs: PeerSpec[] = [
  { name: 'hub', endpoint: '203.0.113.1:51820', isRelay: true },
  { name: 'nas', endpoint: '203.0.113.2:51820' },
  { name: 'phone', kind: 'device', behindNat: true, listenPort: null },
];

function fixture(kind: MeshLayerKind) {
  return kind === 'wireguard' ? wireGuardTestNetwork(specs) : yggdrasilTestNetwork(specs);
}

describe.each(MESH_LAYER_KINDS.map((k) => [k]))('MeshLayer %s', (kind) => {
  const layer = meshLayer(kind);
  const { network, privateKeys } = fixture(kind);

  it('names its interface as the cLAN NixOS module does', () => {
    expect(layer.kind).toBe(kind);
    expect(layer.interfaceName).toBe(kind === 'wireguard' ? 'clan-wg' : 'clan-ygg');
    expect(meshLayer(kind, 'clw-family').interfaceName).toBe('clw-family');
  });

  it('validates the network and gives each peer its mesh addresses', () => {
    expect(() => layer.validateNetwork(network)).not.toThrow();
    const nas = network.peers.find((p) => p.name === 'nas')!;
    expect(layer.addressesOf(network, 'nas')).toEqual(kind === 'wireguard' ? [nas.ipv4, nas.ipv6] : [yggdrasilAddress(nas.publicKey)]);
    expect(() => layer.addressesOf(network, 'ghost')).toThrow(VpnError);
  });

  it('renders a peer config with the private key only when given one', () => {
    const without = layer.renderPeerConfig(network, 'phone');
    expect(without).toContain(PRIVATE_KEY_PLACEHOLDER);
    for (const key of privateKeys.values()) expect(without).not.toContain(key);
    const withKey = layer.renderPeerConfig(network, 'phone', { privateKey: privateKeys.get('phone') });
    expect(withKey).toContain(privateKeys.get('phone'));
    expect(withKey).not.toContain(PRIVATE_KEY_PLACEHOLDER);
    if (kind === 'wireguard') expect(parseWgConfig(withKey, 'wg-quick').peers.length).toBeGreaterThan(0);
    else expect(JSON.parse(withKey)['PrivateKey']).toBe(privateKeys.get('phone'));
  });

  it('renders NixOS values and firewall for every machine without any private key', () => {
    const all = network.peers.map((p) =>
      mergeNixos(
        layer.renderNixos(network, p.name, { privateKeyFile: '/var/lib/clan/mesh/key' }),
        layer.renderFirewall(network, p.name).nixos,
      ),
    );
    const text = JSON.stringify(all);
    for (const key of privateKeys.values()) expect(text).not.toContain(key);
    expect(text).toContain('/var/lib/clan/mesh/key');
    expect(() => layer.renderNixos(network, 'nas', { privateKeyFile: '/nix/store/k' })).toThrow('outside the Nix store');
  });

  it('says which ports the layer needs open', () => {
    const fw = layer.renderFirewall(network, 'nas');
    const port = network.peers.find((p) => p.name === 'nas')!.listenPort;
    expect(fw.openPorts).toEqual([{ protocol: kind === 'wireguard' ? 'udp' : 'tcp', port }]);
    expect(layer.renderFirewall(network, 'phone').openPorts).toEqual([]);
    // WireGuard's interface only carries configured peers; Yggdrasil needs a member filter.
    if (kind === 'wireguard') expect(fw.nftables).toBeNull();
    else expect(fw.nftables).toContain('ip6 saddr != @members drop');
  });
});

describe.each(MESH_LAYER_KINDS.map((k) => [k]))('MeshLayer %s: what the panel and a joining device need', (kind) => {
  const layer = meshLayer(kind);

  it('makes key pairs whose public key it accepts, and refuses anything else in a sentence', () => {
    const pair = layer.generateKeyPair();
    expect(layer.publicKeyProblem(pair.publicKey)).toBeNull();
    expect(pair.publicKey).toHaveLength(layer.deviceKey.publicKeyLength);
    expect(pair.privateKey).not.toBe(pair.publicKey);
    for (const bad of ['', 'short', pair.publicKey.slice(1), 42, null]) expect(layer.publicKeyProblem(bad)).toContain(layer.title);
    expect(layer.deviceKey.algorithm).toBe(kind === 'wireguard' ? 'X25519' : 'Ed25519');
  });

  it('writes the machine key file from the private key only', () => {
    const pair = layer.generateKeyPair();
    const file = layer.renderMachineKeyFile(pair.privateKey);
    expect(file).toContain(pair.privateKey);
    expect(file.endsWith('\n')).toBe(true);
    expect(() => layer.renderMachineKeyFile('nope')).toThrow(VpnError);
    expect(layer.machineKeyFileName).toBe(`${kind}.key`);
  });

  it('renders its default config format, and refuses one it does not know', () => {
    const { network } = fixture(kind);
    expect(layer.renderPeerConfig(network, 'phone', { format: layer.configFormats[0] })).toBe(layer.renderPeerConfig(network, 'phone'));
    expect(() => layer.renderPeerConfig(network, 'phone', { format: 'ini' })).toThrow(
      `format must be one of: ${layer.configFormats.join(', ')} (the ${layer.title} config forms).`,
    );
  });
});

describe('WireGuardLayer for the panel', () => {
  const layer = meshLayer('wireguard');
  const { network, privateKeys } = wireGuardTestNetwork(specs);

  it('a host only machines can dial (an endpoint, not a relay) lists them on its interface; with no endpoint at all, nobody can', () => {
    const only = (hostEndpoint: string | null) =>
      wireGuardTestNetwork([
        { name: 'panel', endpoint: hostEndpoint },
        { name: 'files', behindNat: true, listenPort: null },
      ]);
    const reachable = only('10.213.0.1:52820');
    const host = layer.renderHostInterface(reachable.network, 'panel', { privateKey: reachable.privateKeys.get('panel')! });
    expect(host.peers).toBe(1);
    expect(host.config).toContain(reachable.network.peers[1].publicKey);
    // The same mesh with no endpoint for the host: no peer can start a handshake, so none is listed.
    const unreachable = only(null);
    expect(layer.renderHostInterface(unreachable.network, 'panel', { privateKey: unreachable.privateKeys.get('panel')! }).peers).toBe(0);
  });

  it('renders the syncconf form, the host interface and the machine sections from the same plan', () => {
    const syncconf = layer.renderPeerConfig(network, 'hub', { format: 'syncconf', privateKey: privateKeys.get('hub') });
    expect(parseWgConfig(syncconf, 'wg').interface.addresses).toEqual([]);
    const host = layer.renderHostInterface(network, 'hub', { privateKey: privateKeys.get('hub')! });
    // Every pair has a direct path (nas has an endpoint), so the hub relays nothing.
    expect(host).toEqual({ config: syncconf, forwards: false, peers: 2 });
    const sections = layer.renderMachineSections(network, ['nas'], { privateKeyFile: '/run/k' });
    expect(Object.keys(sections)).toEqual(['nas']);
    expect(sections['nas']).toMatchObject({ enable: true, privateKeyFile: '/run/k', listenPort: 51820 });
  });
});

describe('meshLayer', () => {
  it('tells layer names apart', () => {
    expect(MESH_LAYER_KINDS.every(isMeshLayerKind)).toBe(true);
    expect(isMeshLayerKind('tinc')).toBe(false);
    expect(isMeshLayerKind(undefined)).toBe(false);
  });

  it('refuses an unknown layer in a sentence', () => {
    expect(() => meshLayer('tinc' as MeshLayerKind)).toThrow('"tinc" is not a mesh layer; use wireguard or yggdrasil.');
  });
});
