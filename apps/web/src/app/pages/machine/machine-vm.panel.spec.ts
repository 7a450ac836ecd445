import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { TaskStatus, type TaskSummary } from '@clan/contracts';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FakeSocket } from '../../../testing/fake-socket';
import { FETCH } from '../../core/api/api';
import type { VmSummaryView } from '../../core/api/vm-types';
import { Session } from '../../core/auth/session';
import { LiveSocket, SOCKET_FACTORY } from '../../core/live/live-socket';
import { ConfirmHost } from '../../shared/confirm-host';
import { NetworkContext } from '../network/network-context';
import { MachineContext } from './machine-context';
import { MachineVm } from './machine-vm';
import { MachineVmPanel } from './machine-vm.panel';

const BASE = '/api/networks/n1/machines/nas';

function summary(patch: Partial<VmSummaryView> = {}): VmSummaryView {
  return {
    networkId: 'n1',
    machine: 'nas',
    domainName: 'clan-abc-n1-nas',
    state: 'running',
    bootedAt: '2026-03-10T10:00:00Z',
    uptimeSeconds: 3725,
    currentGeneration: 3,
    healthyGeneration: 2,
    latestGeneration: 3,
    health: 'healthy',
    healthAt: '2026-03-10T10:01:00Z',
    deployedRevision: 'aaaaaaa1111111',
    drift: 'in-sync',
    addresses: ['fd00::2'],
    vcpus: 2,
    memoryMiB: 2048,
    stateDiskGiB: 10,
    activeTask: null,
    host: { id: 'h1', name: 'nuc', state: 'online' },
    ...patch,
  };
}

function task(patch: Partial<TaskSummary> = {}): TaskSummary {
  return {
    id: 't1',
    type: 'vm.power',
    status: TaskStatus.Queued,
    progress: 0,
    message: null,
    networkId: 'n1',
    machine: 'nas',
    userId: 'u1',
    error: null,
    createdAt: '2026-03-10T11:00:00Z',
    startedAt: null,
    finishedAt: null,
    ...patch,
  };
}

describe('MachineVmPanel', () => {
  let fake: FakeApi;
  let socket: FakeSocket;
  let fixture: ComponentFixture<MachineVmPanel>;
  let confirmHost: ComponentFixture<ConfirmHost>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => el().querySelector<T>(`[data-testid="${id}"]`);
  const button = (id: string) => byTestId<HTMLButtonElement>(id) as HTMLButtonElement;
  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
    await confirmHost.whenStable();
  }
  async function click(id: string): Promise<void> {
    button(id).click();
    await settle();
  }
  async function confirm(): Promise<void> {
    (confirmHost.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-testid="confirm-ok"]')?.click();
    await settle();
  }

  async function render(vm: VmSummaryView, role = 'admin'): Promise<void> {
    fake = new FakeApi()
      .on('GET', '/api/networks/n1', {
        body: { id: 'n1', name: 'family', myRole: role, memberCount: 2, description: '', createdAt: '', updatedAt: '' },
      })
      .on('GET', `${BASE}/vm`, { body: vm })
      .on('GET', '/api/tasks/t1', { body: task() })
      .on('GET', '/api/tasks/t1/log', { body: { items: [] } });
    socket = new FakeSocket();
    TestBed.configureTestingModule({
      imports: [MachineVmPanel],
      providers: [
        provideRouter([]),
        NetworkContext,
        MachineContext,
        MachineVm,
        { provide: FETCH, useValue: fake.fetch },
        { provide: SOCKET_FACTORY, useValue: () => socket },
      ],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: false, totpEnabled: false }, 'csrf-1');
    TestBed.inject(LiveSocket).start();
    socket.serverOpens();
    await TestBed.inject(NetworkContext).load('n1');
    await TestBed.inject(MachineVm).load('n1', 'nas');
    confirmHost = TestBed.createComponent(ConfirmHost);
    fixture = TestBed.createComponent(MachineVmPanel);
    await settle();
  }

  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows state, health, the three generations, addresses and resources', async () => {
    await render(summary());
    expect(byTestId('vm-state')?.textContent?.trim()).toBe('running');
    expect(byTestId('vm-health')?.textContent).toContain('healthy');
    const generation = byTestId('vm-generation')?.textContent?.replace(/\s+/g, ' ');
    expect(generation).toContain('current 3');
    expect(generation).toContain('last healthy 2');
    expect(generation).toContain('latest 3');
    expect(byTestId('vm-addresses')?.textContent).toContain('fd00::2');
    expect(el().textContent).toContain('2 vCPU · 2048 MiB memory · 10 GiB state disk');
    expect(byTestId('vm-uptime')?.textContent?.trim()).toBe('1 h 2 min');
  });

  it('lets the uptime tick on from what the API reported', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'Date'] });
    await render(summary({ uptimeSeconds: 59 }));
    expect(byTestId('vm-uptime')?.textContent?.trim()).toBe('59 s');
    vi.advanceTimersByTime(62_000);
    await settle();
    expect(byTestId('vm-uptime')?.textContent?.trim()).toBe('2 min 1 s');
  });

  it('enables only the power buttons the state allows', async () => {
    await render(summary());
    expect(['vm-start', 'vm-stop', 'vm-reboot', 'vm-suspend', 'vm-resume', 'vm-deploy'].map((id) => !button(id).disabled)).toEqual([
      false,
      true,
      true,
      true,
      false,
      true,
    ]);
    expect(button('vm-start').title).toBe('Not possible while the VM is running.');
  });

  it('asks before stopping, then follows the task live: progress, message, log lines — and the buttons wait for it', async () => {
    await render(summary());
    fake.on('POST', `${BASE}/vm/stop`, { status: 202, body: { taskId: 't1' } });

    await click('vm-stop');
    expect(fake.last('POST', `${BASE}/vm/stop`)).toBeUndefined();
    await confirm();
    expect(fake.last('POST', `${BASE}/vm/stop`)?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(byTestId('task-progress')).not.toBeNull();
    expect(socket.sent).toContainEqual({ type: 'subscribe', topic: 'task:t1' });
    expect(button('vm-stop').disabled).toBe(true);
    expect(button('vm-deploy').disabled).toBe(true);

    socket.serverSends({ type: 'task.updated', task: task({ status: TaskStatus.Running, progress: 50, message: 'Shutting down' }) });
    socket.serverSends({
      type: 'task.log',
      taskId: 't1',
      line: { seq: 1, at: '2026-03-10T11:00:01Z', level: 'info', text: 'stop nas (now running).' },
    });
    await settle();
    expect(byTestId('task-progress-status')?.textContent).toBe('running');
    expect(byTestId('task-progress')?.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('50');
    expect(byTestId('task-progress')?.textContent).toContain('Shutting down');
    expect(byTestId('task-progress-log')?.textContent).toContain('stop nas (now running).');

    // The end of the task reloads the VM's state.
    fake.on('GET', `${BASE}/vm`, { body: summary({ state: 'shutOff', uptimeSeconds: null, health: 'unknown' }) });
    socket.serverSends({ type: 'task.updated', task: task({ status: TaskStatus.Succeeded, progress: 100, message: 'nas: shutOff' }) });
    await new Promise((resolve) => setTimeout(resolve, 350));
    await settle();
    expect(byTestId('task-progress-status')?.textContent).toBe('succeeded');
    expect(byTestId('vm-state')?.textContent?.trim()).toBe('stopped');
    expect(button('vm-start').disabled).toBe(false);
  });

  it('does not stop when the confirmation is cancelled', async () => {
    await render(summary());
    await click('vm-reboot');
    (confirmHost.nativeElement as HTMLElement).querySelector<HTMLElement>('.dialog-actions .btn:not([data-testid])')?.click();
    await settle();
    expect(fake.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('shows the API’s sentence when another action is already under way (409)', async () => {
    await render(summary({ state: 'shutOff', uptimeSeconds: null }));
    fake.on(
      'POST',
      `${BASE}/vm/start`,
      apiError(409, 'CONFLICT', 'nas is busy: vm.deploy (task 1234) is running. Try again when it has finished.'),
    );
    await click('vm-start');
    expect(byTestId('error-message')?.textContent).toContain('nas is busy: vm.deploy (task 1234) is running.');
    expect(byTestId('task-progress')).toBeNull();
  });

  it('for a machine never deployed: says so, offers Deploy now and no Start', async () => {
    await render(
      summary({
        state: 'undefined',
        domainName: null,
        bootedAt: null,
        uptimeSeconds: null,
        currentGeneration: null,
        healthyGeneration: null,
        latestGeneration: null,
        health: 'unknown',
        healthAt: null,
        deployedRevision: null,
        drift: 'not-deployed',
        addresses: [],
      }),
    );
    expect(byTestId('vm-empty')?.textContent).toContain('Not deployed yet.');
    expect(byTestId('vm-generation')?.textContent).toContain('none built yet');
    expect(button('vm-start').disabled).toBe(true);
    expect(button('vm-deploy').disabled).toBe(false);

    fake.on('POST', `${BASE}/deploy`, { status: 202, body: { taskId: 't1' } });
    await click('vm-deploy');
    expect(fake.last('POST', `${BASE}/deploy`)?.body).toEqual({});
    expect(byTestId('task-progress')).not.toBeNull();
  });

  it('shows no power buttons to a member without Machine.PowerMgmt', async () => {
    await render(summary(), 'viewer');
    expect(byTestId('vm-stop')).toBeNull();
    expect(byTestId('vm-deploy')).toBeNull();
    expect(byTestId('vm-no-power')?.textContent).toContain('Machine.PowerMgmt');
  });
});
