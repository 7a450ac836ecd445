import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FakeSocket } from '../../../testing/fake-socket';
import { FETCH } from '../../core/api/api';
import type { GenerationView } from '../../core/api/vm-types';
import { Session } from '../../core/auth/session';
import { SOCKET_FACTORY } from '../../core/live/live-socket';
import { ConfirmHost } from '../../shared/confirm-host';
import { NetworkContext } from '../network/network-context';
import { MachineContext } from './machine-context';
import { MachineGenerationsTab } from './machine-generations.tab';
import { MachineVm } from './machine-vm';

const BASE = '/api/networks/n1/machines/nas';

function generation(number: number, patch: Partial<GenerationView> = {}): GenerationView {
  return {
    number,
    revision: `${number}`.repeat(7) + 'abcdef0123456789abcdef0123456789a',
    storePath: `/nix/store/${number}-nixos-system-nas`,
    closureBytes: 512 * 1024 ** 2,
    status: 'healthy',
    current: false,
    lastHealthy: false,
    taskId: null,
    builtAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
    bootedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
    healthyAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
    rolledBackAt: null,
    note: null,
    ...patch,
  };
}

const vm = {
  networkId: 'n1',
  machine: 'nas',
  domainName: 'clan-abc-n1-nas',
  state: 'running',
  bootedAt: null,
  uptimeSeconds: 60,
  currentGeneration: 3,
  healthyGeneration: 3,
  latestGeneration: 4,
  health: 'healthy',
  healthAt: null,
  deployedRevision: null,
  drift: 'in-sync',
  addresses: [],
  vcpus: 1,
  memoryMiB: 1024,
  stateDiskGiB: 10,
  activeTask: null,
  host: { id: 'h1', name: 'nuc', state: 'online' },
};

describe('MachineGenerationsTab', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<MachineGenerationsTab>;
  let confirmHost: ComponentFixture<ConfirmHost>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => el().querySelector<T>(`[data-testid="${id}"]`);
  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
    await confirmHost.whenStable();
  }

  async function render(items: GenerationView[], role = 'owner'): Promise<void> {
    fake = new FakeApi()
      .on('GET', '/api/networks/n1', {
        body: { id: 'n1', name: 'family', myRole: role, memberCount: 2, description: '', createdAt: '', updatedAt: '' },
      })
      .on('GET', `${BASE}/vm`, { body: vm })
      .on('GET', `${BASE}/generations`, { body: { items, total: items.length } })
      .on('GET', '/api/tasks/t9', {
        body: {
          id: 't9',
          type: 'vm.deploy',
          status: 'queued',
          progress: 0,
          message: null,
          networkId: 'n1',
          machine: 'nas',
          userId: 'u1',
          error: null,
          createdAt: '2026-03-10T11:00:00Z',
          startedAt: null,
          finishedAt: null,
        },
      })
      .on('GET', '/api/tasks/t9/log', { body: { items: [] } });
    TestBed.configureTestingModule({
      imports: [MachineGenerationsTab],
      providers: [
        provideRouter([]),
        NetworkContext,
        MachineContext,
        MachineVm,
        { provide: FETCH, useValue: fake.fetch },
        { provide: SOCKET_FACTORY, useValue: () => new FakeSocket() },
      ],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: false, totpEnabled: false }, 'csrf-1');
    await TestBed.inject(NetworkContext).load('n1');
    await TestBed.inject(MachineVm).load('n1', 'nas');
    confirmHost = TestBed.createComponent(ConfirmHost);
    fixture = TestBed.createComponent(MachineGenerationsTab);
    await settle();
  }

  const list = () => [
    generation(4, { status: 'rolled-back', rolledBackAt: new Date().toISOString(), note: 'No answer to the health probe within 120 s.' }),
    generation(3, { current: true, lastHealthy: true }),
    generation(2),
    generation(1, { status: 'collected', closureBytes: null }),
  ];

  it('lists generations with status, markers, revision link, times in words and closure size', async () => {
    await render(list());
    expect(fake.last('GET', `${BASE}/generations`)?.search).toBe('?limit=25&offset=0');
    const current = byTestId('generation-row-3') as HTMLElement;
    expect(current.querySelector('[data-testid="generation-current"]')).not.toBeNull();
    expect(current.querySelector('[data-testid="generation-last-healthy"]')).not.toBeNull();
    expect(current.textContent).toContain('512 MiB');
    expect(current.textContent).toContain('3 hours ago');
    expect(current.querySelector('a')?.getAttribute('href')).toBe(`/history?revision=${list()[1].revision}`);
    expect(current.querySelector('code')?.textContent).toBe('3333333');
    const failed = byTestId('generation-row-4') as HTMLElement;
    expect(failed.textContent).toContain('rolled back');
    expect(failed.textContent).toContain('No answer to the health probe within 120 s.');
  });

  it('offers rollback only to older generations that still exist', async () => {
    await render(list());
    const enabled = [4, 3, 2, 1].map((n) => !byTestId<HTMLButtonElement>(`generation-rollback-${n}`)?.disabled);
    expect(enabled).toEqual([true, false, true, false]);
  });

  it('rolls back after confirmation and follows the task', async () => {
    await render(list());
    fake.on('POST', `${BASE}/generations/2/rollback`, { status: 202, body: { taskId: 't9' } });
    byTestId('generation-rollback-2')?.click();
    await settle();
    expect(fake.last('POST', `${BASE}/generations/2/rollback`)).toBeUndefined();
    expect((confirmHost.nativeElement as HTMLElement).textContent).toContain('Roll back nas to generation 2?');
    (confirmHost.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-testid="confirm-ok"]')?.click();
    await settle();
    expect(fake.last('POST', `${BASE}/generations/2/rollback`)).toBeDefined();
    expect(byTestId('task-progress')).not.toBeNull();
  });

  it('shows the API’s sentence when the rollback is refused', async () => {
    await render(list());
    fake.on('POST', `${BASE}/generations/2/rollback`, apiError(409, 'CONFLICT', 'nas is busy: machine.build is running.'));
    byTestId('generation-rollback-2')?.click();
    await settle();
    (confirmHost.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-testid="confirm-ok"]')?.click();
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('nas is busy: machine.build is running.');
  });

  it('says plainly when there are no generations yet, and hides rollback from viewers', async () => {
    await render([], 'viewer');
    expect(byTestId('generations-empty')?.textContent).toContain('No generations yet.');
    fixture.destroy();
    TestBed.resetTestingModule();
    await render(list(), 'viewer');
    expect(byTestId('generation-rollback-2')).toBeNull();
  });
});
