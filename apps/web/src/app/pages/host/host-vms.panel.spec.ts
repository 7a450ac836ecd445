import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { HostVmsPanel } from './host-vms.panel';

const DOWN =
  'libvirt is not reachable at qemu:///system: start it with `sudo systemctl start libvirtd` (Debian package libvirt-daemon-system).';

describe('HostVmsPanel', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<HostVmsPanel>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);

  async function render(): Promise<void> {
    TestBed.configureTestingModule({ imports: [HostVmsPanel], providers: [provideRouter([]), { provide: FETCH, useValue: fake.fetch }] });
    TestBed.inject(Session).start({ id: 'u1', username: 'root', displayName: '', isHostAdmin: true, totpEnabled: false }, 'csrf-1');
    fixture = TestBed.createComponent(HostVmsPanel);
    await flush();
    fixture.detectChanges();
    await fixture.whenStable();
  }

  it('says what to do when libvirt is down (503), not "something went wrong" with a reference', async () => {
    fake = new FakeApi().on('GET', '/api/host/vms', apiError(503, 'LIBVIRT_UNAVAILABLE', DOWN));
    await render();
    expect(byTestId('host-vms-unavailable')?.textContent?.trim()).toBe(DOWN);
    expect(byTestId('error-message')).toBeNull();
    expect(el().textContent).not.toContain('Reference');
    expect(el().textContent).not.toContain('Something went wrong');
  });

  it('shows other failures in the error box, with their reference', async () => {
    fake = new FakeApi().on('GET', '/api/host/vms', apiError(500, 'INTERNAL', 'Something went wrong on the server.'));
    await render();
    expect(byTestId('host-vms-unavailable')).toBeNull();
    expect(byTestId('error-message')?.textContent).toContain('corr-test');
  });

  it('lists the VMs once libvirt answers', async () => {
    fake = new FakeApi().on('GET', '/api/host/vms', { body: { items: [] } });
    await render();
    expect(byTestId('host-vms-unavailable')).toBeNull();
    expect(byTestId('host-vms-empty')?.textContent).toContain('No virtual machines');
  });
});
