import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareKernelNames, decideDomainType, DomainTypeService, type GuestBoot, type KvmEnvironment, type KvmProbe } from './domain-type';

const HOST: KvmEnvironment = { kvmDevice: true, kernel: '/boot/vmlinuz-6.1.0-57-amd64', qemuVersion: 'QEMU emulator version 7.2.22' };
const QEMU_URI = 'qemu:///system';

describe('decideDomainType', () => {
  it('takes an explicit CLAN_DOMAIN_TYPE as is, without a warning', () => {
    expect(decideDomainType({ configured: 'kvm', uri: QEMU_URI })).toEqual({
      type: 'kvm',
      automatic: false,
      detail: 'CLAN_DOMAIN_TYPE=kvm',
      warning: null,
    });
    expect(decideDomainType({ configured: 'qemu', uri: QEMU_URI }).warning).toBeNull();
  });

  it('keeps kvm for libvirt drivers that are not QEMU (nothing to probe)', () => {
    expect(decideDomainType({ configured: 'auto', uri: 'test:///default' })).toMatchObject({ type: 'kvm', automatic: true, warning: null });
  });

  it('chooses KVM only when the test guest booted under it', () => {
    const boots: GuestBoot = { boots: true, detail: 'a test guest booted under KVM' };
    expect(decideDomainType({ configured: 'auto', uri: QEMU_URI, env: HOST, boot: boots })).toEqual({
      type: 'kvm',
      automatic: true,
      detail: 'KVM: a test guest booted under KVM',
      warning: null,
    });
  });

  it('falls back to emulation with a warning when KVM guests crash', () => {
    const crash: GuestBoot = { boots: false, detail: 'a test guest did not boot under KVM (KVM internal error)' };
    const v = decideDomainType({ configured: 'auto', uri: QEMU_URI, env: HOST, boot: crash });
    expect(v.type).toBe('qemu');
    expect(v.warning).toMatch(
      /^Virtual machines run without hardware acceleration \(KVM does not run guests here: .*KVM internal error.*\): they are slower\./,
    );
  });

  it('falls back to emulation when /dev/kvm is not usable, without booting anything', () => {
    const v = decideDomainType({ configured: 'auto', uri: QEMU_URI, env: { ...HOST, kvmDevice: false } });
    expect(v).toMatchObject({ type: 'qemu', automatic: true });
    expect(v.warning).toContain('/dev/kvm is missing or not accessible');
  });

  it('trusts a usable /dev/kvm when there is no kernel to test-boot', () => {
    expect(decideDomainType({ configured: 'auto', uri: QEMU_URI, env: { ...HOST, kernel: null } })).toMatchObject({
      type: 'kvm',
      warning: null,
      detail: expect.stringContaining('not verified'),
    });
  });
});

describe('compareKernelNames', () => {
  it('orders kernel versions numerically', () => {
    expect(['vmlinuz-6.1.0-10-amd64', 'vmlinuz-6.1.0-9-amd64', 'vmlinuz-5.10.0-30-amd64'].sort(compareKernelNames)).toEqual([
      'vmlinuz-5.10.0-30-amd64',
      'vmlinuz-6.1.0-9-amd64',
      'vmlinuz-6.1.0-10-amd64',
    ]);
  });
});

class FakeProbe {
  env: KvmEnvironment = { ...HOST };
  boot: GuestBoot = { boots: false, detail: 'a test guest did not boot under KVM (qemu crashed)' };
  boots = 0;
  async environment(): Promise<KvmEnvironment> {
    return { ...this.env };
  }
  async bootsUnderKvm(): Promise<GuestBoot> {
    this.boots++;
    return this.boot;
  }
}

describe('DomainTypeService', () => {
  let stateDir: string;
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'clan-domain-type-'));
  });
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  const service = (probe: FakeProbe, domainType: 'auto' | 'kvm' | 'qemu' = 'auto') =>
    new DomainTypeService({ domainType, libvirtUri: QEMU_URI, stateDir }, probe as unknown as KvmProbe);

  it('probes once for concurrent callers and keeps the verdict with the kernel and qemu versions', async () => {
    const probe = new FakeProbe();
    const s = service(probe);
    expect(s.current()).toBeNull();
    expect(await Promise.all([s.resolve(), s.resolve()])).toEqual(['qemu', 'qemu']);
    expect(probe.boots).toBe(1);
    expect(s.current()?.warning).toContain('they are slower');
    const kept = JSON.parse(readFileSync(join(stateDir, 'domain-type.json'), 'utf8'));
    expect(kept).toMatchObject({ kernel: HOST.kernel, qemuVersion: HOST.qemuVersion, verdict: { type: 'qemu', automatic: true } });
  });

  it('reuses the kept verdict after a restart, and probes again when the kernel or qemu changed', async () => {
    const probe = new FakeProbe();
    await service(probe).resolve();
    probe.boot = { boots: true, detail: 'a test guest booted under KVM' };
    expect(await service(probe).resolve()).toBe('qemu');
    expect(probe.boots).toBe(1);
    probe.env.qemuVersion = 'QEMU emulator version 8.0.0';
    expect(await service(probe).resolve()).toBe('kvm');
    expect(probe.boots).toBe(2);
  });

  it('never probes when the domain type is configured', async () => {
    const probe = new FakeProbe();
    const s = service(probe, 'kvm');
    expect(s.current()).toMatchObject({ type: 'kvm', automatic: false });
    expect(await s.resolve()).toBe('kvm');
    expect(probe.boots).toBe(0);
  });
});
