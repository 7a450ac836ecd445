/**
 * The Yggdrasil machine section as the panel writes it (libs/vpn
 * YggdrasilLayer.renderMachineSections) turned into NixOS option values by
 * the cLAN library (lib.meshSettings), checked against the libs/vpn renderers:
 * the same settings as a device gets (peers, allowed keys, no multicast, node
 * info private) and the same member firewall. Option names and types follow
 * nixpkgs' nixos/modules/services/networking/yggdrasil.nix (enable, settings,
 * configFile, openMulticastPort, persistentKeys).
 */
import {
  generateYggdrasilKeyPair,
  type MeshNetwork,
  type MeshPeer,
  YggdrasilLayer,
  yggdrasilAddress,
  yggdrasilFirewall,
  yggdrasilSettings,
} from '@clan/vpn';
import { evalLib, Scratch } from './support/nix';

let scratch: Scratch;
beforeAll(() => (scratch = new Scratch()));
afterAll(() => scratch.remove());

interface YggdrasilOptions {
  services: { yggdrasil: { enable: boolean; openMulticastPort: boolean; persistentKeys: boolean; configFile?: string; settings: unknown } };
  networking: {
    firewall: { allowedTCPPorts: number[] };
    nftables?: { enable: boolean; tables: Record<string, { family: string; content: string }> };
  };
  systemd?: unknown;
}

describe('Yggdrasil machines from the panel', () => {
  const peer = (name: string, extra: Partial<MeshPeer>): MeshPeer => ({
    name,
    kind: 'machine',
    publicKey: generateYggdrasilKeyPair().publicKey,
    ipv4: null,
    ipv6: null,
    endpoint: null,
    behindNat: false,
    isRelay: false,
    listenPort: null,
    ...extra,
  });
  const network: MeshNetwork = {
    name: 'family',
    ipv4Range: '10.100.0.0/24',
    ipv6Prefix: 'fd00::/64',
    peers: [
      peer('panel', { endpoint: '192.0.2.1:52810', isRelay: true, listenPort: 52810 }),
      peer('nas', { endpoint: '192.0.2.5:12346', listenPort: 12346 }),
      peer('laptop', { kind: 'device' }),
    ],
  };
  const keyFile = '/run/clan-secrets/mesh/yggdrasil.key';
  const section = new YggdrasilLayer().renderMachineSections(network, ['nas'], { privateKeyFile: keyFile })['nas'];
  const options = () => evalLib<YggdrasilOptions>(scratch, 'lib.meshSettings { networkLayer = "yggdrasil"; mesh = data; }', section);

  it('configures services.yggdrasil like the device renderer: member peers and keys only, no multicast, the key file', () => {
    const out = options();
    expect(out.services.yggdrasil).toEqual({
      enable: true,
      openMulticastPort: false,
      persistentKeys: false,
      configFile: keyFile,
      settings: yggdrasilSettings(network, 'nas'),
    });
    expect(out.networking.firewall.allowedTCPPorts).toEqual([12346]);
    expect(out.systemd).toEqual({ services: { yggdrasil: { unitConfig: { RequiresMountsFor: [keyFile] } } } });
  });

  it('adds the member firewall libs/vpn renders (less the machine itself, whose traffic never crosses the interface)', () => {
    const own = yggdrasilAddress(network.peers.find((p) => p.name === 'nas')!.publicKey);
    const expected = (yggdrasilFirewall(network, 'nas').nixos as YggdrasilOptions).networking.nftables!;
    const table = expected.tables['clan_ygg_members'];
    const withoutSelf = table.content.replace(new RegExp(`${own}, |, ${own}`), '');
    expect(options().networking.nftables).toEqual({ enable: true, tables: { clan_ygg_members: { family: 'inet', content: withoutSelf } } });
  });

  it('has no member firewall and no listener without peers', () => {
    const out = evalLib<YggdrasilOptions>(scratch, 'lib.meshSettings { networkLayer = "yggdrasil"; mesh = data; }', {
      ...section,
      peers: [],
    });
    expect(out.networking).toEqual({ firewall: { allowedTCPPorts: [] } });
    expect(out.services.yggdrasil.settings).toMatchObject({ Listen: [], Peers: [], AllowedPublicKeys: [], MulticastInterfaces: [] });
  });
});
