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
