import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FakeSocket } from '../../../testing/fake-socket';
import { FETCH } from '../../core/api/api';
import type { GuestFactsView, VmSummaryView } from '../../core/api/vm-types';
import { Session } from '../../core/auth/session';
import { LiveSocket, SOCKET_FACTORY } from '../../core/live/live-socket';
import { NetworkContext } from '../network/network-context';
import { MachineContext } from './machine-context';
import { MachineGuestPanel } from './machine-guest.panel';
import { MachineVm } from './machine-vm';

const BASE = '/api/networks/n1/machines/nas';

function vm(patch: Partial<VmSummaryView> = {}): VmSummaryView {
  return {
    networkId: 'n1',
    machine: 'nas',
    domainName: 'clan-abc-n1-nas',
    state: 'running',
    bootedAt: '2026-03-10T10:00:00Z',
    uptimeSeconds: 3725,
    currentGeneration: 3,
    healthyGeneration: 3,
    latestGeneration: 3,
    health: 'healthy',
    healthAt: '2026-03-10T10:01:00Z',
    deployedRevision: 'aaaaaaa1111111',
    drift: 'in-sync',
    addresses: [],
    vcpus: 2,
    memoryMiB: 2048,
    stateDiskGiB: 10,
    activeTask: null,
    host: { id: 'h1', name: 'nuc', state: 'online' },
    ...patch,
  };
}

const FACTS: GuestFactsView = {
  machine: 'nas',
  generation: 3,
  uptimeSeconds: 3725,
  stateDisk: { mount: '/', sizeBytes: 10 * 1024 ** 3, usedBytes: 2.5 * 1024 ** 3 },
  failedUnits: [],
};

describe('MachineGuestPanel', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<MachineGuestPanel>;
  const el = () => fixture.nativeElement as HTMLElement;
  const text = (id: string) => el().querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
  const guestCalls = () => fake.requests.filter((r) => r.method === 'GET' && r.path === `${BASE}/guest`).length;
  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
  }

  async function render(summary: VmSummaryView, facts: Parameters<FakeApi['on']>[2]): Promise<void> {
    fake = new FakeApi()
      .on('GET', '/api/networks/n1', {
        body: { id: 'n1', name: 'family', myRole: 'member', memberCount: 2, description: '', createdAt: '', updatedAt: '' },
      })
      .on('GET', `${BASE}/vm`, { body: summary })
      .on('GET', `${BASE}/guest`, facts);
    const socket = new FakeSocket();
    TestBed.configureTestingModule({
      imports: [MachineGuestPanel],
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
    fixture = TestBed.createComponent(MachineGuestPanel);
    await settle();
  }

  it('shows uptime, generation, the state disk as a bar and "none" failed services', async () => {
    await render(vm(), { body: FACTS });
    expect(text('guest-uptime')).toBe('1 h 2 min');
    expect(text('guest-generation')).toBe('3');
    expect(text('guest-disk')).toBe('2.5 GiB of 10 GiB used (25 %)');
    const bar = el().querySelector('[data-testid="guest-disk"] [role="meter"]') as HTMLElement;
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    expect((bar.querySelector('.progress-fill') as HTMLElement).style.width).toBe('25%');
    expect(text('guest-failed')).toBe('none');
  });

  it('lists failed services and says when the machine runs another generation than the panel booted', async () => {
    await render(vm(), { body: { ...FACTS, generation: 2, failedUnits: ['nginx.service', 'nextcloud-setup.service'] } });
    expect(Array.from(el().querySelectorAll('[data-testid="guest-failed"] li')).map((li) => li.textContent?.trim())).toEqual([
      'nginx.service',
      'nextcloud-setup.service',
    ]);
    expect(text('guest-generation')).toBe('2 the panel booted 3');
  });

  it('asks again on Refresh', async () => {
    await render(vm(), { body: FACTS });
    expect(guestCalls()).toBe(1);
    fake.on('GET', `${BASE}/guest`, { body: { ...FACTS, uptimeSeconds: 42 } });
    (el().querySelector('[data-testid="guest-refresh"]') as HTMLButtonElement).click();
    await settle();
    expect(guestCalls()).toBe(2);
    expect(text('guest-uptime')).toBe('42 s');
  });

  it("shows the API's sentence when the controller does not answer", async () => {
    await render(vm(), apiError(503, 'GUEST_UNAVAILABLE', "The machine's controller did not answer within 10 s. It may still be booting."));
    expect(el().textContent).toContain("The machine's controller did not answer within 10 s. It may still be booting.");
    expect(el().querySelector('[data-testid="guest-uptime"]')).toBeNull();
  });

  it('does not ask a stopped machine', async () => {
    await render(vm({ state: 'shutOff', uptimeSeconds: null }), { body: FACTS });
    expect(guestCalls()).toBe(0);
    expect(text('guest-not-running')).toBe('The VM is not running: start it to see inside it.');
    expect((el().querySelector('[data-testid="guest-refresh"]') as HTMLButtonElement).disabled).toBe(true);
  });
});
