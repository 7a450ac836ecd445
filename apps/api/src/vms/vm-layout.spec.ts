import { buildDomainXml, parseDomainXml } from '@clan/libvirt-client';
import { loadConfig } from '../services/config/config.schema';
import { VmLayout } from '../services/disk/vm-layout';
import { type VmDomainInput, vmDomainSpec, vmMacAddress } from './vm-layout';

const NETWORK = '3f2a9c1e-0000-4000-8000-000000000001';

function input(over: Partial<VmDomainInput> = {}): VmDomainInput {
  return {
    domainName: 'clan-p1-3f2a9c1e-web',
    panelId: 'p1',
    networkId: NETWORK,
    machine: 'web',
    generation: 2,
    toplevel: '/nix/store/aaaa-system',
    kernelParams: 'console=ttyS0',
    domainType: 'qemu',
    vcpus: 1,
    memoryMiB: 256,
    layout: new VmLayout('/var/lib/clan', NETWORK, 'web'),
    ...over,
  };
}

describe('vmDomainSpec: the underlay NIC', () => {
  it('gives the VM no network interface unless the panel names a bridge or a libvirt network', () => {
    expect(vmDomainSpec(input()).interfaces).toBeUndefined();
    expect(buildDomainXml(vmDomainSpec(input()))).not.toContain('<interface');
  });

  it('attaches one virtio NIC to the bridge (CLAN_VM_BRIDGE) with a stable MAC per machine', () => {
    const spec = vmDomainSpec(input({ nic: { type: 'bridge', bridge: 'clanbr0' } }));
    expect(spec.interfaces).toEqual([{ type: 'bridge', bridge: 'clanbr0', mac: vmMacAddress(NETWORK, 'web') }]);
    const xml = buildDomainXml(spec);
    expect(xml).toMatch(/<interface type="bridge">\s*<mac address="52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}"\/>/);
    expect(xml).toContain('<source bridge="clanbr0"/>');
    expect(xml).toContain('<model type="virtio"/>');
    // Read back as the panel does before redefining: the same NIC.
    expect(parseDomainXml(xml).interfaces).toEqual(spec.interfaces);
    // Another generation keeps the MAC (and so its DHCP lease); the XML only differs where the generation does.
    expect(vmDomainSpec(input({ generation: 3, nic: { type: 'bridge', bridge: 'clanbr0' } })).interfaces).toEqual(spec.interfaces);
  });

  it('attaches the NIC to a libvirt network (CLAN_VM_NETWORK)', () => {
    const spec = vmDomainSpec(input({ nic: { type: 'network', network: 'default' } }));
    expect(spec.interfaces).toEqual([{ type: 'network', network: 'default', mac: vmMacAddress(NETWORK, 'web') }]);
    expect(buildDomainXml(spec)).toContain('<source network="default"/>');
  });

  it('gives every machine of every network its own locally administered unicast MAC', () => {
    const macs = new Set(
      ['web', 'db', 'nas'].flatMap((m) => [vmMacAddress(NETWORK, m), vmMacAddress('3f2a9c1e-0000-4000-8000-000000000002', m)]),
    );
    expect(macs.size).toBe(6);
    for (const mac of macs) {
      expect(mac).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
      // First octet 0x52: locally administered (bit 1), unicast (bit 0 clear).
      expect(parseInt(mac.slice(0, 2), 16) & 0b11).toBe(0b10);
    }
  });
});

describe('vmDomainSpec: the VM controller ports', () => {
  it('binds two virtio-serial ports side by side: health (PING) and control (requests)', () => {
    const spec = vmDomainSpec(input());
    const dir = `/var/lib/clan/vms/${NETWORK}/web`;
    expect(spec.channels).toEqual([
      { socketPath: `${dir}/health.sock`, name: 'org.clan.health.0' },
      { socketPath: `${dir}/control.sock`, name: 'org.clan.control.0' },
    ]);
    const xml = buildDomainXml(spec);
    expect(xml).toContain('<target type="virtio" name="org.clan.health.0"/>');
    expect(xml).toContain('<target type="virtio" name="org.clan.control.0"/>');
    expect(parseDomainXml(xml).channels).toEqual(spec.channels);
  });
});

describe('CLAN_VM_BRIDGE / CLAN_VM_NETWORK', () => {
  const base = { CLAN_STATE_DIR: '/tmp/s' };
  it('default to no NIC', () => {
    expect(loadConfig(base, '/').vmNic).toBeUndefined();
  });
  it('name a bridge or a libvirt network', () => {
    expect(loadConfig({ ...base, CLAN_VM_BRIDGE: 'clanbr0' }, '/').vmNic).toEqual({ type: 'bridge', bridge: 'clanbr0' });
    expect(loadConfig({ ...base, CLAN_VM_NETWORK: 'default' }, '/').vmNic).toEqual({ type: 'network', network: 'default' });
  });
  it('reject an interface name the kernel would refuse, and both at once, with a sentence', () => {
    expect(() => loadConfig({ ...base, CLAN_VM_BRIDGE: 'a-bridge-name-too-long' }, '/')).toThrow(
      /CLAN_VM_BRIDGE: a host bridge interface name/,
    );
    expect(() => loadConfig({ ...base, CLAN_VM_BRIDGE: 'br0', CLAN_VM_NETWORK: 'default' }, '/')).toThrow(/set at most one of them/);
  });
});
