import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FakeConsoleSocket, QuietTerminal } from '../../../testing/fake-console';
import { FakeSocket } from '../../../testing/fake-socket';
import { FETCH } from '../../core/api/api';
import type { VmSummaryView } from '../../core/api/vm-types';
import { Session } from '../../core/auth/session';
import { CONSOLE_WEBSOCKET } from '../../core/consoles/console-connection';
import type { MachineConsoleView } from '../../core/consoles/console-types';
import { LiveSocket, SOCKET_FACTORY } from '../../core/live/live-socket';
import { TERMINAL_HOST_FACTORY } from '../../shared/terminal/terminal-host';
import { VNC_CLIENT } from '../../shared/terminal/vnc-view';
import { NetworkContext } from '../network/network-context';
import { MachineConsoleTab } from './machine-console.tab';
import { MachineContext } from './machine-context';
import { MachineVm } from './machine-vm';

const BASE = '/api/networks/n1/machines/web';
const TICKET = {
  ticket: 'ct_x',
  target: 'serial:n1/web',
  expiresAt: '2026-03-10T10:00:30Z',
  url: '/api/consoles/ws?ticket=ct_x&target=serial%3An1%2Fweb',
};

/** Stands in for noVNC's RFB: records how it was made and what it was asked. */
class FakeRfb extends EventTarget {
  static instances: FakeRfb[] = [];
  scaleViewport = false;
  clipViewport = false;
  resizeSession = false;
  viewOnly = false;
  focusOnClick = true;
  background = '';
  ctrlAltDels = 0;
  disconnected = false;
  constructor(
    readonly target: HTMLElement,
    readonly url: string,
    readonly options: { wsProtocols?: string[]; shared?: boolean },
  ) {
    super();
    FakeRfb.instances.push(this);
  }
  disconnect(): void {
    this.disconnected = true;
  }
  sendCtrlAltDel(): void {
    this.ctrlAltDels += 1;
  }
  focus(): void {
    // nothing to focus
  }
  blur(): void {
    // nothing to blur
  }
}

function vm(patch: Partial<VmSummaryView> = {}): VmSummaryView {
  return {
    networkId: 'n1',
    machine: 'web',
    domainName: 'clan-abc-n1-web',
    state: 'running',
    bootedAt: '2026-03-10T10:00:00Z',
    uptimeSeconds: 60,
    currentGeneration: 1,
    healthyGeneration: 1,
    latestGeneration: 1,
    health: 'healthy',
    healthAt: null,
    deployedRevision: 'aaaaaaa',
    drift: 'in-sync',
    addresses: [],
    vcpus: 1,
    memoryMiB: 512,
    stateDiskGiB: 1,
    activeTask: null,
    host: { id: 'h1', name: 'nuc', state: 'online' },
    ...patch,
  };
}

function consoleInfo(patch: Partial<MachineConsoleView> = {}): MachineConsoleView {
  return { display: false, displayAvailable: false, running: true, state: 'attached', participants: [], ...patch };
}

describe('MachineConsoleTab', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<MachineConsoleTab>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => el().querySelector<T>(`[data-testid="${id}"]`);
  const ticketRequests = () => fake.requests.filter((r) => r.method === 'POST' && r.path === `${BASE}/console/ticket`);

  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
    await flush();
    await fixture.whenStable();
  }

  async function render(options: { vm?: VmSummaryView; info?: MachineConsoleView; role?: string } = {}): Promise<void> {
    FakeConsoleSocket.instances = [];
    FakeRfb.instances = [];
    fake = new FakeApi()
      .on('GET', '/api/networks/n1', {
        body: { id: 'n1', name: 'home', myRole: options.role ?? 'admin', memberCount: 1, description: '', createdAt: '', updatedAt: '' },
      })
      .on('GET', `${BASE}/vm`, { body: options.vm ?? vm() })
      .on('GET', `${BASE}/console`, { body: options.info ?? consoleInfo() })
      .on('POST', `${BASE}/console/ticket`, { status: 201, body: TICKET });
    const socket = new FakeSocket();
    TestBed.configureTestingModule({
      imports: [MachineConsoleTab],
      providers: [
        provideRouter([]),
        NetworkContext,
        MachineContext,
        MachineVm,
        { provide: FETCH, useValue: fake.fetch },
        { provide: SOCKET_FACTORY, useValue: () => socket },
        { provide: CONSOLE_WEBSOCKET, useValue: FakeConsoleSocket },
        { provide: TERMINAL_HOST_FACTORY, useValue: () => new QuietTerminal() },
        { provide: VNC_CLIENT, useValue: () => Promise.resolve(FakeRfb) },
      ],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'vera', displayName: '', isHostAdmin: false, totpEnabled: false }, 'csrf-1');
    TestBed.inject(LiveSocket).start();
    socket.serverOpens();
    await TestBed.inject(NetworkContext).load('n1');
    await TestBed.inject(MachineVm).load('n1', 'web');
    fixture = TestBed.createComponent(MachineConsoleTab);
    await settle();
  }

  afterEach(() => fixture?.destroy());

  it('connects the serial console when the tab opens; the graphical one is disabled and says why', async () => {
    await render();
    expect(byTestId('console-kind-serial')?.getAttribute('aria-pressed')).toBe('true');
    const vnc = byTestId<HTMLButtonElement>('console-kind-vnc');
    expect(vnc?.disabled).toBe(true);
    expect(vnc?.title).toContain('no graphical display');
    expect(byTestId('console-vnc-reason')?.textContent).toContain('Turn on “Graphical display” below');

    expect(ticketRequests()).toHaveLength(1);
    expect(ticketRequests()[0].body).toEqual({ kind: 'serial' });
    expect(ticketRequests()[0].headers.get('x-csrf-token')).toBe('csrf-1');
    expect(FakeConsoleSocket.instances).toHaveLength(1);
    expect(FakeConsoleSocket.instances[0].url).toMatch(/^ws:\/\/[^/]+\/api\/consoles\/ws\?ticket=ct_x&target=serial%3An1%2Fweb$/);
    expect(byTestId('terminal')).not.toBeNull();

    FakeConsoleSocket.instances[0].opens({
      type: 'hello',
      sessionId: 's1',
      kind: 'serial',
      title: 'web',
      recordingId: null,
      offset: 0,
      cols: 80,
      rows: 24,
      state: 'stopped',
    });
    await settle();
    expect(byTestId('console-status')?.getAttribute('data-state')).toBe('connected');
    expect(byTestId('console-serial-state')?.textContent).toContain('The VM is off');
  });

  it('links to this machine’s recordings and explains resizing a serial line', async () => {
    await render();
    const link = byTestId<HTMLAnchorElement>('console-recordings-link');
    expect(link?.getAttribute('href')).toBe('/recordings?networkId=n1&machine=web');
    expect(el().textContent).toContain('stty rows 24 cols 80');
  });

  it('shows an empty state instead of a console for a machine that was never deployed', async () => {
    await render({
      vm: vm({ state: 'undefined', latestGeneration: null, currentGeneration: null, healthyGeneration: null, domainName: null }),
    });
    expect(byTestId('console-empty')?.textContent).toContain('never been deployed');
    expect(byTestId('terminal')).toBeNull();
    expect(ticketRequests()).toHaveLength(0);
  });

  it('opens the graphical console when the machine has one (noVNC on a vnc ticket), closing the serial console', async () => {
    await render({ info: consoleInfo({ display: true, displayAvailable: true }) });
    const vnc = byTestId<HTMLButtonElement>('console-kind-vnc');
    expect(vnc?.disabled).toBe(false);
    expect(byTestId('console-vnc-reason')).toBeNull();
    const serialSocket = FakeConsoleSocket.instances[0];
    fake.on('POST', `${BASE}/console/ticket`, {
      status: 201,
      body: { ...TICKET, target: 'vnc:n1/web', url: '/api/consoles/ws?ticket=ct_v&target=vnc%3An1%2Fweb' },
    });
    vnc?.click();
    await settle();
    expect(serialSocket.closedWith).toBe(1000);
    expect(byTestId('terminal')).toBeNull();
    expect(byTestId('console-kind-vnc')?.getAttribute('aria-pressed')).toBe('true');
    expect(ticketRequests().at(-1)?.body).toEqual({ kind: 'vnc' });

    expect(FakeRfb.instances).toHaveLength(1);
    const rfb = FakeRfb.instances[0];
    expect(rfb.target).toBe(byTestId('vnc-screen'));
    expect(rfb.url).toMatch(/^ws:\/\/[^/]+\/api\/consoles\/ws\?ticket=ct_v&target=vnc%3An1%2Fweb$/);
    expect(rfb.options.wsProtocols).toEqual(['binary']);
    expect(rfb.scaleViewport).toBe(true);
    expect(byTestId('vnc-status')?.getAttribute('data-state')).toBe('connecting');
    expect(byTestId<HTMLButtonElement>('vnc-cad')?.disabled).toBe(true);

    rfb.dispatchEvent(new CustomEvent('connect'));
    await settle();
    expect(byTestId('vnc-status')?.getAttribute('data-state')).toBe('connected');
    byTestId('vnc-cad')?.click();
    expect(rfb.ctrlAltDels).toBe(1);

    // The display went away: say so, and reconnect with a fresh ticket.
    rfb.dispatchEvent(new CustomEvent('disconnect', { detail: { clean: true } }));
    await settle();
    expect(byTestId('vnc-status')?.getAttribute('data-state')).toBe('closed');
    expect(byTestId('vnc-status')?.textContent).toContain('closed');
    byTestId('vnc-reconnect')?.click();
    await settle();
    expect(FakeRfb.instances).toHaveLength(2);
    expect(ticketRequests().filter((r) => (r.body as { kind: string }).kind === 'vnc')).toHaveLength(2);

    // Back to the serial console: the graphical one is disconnected.
    byTestId('console-kind-serial')?.click();
    await settle();
    expect(FakeRfb.instances[1].disconnected).toBe(true);
    expect(byTestId('terminal')).not.toBeNull();
  });

  it('shows the API’s message when the graphical console’s ticket is refused', async () => {
    await render({ info: consoleInfo({ display: true, displayAvailable: true }) });
    fake.on('POST', `${BASE}/console/ticket`, apiError(409, 'CONFLICT', 'web is not running with a display: restart it.'));
    byTestId('console-kind-vnc')?.click();
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('web is not running with a display: restart it.');
    expect(byTestId('vnc-status')?.getAttribute('data-state')).toBe('closed');
    expect(FakeRfb.instances).toHaveLength(0);
  });

  it('says why the graphical console is unavailable when the VM is off or was started without it', async () => {
    await render({ info: consoleInfo({ display: true, displayAvailable: false, running: false }) });
    expect(byTestId<HTMLButtonElement>('console-kind-vnc')?.title).toBe('The VM is not running: start it to use its graphical console.');
    fixture.destroy();
    TestBed.resetTestingModule();
    await render({ info: consoleInfo({ display: true, displayAvailable: false, running: true }) });
    expect(byTestId<HTMLButtonElement>('console-kind-vnc')?.title).toContain('restart it');
  });

  it('lets a network admin turn the graphical display on, from the next start', async () => {
    await render();
    fake.on('PUT', `${BASE}/console`, { body: consoleInfo({ display: true }) });
    const toggle = byTestId<HTMLInputElement>('console-display-toggle');
    expect(toggle?.checked).toBe(false);
    toggle!.checked = true;
    toggle!.dispatchEvent(new Event('change'));
    await settle();
    expect(fake.last('PUT', `${BASE}/console`)?.body).toEqual({ display: true });
    expect(byTestId('console-display-note')?.textContent).toContain('next started');
    expect(byTestId('console-vnc-reason')?.textContent).toContain('restart it');
  });

  it('shows the API’s message when saving the display setting fails, and unticks the box', async () => {
    await render();
    fake.on('PUT', `${BASE}/console`, apiError(409, 'CONFLICT', 'The display directory cannot be handed to qemu.'));
    const toggle = byTestId<HTMLInputElement>('console-display-toggle');
    toggle!.checked = true;
    toggle!.dispatchEvent(new Event('change'));
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('The display directory cannot be handed to qemu.');
    expect(toggle?.checked).toBe(false);
  });

  it('has no display setting for those who may not configure the machine, and no console without Machine.Console', async () => {
    await render({ role: 'member' });
    expect(byTestId('console-display-toggle')).toBeNull();
    expect(byTestId('console-no-access')).not.toBeNull();
    expect(ticketRequests()).toHaveLength(0);
  });

  it('closes the console when the tab goes away', async () => {
    await render();
    const socket = FakeConsoleSocket.instances[0];
    fixture.destroy();
    expect(socket.closedWith).toBe(1000);
  });
});
