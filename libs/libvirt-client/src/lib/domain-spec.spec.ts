import { LibvirtClient } from './client';
import { buildDomainXml, CLAN_METADATA_NS, parseDomainXml, type DomainSpec } from './domain-spec';
import { parseXml } from './xml';
import { hostileSpec } from './__fixtures__/hostile-spec';

describe('buildDomainXml / parseDomainXml', () => {
  it('round-trips every field, including hostile names and paths', () => {
    const spec = hostileSpec(`vm "quoted" <tag> & 'apos' ünï ✓`);
    expect(parseDomainXml(buildDomainXml(spec))).toEqual(spec);
  });

  it('round-trips a minimal spec (pty serial, no optional parts)', () => {
    const spec: DomainSpec = {
      name: 'min',
      type: 'qemu',
      memoryMiB: 128,
      vcpus: 1,
      cpuMode: 'maximum',
      os: { kernel: '/k', initrd: '/i', cmdline: '' },
      disks: [],
      serial: { type: 'pty' },
    };
    expect(parseDomainXml(buildDomainXml(spec))).toEqual(spec);
  });

  it('round-trips a pty serial console with a log file and a VNC display on a unix socket', () => {
    const spec: DomainSpec = {
      ...hostileSpec('console'),
      serial: { type: 'pty', logFile: `/var/lib/clan/vms/a "b" & <c>/serial.log` },
      graphics: { type: 'vnc', socket: `/var/lib/clan/vms/a "b" & <c>/vnc.sock` },
    };
    const xml = buildDomainXml(spec);
    expect(xml).toContain('append="off"');
    // VNC listens on the socket only: no TCP port, no autoport.
    const graphics = /<graphics[^>]*>/.exec(xml)?.[0] ?? '';
    expect(graphics).toContain('socket=');
    expect(graphics).not.toMatch(/port=|autoport|listen=/);
    expect(parseDomainXml(xml)).toEqual(spec);
  });

  it('reads the VNC socket from a <listen type="socket"> element too (libvirt writes it back that way)', () => {
    const xml = `<domain type='qemu'><name>g</name><devices><graphics type='vnc'><listen type='socket' socket='/s/vnc.sock'/></graphics></devices></domain>`;
    expect(parseDomainXml(xml).graphics).toEqual({ type: 'vnc', socket: '/s/vnc.sock' });
  });

  it('emits well-formed XML with the clan metadata namespace and direct kernel boot', () => {
    const doc = parseXml(buildDomainXml(hostileSpec('x')));
    expect(doc.attrs['type']).toBe('kvm');
    const xml = buildDomainXml(hostileSpec('x'));
    expect(xml).toContain(`xmlns:clan="${CLAN_METADATA_NS}"`);
    expect(xml).toContain('<target type="virtio" name="org.clan.health.0"/>');
    expect(xml).not.toMatch(/<ünï|"q'uo<te>/);
  });

  it('converts libvirt memory units to MiB', () => {
    const xml = `<domain type='qemu'><name>m</name><memory unit='KiB'>2097152</memory><vcpu placement='static'>2</vcpu></domain>`;
    expect(parseDomainXml(xml)).toMatchObject({ memoryMiB: 2048, vcpus: 2 });
    expect(parseDomainXml(xml.replace("unit='KiB'>2097152", "unit='GiB'>3"))).toMatchObject({ memoryMiB: 3072 });
  });

  it('rejects documents that are not domains', () => {
    expect(() => parseDomainXml('<pool/>')).toThrow(/expected <domain>/);
    expect(() => parseDomainXml('<domain/>')).toThrow(/no <name>/);
  });

  it('libvirt (test:///default) accepts the console devices and dumpxml parses them back', async () => {
    const client = new LibvirtClient({ uri: 'test:///default', session: true });
    const spec: DomainSpec = {
      ...hostileSpec(`clan-console-${process.pid}`),
      serial: { type: 'pty', logFile: '/var/lib/clan/vms/n/m/serial.log' },
      graphics: { type: 'vnc', socket: '/var/lib/clan/vms/n/m/vnc.sock' },
    };
    try {
      await client.define(spec);
      expect(await client.getSpec(spec.name)).toEqual(spec);
    } finally {
      client.close();
    }
  });

  it('is accepted by libvirt (test:///default) and dumpxml parses back to the same fields', async () => {
    const client = new LibvirtClient({ uri: 'test:///default', session: true });
    const spec = hostileSpec(`clan-spec-${process.pid} "q" <&> 'a' ü`);
    try {
      await client.define(spec);
      expect(await client.getSpec(spec.name)).toEqual(spec);
    } finally {
      client.close();
    }
  });
});
