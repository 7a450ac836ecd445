import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { HostSummaryPage } from './host-summary.page';

const ok = (detail: string) => ({ status: 'ok', detail });
const LIBVIRT_DOWN =
  'libvirt is not reachable at qemu:///system: start it with `sudo systemctl start libvirtd` (Debian package libvirt-daemon-system).';
const TCG =
  'Virtual machines run without hardware acceleration (KVM does not run guests here: a test guest did not boot under KVM): they are slower.';

function health(patch: Record<string, unknown> = {}, components: Record<string, unknown> = {}) {
  return {
    status: 'ok',
    version: '0.1.0',
    components: {
      database: ok('PostgreSQL 15'),
      redis: ok('PONG'),
      libvirt: ok('libvirt 9.0.0'),
      nix: ok('nix 2.8'),
      clanFlake: ok('shipped'),
      nixpkgs: ok('nixpkgs'),
      demoSystem: ok('ready'),
      ...components,
    },
    ...patch,
  };
}

describe('HostSummaryPage: health', () => {
  let fixture: ComponentFixture<HostSummaryPage>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);

  async function render(body: unknown): Promise<void> {
    const fake = new FakeApi().on('GET', '/api/health', { body }).on('GET', '/api/networks', { body: { items: [], total: 0 } });
    TestBed.configureTestingModule({
      imports: [HostSummaryPage],
      providers: [provideRouter([]), { provide: FETCH, useValue: fake.fetch }],
    });
    // A member without Sys.Audit: the page shows health, not host metrics or VMs.
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: false, totpEnabled: false }, 'csrf-1');
    fixture = TestBed.createComponent(HostSummaryPage);
    await flush();
    fixture.detectChanges();
    await fixture.whenStable();
  }

  it('shows degraded health with what to do for the missing component', async () => {
    await render(
      health({ status: 'degraded' }, { libvirt: { status: 'unavailable', detail: 'libvirtd did not answer', message: LIBVIRT_DOWN } }),
    );
    expect(byTestId('health-status')?.textContent).toBe('degraded');
    expect(byTestId('health-libvirt-message')?.textContent).toBe(LIBVIRT_DOWN);
    expect(byTestId('health-nix-message')).toBeNull();
    expect(el().textContent).toContain('Machines cannot be built or run while libvirt or Nix is unavailable.');
  });

  it('warns when VMs run without hardware acceleration (chosen automatically)', async () => {
    await render(health({ domainType: { type: 'qemu', automatic: true, detail: 'QEMU emulation (TCG)', warning: TCG } }));
    expect(byTestId('domain-type-warning')?.textContent).toBe(TCG);
  });

  it('says nothing about acceleration with KVM', async () => {
    await render(health({ domainType: { type: 'kvm', automatic: true, detail: 'KVM', warning: null } }));
    expect(byTestId('domain-type-warning')).toBeNull();
  });
});
