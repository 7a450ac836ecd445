import { createHash } from 'node:crypto';
import { LibvirtClient } from './client';
import {
  buildNatNetworkXml,
  natBridgeName,
  natNetworkDifferences,
  natNetworkSpec,
  natSubnetProblem,
  parseNetInfo,
  parseNetworkXml,
} from './network';

describe('natNetworkSpec', () => {
  it('puts the host at .1 and DHCP at .100 – .250 of the /24, on a bridge named from the network name', () => {
    expect(natNetworkSpec('clan-vms', '10.213.0.0/24')).toEqual({
      name: 'clan-vms',
      bridge: 'clanvm' + createHash('sha256').update('clan-vms').digest('hex').slice(0, 4),
      gateway: '10.213.0.1',
      prefix: 24,
      dhcp: { start: '10.213.0.100', end: '10.213.0.250' },
    });
  });

  it('names bridges within the kernel limit of 15 characters, the same for the same name', () => {
    const long = 'a'.repeat(64);
    expect(natBridgeName(long)).toHaveLength(10);
    expect(natBridgeName('clan-vms')).toBe(natBridgeName('clan-vms'));
    expect(natBridgeName('clan-vms')).not.toBe(natBridgeName('clan-vms2'));
  });

  it('accepts only a /24 given by its network address', () => {
    expect(natSubnetProblem('10.213.0.0/24')).toBeNull();
    expect(natSubnetProblem('192.168.122.0/24')).toBeNull();
    expect(natSubnetProblem('10.213.0.0/16')).toContain('/24');
    expect(natSubnetProblem('10.213.0.5/24')).toContain('10.213.0.0/24');
    expect(natSubnetProblem('10.213.0.0')).toContain('IPv4 subnet');
    expect(natSubnetProblem('10.256.0.0/24')).toContain('IPv4 subnet');
    expect(natSubnetProblem('fd00::/64')).toContain('IPv4 subnet');
    expect(() => natNetworkSpec('x', '10.0.0.0/8')).toThrow('/24');
  });
});

describe('network XML', () => {
  const spec = natNetworkSpec('clan <&> vms', '10.213.0.0/24');

  it('writes a NAT network with the bridge, the address and the DHCP range, escaped', () => {
    const xml = buildNatNetworkXml(spec);
    expect(xml).toContain('<name>clan &lt;&amp;&gt; vms</name>');
    expect(xml).toContain('<forward mode="nat"/>');
    expect(xml).toContain(`<bridge name="${spec.bridge}" stp="on" delay="0"/>`);
    expect(xml).toContain('<ip address="10.213.0.1" netmask="255.255.255.0">');
    expect(xml).toContain('<range start="10.213.0.100" end="10.213.0.250"/>');
    expect(xml).not.toContain('ipv6');
  });

  it('reads back what it wrote, and finds no difference', () => {
    const read = parseNetworkXml(buildNatNetworkXml(spec));
    expect(read).toEqual({
      name: 'clan <&> vms',
      forward: 'nat',
      bridge: spec.bridge,
      ipv4: { address: '10.213.0.1', prefix: 24 },
      dhcp: { start: '10.213.0.100', end: '10.213.0.250' },
      ipv6: false,
    });
    expect(natNetworkDifferences(spec, read)).toEqual([]);
  });

  it('ignores what libvirt adds (uuid, mac, NAT port range) and reads a prefix= address', () => {
    const dumped = `<network>
  <name>clan-vms</name>
  <uuid>1c221774-626e-4338-88c5-0334daa842fe</uuid>
  <forward mode='nat'>
    <nat><port start='1024' end='65535'/></nat>
  </forward>
  <bridge name='${spec.bridge}' stp='on' delay='0'/>
  <mac address='52:54:00:ac:e3:7c'/>
  <ip address='10.213.0.1' prefix='24'>
    <dhcp><range start='10.213.0.100' end='10.213.0.250'/></dhcp>
  </ip>
</network>`;
    expect(natNetworkDifferences(spec, parseNetworkXml(dumped))).toEqual([]);
  });

  it("names every difference of an admin's own network", () => {
    const theirs = `<network><name>default</name><forward mode='route'/><bridge name='virbr0'/>
  <ip address='192.168.122.1' netmask='255.255.255.0'><dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp></ip>
  <ip family='ipv6' address='fd00::1' prefix='64'/></network>`;
    expect(natNetworkDifferences(spec, parseNetworkXml(theirs))).toEqual([
      'forward mode route instead of nat',
      `bridge virbr0 instead of ${spec.bridge}`,
      'address 192.168.122.1/24 instead of 10.213.0.1/24',
      'DHCP range 192.168.122.2 – 192.168.122.254 instead of 10.213.0.100 – 10.213.0.250',
      'an IPv6 address the panel does not set',
    ]);
    expect(natNetworkDifferences(spec, parseNetworkXml('<network><name>iso</name></network>'))).toEqual([
      'forward mode none instead of nat',
      `bridge unnamed instead of ${spec.bridge}`,
      'address none instead of 10.213.0.1/24',
      'DHCP range none instead of 10.213.0.100 – 10.213.0.250',
    ]);
  });

  it('reads virsh net-info', () => {
    const out =
      'Name:           clan-vms\nUUID:           f598\nActive:         yes\nPersistent:     yes\nAutostart:      no\nBridge:         clanvmabcd\n';
    expect(parseNetInfo('clan-vms', out)).toEqual({
      name: 'clan-vms',
      active: true,
      autostart: false,
      persistent: true,
      bridge: 'clanvmabcd',
    });
  });
});

describe('networks against test:///default', () => {
  let client: LibvirtClient;
  beforeEach(() => (client = new LibvirtClient({ uri: 'test:///default', session: true, commandTimeoutMs: 10_000 })));
  afterEach(() => client.close());

  it('defines, starts, autostarts, reads back and removes a NAT network; an unknown one is null', async () => {
    const name = `clan-lvc-net-${process.pid}`;
    const spec = natNetworkSpec(name, '10.213.7.0/24');
    expect(await client.networkInfo(name)).toBeNull();
    await client.defineNetworkXml(buildNatNetworkXml(spec), name);
    expect(await client.networkInfo(name)).toMatchObject({ active: false, autostart: false, persistent: true });
    await client.startNetwork(name);
    await client.autostartNetwork(name);
    expect(await client.networkInfo(name)).toEqual({ name, active: true, autostart: true, persistent: true, bridge: spec.bridge });
    expect(natNetworkDifferences(spec, await client.networkSummary(name))).toEqual([]);
    await client.removeNetwork(name);
    expect(await client.networkInfo(name)).toBeNull();
    await client.removeNetwork(name);
  });
});
