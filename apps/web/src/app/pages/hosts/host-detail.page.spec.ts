import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeApi, apiError, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { Confirm } from '../../core/ui/confirm';
import { HostDetailPage } from './host-detail.page';
import { WORKER_OFFLINE, hostFixture } from './hosts-fixtures';

const WORKER = hostFixture({
  id: 'h-worker',
  name: 'worker-1',
  role: 'worker',
  machines: [
    { networkId: 'n1', networkName: 'family', machine: 'files', vmState: 'running' },
    { networkId: 'n1', networkName: 'family', machine: 'chat', vmState: 'shutOff' },
  ],
});
const TASK = {
  id: 'task-drain',
  type: 'host.drain',
  status: 'running',
  progress: 10,
  message: 'Moving files to panel-host',
  error: null,
  networkId: null,
  machine: null,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
};

describe('HostDetailPage', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<HostDetailPage>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);

  async function settle(): Promise<void> {
    await flush();
    fixture.detectChanges();
    await fixture.whenStable();
  }

  async function render(host = WORKER): Promise<void> {
    fake = new FakeApi()
      .on('GET', `/api/hosts/${host.id}`, { body: host })
      .on('GET', '/api/hosts', { body: { items: [hostFixture(), host] } })
      .on('GET', '/api/host/metrics', {
        body: { from: new Date().toISOString(), to: new Date().toISOString(), stepSeconds: 10, series: [] },
      })
      .on('GET', `/api/tasks/${TASK.id}`, { body: TASK })
      .on('GET', `/api/tasks/${TASK.id}/log`, { body: { items: [] } });
    TestBed.configureTestingModule({
      imports: [HostDetailPage],
      providers: [provideRouter([]), { provide: FETCH, useValue: fake.fetch }],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'root', displayName: '', isHostAdmin: true, totpEnabled: false }, 'csrf-1');
    fixture = TestBed.createComponent(HostDetailPage);
    fixture.componentRef.setInput('hostId', host.id);
    await settle();
  }

  it('shows the host, its machines with links, and asks its charts for this host', async () => {
    await render();
    expect(el().querySelector('h1')?.textContent).toContain('worker-1');
    expect(byTestId('host-state')?.textContent?.trim()).toBe('Online');
    const files = byTestId('host-machine-family-files');
    expect(files?.querySelector('a')?.getAttribute('href')).toBe('/networks/n1/machines/files');
    expect(byTestId('host-machine-family-chat')?.textContent).toContain('stopped');
    expect(fake.last('GET', '/api/host/metrics')?.search).toContain('hostId=h-worker');
    // A worker with machines cannot be removed yet, and says why.
    const remove = byTestId('host-remove') as HTMLButtonElement;
    expect(remove.disabled).toBe(true);
    expect(remove.title).toBe('Move its 2 machines off first (Drain).');
  });

  it('drains after a confirmation that explains the moves, and follows the task', async () => {
    await render();
    fake.on('POST', '/api/hosts/h-worker/drain', { status: 202, body: { taskId: TASK.id } });

    byTestId('host-drain')?.click();
    await settle();
    const asked = TestBed.inject(Confirm).pending();
    expect(asked?.title).toBe('Drain worker-1?');
    expect(asked?.message).toContain('every one of its 2 machines moves to another host, one at a time');
    expect(fake.last('POST', '/api/hosts/h-worker/drain')).toBeUndefined();

    TestBed.inject(Confirm).answer(true);
    await settle();
    expect(fake.last('POST', '/api/hosts/h-worker/drain')?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(byTestId('task-progress')).not.toBeNull();
    expect(byTestId('host-draining')).not.toBeNull();
    expect(byTestId('host-undrain')).not.toBeNull();
  });

  it('does not drain when the confirmation is declined', async () => {
    await render();
    byTestId('host-drain')?.click();
    await settle();
    TestBed.inject(Confirm).answer(false);
    await settle();
    expect(fake.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('stops draining with a PATCH', async () => {
    await render({ ...WORKER, draining: true });
    fake.on('PATCH', '/api/hosts/h-worker', { body: { ...WORKER, draining: false } });
    byTestId('host-undrain')?.click();
    await settle();
    expect(fake.last('PATCH', '/api/hosts/h-worker')?.body).toEqual({ draining: false });
    expect(byTestId('host-draining')).toBeNull();
  });

  it('offers no drain for an offline host, and removes an empty offline worker after asking', async () => {
    await render(WORKER_OFFLINE);
    expect(byTestId('host-offline-alert')?.textContent).toContain('last seen 3 minutes ago');
    expect((byTestId('host-drain') as HTMLButtonElement).disabled).toBe(true);
    fake.on('DELETE', '/api/hosts/h-worker', { status: 204 });
    byTestId('host-remove')?.click();
    await settle();
    TestBed.inject(Confirm).answer(true);
    await settle();
    expect(fake.last('DELETE', '/api/hosts/h-worker')).toBeDefined();
  });

  it('shows the API’s sentence when a drain is refused', async () => {
    await render();
    fake.on('POST', '/api/hosts/h-worker/drain', apiError(409, 'CONFLICT', 'No other host has room for files (2 GiB memory).'));
    byTestId('host-drain')?.click();
    await settle();
    TestBed.inject(Confirm).answer(true);
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('No other host has room for files');
    expect(byTestId('host-draining')).toBeNull();
  });
});
