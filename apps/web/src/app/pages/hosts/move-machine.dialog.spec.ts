import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import type { MachinePlacementView } from '../../core/api/fleet-types';
import { MoveMachineDialog } from './move-machine.dialog';
import { GIB } from './hosts-fixtures';

const PATH = '/api/networks/n1/machines/files';
const TASK = {
  id: 'task-move',
  type: 'vm.migrate',
  status: 'queued',
  progress: 0,
  message: null,
  error: null,
  networkId: 'n1',
  machine: 'files',
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
};

function placement(overrides: Partial<MachinePlacementView> = {}): MachinePlacementView {
  return {
    hostId: 'h-panel',
    hostName: 'panel-host',
    hostState: 'online',
    hosts: [
      {
        id: 'h-panel',
        name: 'panel-host',
        state: 'online',
        draining: false,
        memoryAvailableBytes: 8 * GIB,
        diskFreeBytes: 90 * GIB,
        suggested: false,
      },
      {
        id: 'h-a',
        name: 'alpha',
        state: 'online',
        draining: false,
        memoryAvailableBytes: 2 * GIB,
        diskFreeBytes: 40 * GIB,
        suggested: false,
      },
      {
        id: 'h-b',
        name: 'bravo',
        state: 'online',
        draining: false,
        memoryAvailableBytes: 12 * GIB,
        diskFreeBytes: 300 * GIB,
        suggested: true,
      },
      { id: 'h-c', name: 'charlie', state: 'offline', draining: false, memoryAvailableBytes: null, diskFreeBytes: null, suggested: false },
      {
        id: 'h-d',
        name: 'delta',
        state: 'online',
        draining: true,
        memoryAvailableBytes: 30 * GIB,
        diskFreeBytes: 900 * GIB,
        suggested: false,
      },
    ],
    ...overrides,
  };
}

describe('MoveMachineDialog', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<MoveMachineDialog>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const radio = (name: string) => byTestId(`move-host-radio-${name}`) as HTMLInputElement;

  async function settle(): Promise<void> {
    await flush();
    fixture.detectChanges();
    await fixture.whenStable();
  }

  async function render(answer = placement()): Promise<void> {
    fake = new FakeApi()
      .on('GET', `${PATH}/placement`, { body: answer })
      .on('GET', `/api/tasks/${TASK.id}`, { body: TASK })
      .on('GET', `/api/tasks/${TASK.id}/log`, { body: { items: [] } });
    TestBed.configureTestingModule({
      imports: [MoveMachineDialog],
      providers: [provideRouter([]), { provide: FETCH, useValue: fake.fetch }],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'root', displayName: '', isHostAdmin: true, totpEnabled: false }, 'csrf-1');
    fixture = TestBed.createComponent(MoveMachineDialog);
    fixture.componentRef.setInput('networkId', 'n1');
    fixture.componentRef.setInput('machine', 'files');
    await settle();
  }

  it('preselects the suggested host and lists the others with their free memory and disk, not the one it is on', async () => {
    await render();
    expect(radio('bravo').checked).toBe(true);
    expect(radio('alpha').checked).toBe(false);
    expect(byTestId('move-host-panel-host')).toBeNull();
    expect(byTestId('move-host-detail-bravo')?.textContent?.trim()).toBe('12 GiB memory free · 300 GiB disk free');
    // The suggested host comes first.
    const names = Array.from(el().querySelectorAll('[data-testid^="move-host-radio-"]')).map((r) => r.getAttribute('data-testid'));
    expect(names[0]).toBe('move-host-radio-bravo');
  });

  it('disables offline and draining hosts and says why', async () => {
    await render();
    expect(radio('charlie').disabled).toBe(true);
    expect(byTestId('move-host-detail-charlie')?.textContent?.trim()).toBe('charlie is offline.');
    expect(radio('delta').disabled).toBe(true);
    expect(byTestId('move-host-detail-delta')?.textContent?.trim()).toBe('delta is draining: it takes no new machines.');
    expect(radio('alpha').disabled).toBe(false);
  });

  it('moves to the picked host and follows the task', async () => {
    await render();
    fake.on('POST', `${PATH}/migrate`, { status: 202, body: { taskId: TASK.id } });
    radio('alpha').click();
    await settle();
    byTestId('move-submit')?.click();
    await settle();
    expect(fake.last('POST', `${PATH}/migrate`)?.body).toEqual({ hostId: 'h-a' });
    expect(byTestId('task-progress')).not.toBeNull();
  });

  it('while its host is offline, says why it cannot move and offers nothing that would lose data', async () => {
    await render(placement({ hostId: 'h-c', hostName: 'charlie', hostState: 'offline' }));
    expect(byTestId('move-host-offline')?.textContent).toContain('charlie, the host files is on, is offline');
    expect((byTestId('move-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(byTestId('move-restart-elsewhere')).toBeNull();
  });

  it('says so when there is no other host', async () => {
    await render(placement({ hosts: placement().hosts.slice(0, 1) }));
    expect(byTestId('move-no-hosts')?.textContent).toContain('no other host');
    expect((byTestId('move-submit') as HTMLButtonElement).disabled).toBe(true);
  });
});
