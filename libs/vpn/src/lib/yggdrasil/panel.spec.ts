import { meshSchema } from '@clan/nix-schema';
import { yggdrasilTestNetwork } from '../testing/fixtures';
import { nftCheck } from '../testing/nft';
import { runYggdrasil } from '../testing/yggdrasil-binary';
import { yggdrasilAddress } from './address';
import { yggdrasilConfigFirewall, yggdrasilFirewall, yggdrasilMembersOnlyProblem, yggdrasilSettings } from './config';
import { YggdrasilLayer } from './layer';

/** What the panel renders of a Yggdrasil network: the host's node config and the machines' configs.json sections. */
describe('Yggdrasil on the panel', () => {
  const layer = new YggdrasilLayer();
  const { network, privateKeys } = yggdrasilTestNetwork([
    { name: 'panel', endpoint: '192.0.2.1:52810', isRelay: true, listenPort: 52810 },
    { name: 'nas', listenPort: null },
    { name: 'laptop', kind: 'device', endpoint: '192.0.2.7:4000', listenPort: 4000 },
    { name: 'phone', kind: 'device', listenPort: null },
  ]);
  const key = (name: string) => network.peers.find((p) => p.name === name)!.publicKey;
  const members = (except: string) =>
    network.peers
      .filter((p) => p.name !== except)
      .map((p) => p.publicKey)
      .sort();

  it('renders the host node: its key, listening on its port for members only, its own interface name, no multicast, no admin socket', () => {
    const host = layer.renderHostInterface(network, 'panel', { privateKey: privateKeys.get('panel')!, interfaceName: 'clan0a1b2c3d' });
    expect(host.forwards).toBe(false);
    expect(host.peers).toBe(3);
    expect(JSON.parse(host.config)).toEqual({
      PrivateKey: privateKeys.get('panel'),
      IfName: 'clan0a1b2c3d',
      Listen: ['tls://[::]:52810'],
      // The host is the only relay: it dials nobody, everyone dials it.
      Peers: [],
      AllowedPublicKeys: members('panel'),
      MulticastInterfaces: [],
      NodeInfoPrivacy: true,
      AdminListen: 'none',
    });
    // The binary reads it as written, and the address is the one the phonebook hands out.
    const normalised = JSON.parse(runYggdrasil(['-useconf', '-normaliseconf', '-json'], host.config)) as Record<string, unknown>;
    expect(normalised).toMatchObject({ IfName: 'clan0a1b2c3d', AdminListen: 'none', MulticastInterfaces: [], NodeInfoPrivacy: true });
    expect(runYggdrasil(['-useconf', '-address'], host.config)).toBe(yggdrasilAddress(key('panel')));
    expect(() => layer.renderHostInterface(network, 'panel', { privateKey: privateKeys.get('nas')! })).toThrow('does not belong');
  });

  it("derives the host's member firewall from its node config: the members' addresses and its own, on its interface", () => {
    const host = layer.renderHostInterface(network, 'panel', { privateKey: privateKeys.get('panel')!, interfaceName: 'clan0a1b2c3d' });
    const script = yggdrasilConfigFirewall(host.config, 'clan0a1b2c3d', 'clan_ygg_0a1b2c3d');
    expect(nftCheck(script)).toBeNull();
    expect(script).toMatch(/^table inet clan_ygg_0a1b2c3d\ndelete table inet clan_ygg_0a1b2c3d\n/);
    expect(script).toContain('iifname "clan0a1b2c3d" ip6 saddr != @members drop');
    const listed = /elements = \{ ([^}]*) \}/.exec(script)![1].split(', ');
    expect(listed).toEqual(network.peers.map((p) => yggdrasilAddress(p.publicKey)).sort());
    // The same set as the firewall rendered from the network.
    expect(yggdrasilFirewall(network, 'panel', 'clan0a1b2c3d', 'clan_ygg_0a1b2c3d').nftables).toBe(script);
  });

  it('renders the machine sections configs.json holds: the key file, the relays it dials, every member key and address', () => {
    const sections = layer.renderMachineSections(network, ['nas'], { privateKeyFile: '/run/clan-secrets/mesh/yggdrasil.key' });
    expect(Object.keys(sections)).toEqual(['nas']);
    const nas = meshSchema.parse(sections['nas']);
    expect(nas).toEqual({
      enable: true,
      addresses: [],
      listenPort: 51820,
      privateKeyFile: '/run/clan-secrets/mesh/yggdrasil.key',
      domain: 'nas.family.clan',
      nameservers: [],
      peers: ['laptop', 'panel', 'phone']
        .map((name) => ({
          publicKey: key(name),
          // Only the relay is dialled (the laptop has an endpoint too, but there is a relay).
          endpoint: name === 'panel' ? 'tls://192.0.2.1:52810' : null,
          allowedIPs: [`${yggdrasilAddress(key(name))}/128`],
          persistentKeepalive: null,
        }))
        .sort((a, b) => (a.publicKey < b.publicKey ? -1 : 1)),
    });
    // The same peerings and keys as the node settings the devices get.
    const settings = yggdrasilSettings(network, 'nas');
    expect(nas.peers.filter((p) => p.endpoint !== null).map((p) => p.endpoint)).toEqual(settings['Peers']);
    expect(nas.peers.map((p) => p.publicKey).sort()).toEqual(settings['AllowedPublicKeys']);
    // And the member firewall's addresses (less its own, which never crosses the interface).
    const firewall = yggdrasilFirewall(network, 'nas').nftables!;
    for (const p of nas.peers) expect(firewall).toContain(p.allowedIPs[0].replace('/128', ''));
    expect(layer.renderMachineSections(network, [], { privateKeyFile: '/run/k' })).toEqual({});
    expect(() => layer.renderMachineSections(network, ['nas'], { privateKeyFile: '/nix/store/x' })).toThrow('outside the Nix store');
    expect(() => layer.renderMachineSections(network, ['ghost'], { privateKeyFile: '/run/k' })).toThrow('no peer named "ghost"');
  });

  it('never peers beyond the members: every rendered config lists members only, with multicast off', () => {
    const memberUris = ['tls://192.0.2.1:52810', 'tls://192.0.2.7:4000'];
    for (const peer of network.peers) {
      const config = JSON.parse(layer.renderPeerConfig(network, peer.name)) as Record<string, unknown>;
      expect(memberUris).toEqual(expect.arrayContaining(config['Peers'] as string[]));
      expect(config['AllowedPublicKeys']).toEqual(members(peer.name));
      expect(config['MulticastInterfaces']).toEqual([]);
      expect(config).not.toHaveProperty('InterfacePeers');
      expect(yggdrasilMembersOnlyProblem(network, config as never)).toBeNull();
    }
  });

  it('says why a config would reach beyond the members', () => {
    const settings = yggdrasilSettings(network, 'nas');
    const problem = (change: Record<string, unknown>) => yggdrasilMembersOnlyProblem(network, { ...settings, ...change } as never);
    expect(problem({ Peers: ['tls://public.example:443'] })).toBe(
      `it would peer with "tls://public.example:443", which is not a member's endpoint`,
    );
    expect(problem({ AllowedPublicKeys: ['f'.repeat(64)] })).toContain("which is not a member's key");
    expect(problem({ Listen: ['tls://[::]:1'], AllowedPublicKeys: [] })).toBe(
      'it would listen with no AllowedPublicKeys, which lets anybody peer',
    );
    expect(problem({ MulticastInterfaces: [{ Regex: '.*' }] })).toBe('it would discover peers by multicast on the local network');
    expect(problem({ InterfacePeers: { eth0: ['tls://x:1'] } })).toBe('it would peer through InterfacePeers, which lists no member');
  });
});
