/**
 * The VMs' managed NAT network (docs/vms.md, "Network"), with a booted demo
 * VM: a panel process on qemu:///system (TCG) with CLAN_VM_NETWORK=<unique>,
 * CLAN_VM_NETWORK_CREATE=true and an unused CLAN_VM_SUBNET defines the
 * network at start-up (NAT, bridge `clanvm` + 4 hex), starts and autostarts
 * it. A deployed demo machine's domain has an interface on it, and the guest
 * (which asks for an address when it has a mesh section and a NIC,
 * nix/test-system/init.sh) gets a DHCP lease from libvirt's dnsmasq in
 * .100 – .250. Without CLAN_MESH_ENDPOINT_HOST the machine's mesh section
 * dials the host at the network's gateway. One VM boot; the network is
 * destroyed and undefined afterwards. Needs root, libvirt, qemu, nix,
 * dnsmasq-base and what the mesh lab needs; fails (never skips) naming the
 * Debian package that is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { LibvirtClient, natBridgeName } from '@clan/libvirt-client';
import { networkRepoDir } from '../src/configs/repo-paths';
import { MeshVmLab } from './fixtures/mesh-vm-lab';
import { waitFor } from './fixtures/principals';

jest.setTimeout(900_000);

/** A /24 in 10.214.0.0/16 that no interface of this host is on. */
function unusedSubnet(): string {
  const used = execFileSync('ip', ['-o', '-4', 'addr', 'show'], { encoding: 'utf8' });
  for (let i = 0; i < 100; i++) {
    const third = 1 + Math.floor(Math.random() * 250);
    if (!used.includes(` 10.214.${third}.`)) return `10.214.${third}.0/24`;
  }
  throw new Error('no unused /24 in 10.214.0.0/16');
}

describe('The VMs’ managed NAT network: created, active, autostarted; a demo VM on it gets a DHCP lease (qemu:///system)', () => {
  const t = new MeshVmLab('10.254.84');
  const virsh = new LibvirtClient({ uri: 'qemu:///system' });
  const networkName = `clan-test-${process.pid.toString(36)}`;
  const subnet = unusedSubnet();
  const base = subnet.split('/')[0].split('.').slice(0, 3).join('.');
  const machine = 'net';
  let domainName = '';

  beforeAll(async () => {
    // libvirt runs dnsmasq for the network's DHCP and DNS.
    if (!existsSync('/usr/sbin/dnsmasq')) {
      throw new Error('dnsmasq is not installed: install the Debian package dnsmasq-base (scripts/setup-system.sh --tests).');
    }
    await t.start('vmnet', {
      // The lab's bridge and endpoint are not used here: the managed network and its default endpoint are.
      CLAN_VM_BRIDGE: '',
      CLAN_MESH_ENDPOINT_HOST: '',
      CLAN_VM_NETWORK: networkName,
      CLAN_VM_NETWORK_CREATE: 'true',
      CLAN_VM_SUBNET: subnet,
    });
    await t.createMachine(machine, { resources: { memoryMiB: 256, stateDiskGiB: 1 } });
  });

  afterAll(async () => {
    await t.cleanup();
    await virsh.removeNetwork(networkName).catch(() => undefined);
    expect(await virsh.networkInfo(networkName)).toBeNull();
    virsh.close();
  });

  it('is defined at start-up as the panel writes it, active and autostarted', async () => {
    const info = await waitFor(
      () => virsh.networkInfo(networkName),
      (i) => i?.active === true && i.autostart,
      60_000,
      `the network ${networkName} active and autostarted`,
    );
    expect(info).toMatchObject({ persistent: true, bridge: natBridgeName(networkName) });
    expect(await virsh.networkSummary(networkName)).toEqual({
      name: networkName,
      forward: 'nat',
      bridge: natBridgeName(networkName),
      ipv4: { address: `${base}.1`, prefix: 24 },
      dhcp: { start: `${base}.100`, end: `${base}.250` },
      ipv6: false,
    });
    const health = await t.root.get('/api/health');
    expect(health.body.components.libvirt).toMatchObject({ status: 'ok' });
  });

  it("dials the host at the network's gateway in the machine's mesh section (no CLAN_MESH_ENDPOINT_HOST)", () => {
    const configs = JSON.parse(
      execFileSync('git', ['-C', networkRepoDir(t.stateDir, t.networkId), 'show', 'HEAD:configs.json'], { encoding: 'utf8' }),
    );
    const endpoints = (configs[machine].mesh.peers as { endpoint?: string | null }[]).map((p) => p.endpoint).filter(Boolean);
    expect(endpoints).toEqual([expect.stringMatching(new RegExp(`^${base.replace(/\./g, '\\.')}\\.1:\\d+$`))]);
  });

  it('puts the deployed VM on it, and the guest gets a DHCP lease in .100 – .250', async () => {
    domainName = await t.deploy(machine);
    const xml = execFileSync('virsh', ['-c', 'qemu:///system', 'dumpxml', domainName], { encoding: 'utf8' });
    expect(xml).toMatch(new RegExp(`<interface type='network'>[\\s\\S]*?<source network='${networkName}'`));
    const up = await t.serialLine(
      machine,
      /CLAN-MESH up addr=\S+ underlay=(\S+):(\d+\.\d+\.\d+)\.(\d+)\/24/,
      'its mesh line with the DHCP address',
    );
    expect(up[2]).toBe(base);
    expect(Number(up[3])).toBeGreaterThanOrEqual(100);
    expect(Number(up[3])).toBeLessThanOrEqual(250);
  });
});
