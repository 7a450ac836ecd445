import { probeLibvirt } from './probe';

describe('probeLibvirt', () => {
  it("reads versions from libvirt's built-in test driver (needs Debian libvirt-clients)", async () => {
    const probe = await probeLibvirt('test:///default');
    if (!probe.available) throw new Error(`libvirt unavailable: ${probe.detail}`);
    expect(probe.libvirtVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(probe.detail).toContain('libvirt');
  });

  it('reports an unreachable daemon as unavailable without throwing', async () => {
    const probe = await probeLibvirt('qemu+unix:///system?socket=/nonexistent/clan-test.sock', 3000);
    expect(probe.available).toBe(false);
    expect(probe.detail).toMatch(/did not answer/);
  });
});
