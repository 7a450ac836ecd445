import { nftCheck } from '../testing/nft';
import { runYggdrasil } from '../testing/yggdrasil-binary';
import { yggdrasilTestNetwork } from '../testing/fixtures';
import { yggdrasilAddress } from './address';
import {
  renderYggdrasilConfig,
  renderYggdrasilKeyFile,
  renderYggdrasilNixos,
  yggdrasilFirewall,
  yggdrasilPeerUri,
  yggdrasilSettings,
  YGGDRASIL_PRIVATE_KEY_PLACEHOLDER,
} from './config';

describe('Yggdrasil settings', () => {
  const { network, privateKeys } = yggdrasilTestNetwork([
    { name: 'hub', endpoint: '203.0.113.1:12345', isRelay: true },
    { name: 'nas', endpoint: '[2001:db8::2]:12346', listenPort: 12346 },
    { name: 'phone', kind: 'device', listenPort: null },
  ]);
  const key = (name: string) => network.peers.find((p) => p.name === name)!.publicKey;

  it('peers with the relays and allows only members to peer', () => {
    expect(yggdrasilSettings(network, 'phone')).toEqual({
      IfName: 'clan-ygg',
      Listen: [],
      Peers: ['tls://203.0.113.1:12345'],
      AllowedPublicKeys: [key('hub'), key('nas')].sort(),
      MulticastInterfaces: [],
      NodeInfoPrivacy: true,
    });
    expect(yggdrasilSettings(network, 'nas')['Listen']).toEqual(['tls://[::]:12346']);
    expect(yggdrasilSettings(network, 'nas')['Peers']).toEqual(['tls://203.0.113.1:12345']);
    // The only relay opens no peering itself: everyone comes to it.
    expect(yggdrasilSettings(network, 'hub')['Peers']).toEqual([]);
  });

  it('without relays, peers with everyone who has an endpoint', () => {
    const flat = { ...network, peers: network.peers.map((p) => ({ ...p, isRelay: false })) };
    expect(yggdrasilSettings(flat, 'phone')['Peers']).toEqual(['tls://203.0.113.1:12345', 'tls://[2001:db8::2]:12346']);
    expect(yggdrasilSettings(flat, 'hub')['Peers']).toEqual(['tls://[2001:db8::2]:12346']);
  });

  it('does not listen in a network of one (an empty AllowedPublicKeys would let anybody peer)', () => {
    const alone = { ...network, peers: network.peers.slice(0, 1) };
    expect(yggdrasilSettings(alone, 'hub')).toMatchObject({ Listen: [], AllowedPublicKeys: [] });
    expect(yggdrasilFirewall(alone, 'hub').openPorts).toEqual([]);
  });

  it('renders a config the yggdrasil binary reads, with the address we derive (needs Debian yggdrasil)', () => {
    const text = renderYggdrasilConfig(network, 'nas', { privateKey: privateKeys.get('nas') });
    const normalised = JSON.parse(runYggdrasil(['-useconf', '-normaliseconf', '-json'], text)) as Record<string, unknown>;
    expect(normalised['Peers']).toEqual(['tls://203.0.113.1:12345']);
    expect(normalised['Listen']).toEqual(['tls://[::]:12346']);
    expect(normalised['AllowedPublicKeys']).toEqual([key('hub'), key('phone')].sort());
    expect(normalised['IfName']).toBe('clan-ygg');
    expect(runYggdrasil(['-useconf', '-address'], text)).toBe(yggdrasilAddress(key('nas')));
  });

  it('writes a placeholder without the private key and refuses a key of another peer', () => {
    expect(JSON.parse(renderYggdrasilConfig(network, 'phone'))['PrivateKey']).toBe(YGGDRASIL_PRIVATE_KEY_PLACEHOLDER);
    expect(() => renderYggdrasilConfig(network, 'phone', { privateKey: privateKeys.get('nas') })).toThrow(
      'The private key given for "phone" does not belong to its public key.',
    );
    expect(JSON.parse(renderYggdrasilKeyFile(privateKeys.get('nas')!))).toEqual({ PrivateKey: privateKeys.get('nas') });
  });

  it('checks the network: hex keys, endpoints, peer names', () => {
    const bad = {
      ...network,
      peers: [
        { ...network.peers[0], publicKey: 'AAAA' },
        { ...network.peers[1], endpoint: 'nope' },
      ],
    };
    expect(() => yggdrasilSettings(bad, 'hub')).toThrow('(2 problems)');
    expect(() => yggdrasilSettings(network, 'ghost')).toThrow('The network "family" has no peer named "ghost".');
    expect(() => yggdrasilSettings(network, 'hub', 'bad name')).toThrow('is not an interface name');
    expect(yggdrasilPeerUri('[2001:DB8::2]:1')).toBe('tls://[2001:db8::2]:1');
    expect(() => yggdrasilPeerUri('x')).toThrow('"x" is not an endpoint');
  });

  it('NixOS form: services.yggdrasil with the key only as a file outside the store', () => {
    const value = renderYggdrasilNixos(network, 'nas', { privateKeyFile: '/var/lib/clan/mesh/yggdrasil.json' });
    expect(value).toEqual({
      services: {
        yggdrasil: {
          enable: true,
          openMulticastPort: false,
          persistentKeys: false,
          configFile: '/var/lib/clan/mesh/yggdrasil.json',
          settings: yggdrasilSettings(network, 'nas'),
        },
      },
    });
    expect(() => renderYggdrasilNixos(network, 'nas', { privateKeyFile: '/nix/store/x-key' })).toThrow('outside the Nix store');
    const everything = JSON.stringify(
      network.peers.map((p) => [
        renderYggdrasilNixos(network, p.name, { privateKeyFile: '/var/lib/clan/mesh/yggdrasil.json' }),
        yggdrasilFirewall(network, p.name),
      ]),
    );
    for (const privateKey of privateKeys.values()) {
      expect(everything).not.toContain(privateKey);
      expect(everything).not.toContain(privateKey.slice(0, 64)); // the seed alone is the secret
    }
  });
});

describe('Yggdrasil firewall', () => {
  const { network } = yggdrasilTestNetwork([
    { name: 'hub', endpoint: '203.0.113.1:12345', isRelay: true },
    { name: 'nas', listenPort: 12346 },
    { name: 'phone', kind: 'device', listenPort: null },
  ]);
  const members = network.peers.map((p) => yggdrasilAddress(p.publicKey)).sort();

  it('drops traffic on the tun interface to and from anyone but members', () => {
    const fw = yggdrasilFirewall(network, 'nas');
    expect(fw.openPorts).toEqual([{ protocol: 'tcp', port: 12346 }]);
    expect(fw.nftables).toBe(
      [
        'table inet clan_ygg_members',
        'delete table inet clan_ygg_members',
        'table inet clan_ygg_members {',
        '\tset members {',
        '\t\ttype ipv6_addr',
        `\t\telements = { ${members.join(', ')} }`,
        '\t}',
        '\tchain input {',
        '\t\ttype filter hook input priority filter - 10; policy accept;',
        '\t\tiifname "clan-ygg" ip6 saddr != @members drop',
        '\t}',
        '\tchain output {',
        '\t\ttype filter hook output priority filter - 10; policy accept;',
        '\t\toifname "clan-ygg" ip6 daddr != @members drop',
        '\t}',
        '}',
        '',
      ].join('\n'),
    );
    expect(fw.nixos).toEqual({
      networking: {
        nftables: { enable: true, tables: { clan_ygg_members: { family: 'inet', content: expect.stringContaining('set members') } } },
        firewall: { allowedTCPPorts: [12346] },
      },
    });
  });

  it('is a script nft accepts (needs Debian nftables, root)', () => {
    expect(nftCheck(yggdrasilFirewall(network, 'hub').nftables!)).toBeNull();
    // The check is real: a broken script is refused.
    expect(nftCheck('table inet x { chain c { type filter hook input priority filter; policy sideways; } }')).toContain('Error');
  });
});
