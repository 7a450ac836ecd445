import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ConsoleServerMessage } from '@clan/contracts';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FakeConsoleSocket, QuietTerminal } from '../../../testing/fake-console';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { CONSOLE_WEBSOCKET } from '../../core/consoles/console-connection';
import type { HostTerminalSessionView } from '../../core/consoles/console-types';
import { TERMINAL_HOST_FACTORY } from '../../shared/terminal/terminal-host';
import { HostTerminalPage } from './host-terminal.page';

const TICKET = {
  ticket: 'ct_h',
  target: 'host:new',
  expiresAt: '2026-03-10T10:00:30Z',
  url: '/api/consoles/ws?ticket=ct_h&target=host%3Anew',
};

const RUNNING: HostTerminalSessionView = {
  sessionId: '5d9a3c1e-0000-4000-8000-000000000001',
  shell: '/bin/bash',
  startedAt: new Date().toISOString(),
  startedBy: 'anna',
  recordingId: null,
  participants: [{ userId: 'u2', username: 'anna', since: new Date().toISOString(), connections: 2 }],
};

function hello(sessionId: string): ConsoleServerMessage {
  return {
    type: 'hello',
    sessionId,
    kind: 'host',
    title: 'host shell',
    recordingId: 'r1',
    offset: 0,
    cols: 80,
    rows: 24,
    state: 'attached',
  };
}

describe('HostTerminalPage', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<HostTerminalPage>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => el().querySelector<T>(`[data-testid="${id}"]`);
  const tickets = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/host/terminal/ticket');

  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
  }

  async function render(sessions: HostTerminalSessionView[]): Promise<void> {
    FakeConsoleSocket.instances = [];
    fake = new FakeApi()
      .on('GET', '/api/host/terminal/sessions', { body: { items: sessions } })
      .on('POST', '/api/host/terminal/ticket', { status: 201, body: TICKET });
    TestBed.configureTestingModule({
      imports: [HostTerminalPage],
      providers: [
        provideRouter([]),
        { provide: FETCH, useValue: fake.fetch },
        { provide: CONSOLE_WEBSOCKET, useValue: FakeConsoleSocket },
        { provide: TERMINAL_HOST_FACTORY, useValue: () => new QuietTerminal() },
      ],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'vera', displayName: '', isHostAdmin: true, totpEnabled: false }, 'csrf-1');
    fixture = TestBed.createComponent(HostTerminalPage);
    await settle();
  }

  afterEach(() => fixture?.destroy());

  it('warns that this is a root shell whose output is recorded, and lists the running shells with who is on them', async () => {
    await render([RUNNING]);
    const warning = byTestId('host-terminal-warning')?.textContent ?? '';
    expect(warning).toContain('root shell on the host');
    expect(warning).toContain('recorded');
    expect(warning).toContain('what you type is not recorded');
    expect(byTestId('host-terminal-sessions')?.textContent).toContain('/bin/bash');
    expect(byTestId('host-terminal-participants')?.textContent).toContain('anna (2 windows)');
    expect(byTestId('terminal')).toBeNull();
  });

  it('says when no shell runs', async () => {
    await render([]);
    expect(byTestId('host-terminal-none')?.textContent).toContain('No shell is running');
  });

  it('joins a running shell with its id, and reconnects to the same one', async () => {
    await render([RUNNING]);
    byTestId('host-terminal-join')?.click();
    await settle();
    expect(tickets().map((r) => r.body)).toEqual([{ sessionId: RUNNING.sessionId }]);
    expect(byTestId('terminal')).not.toBeNull();
    FakeConsoleSocket.instances[0].opens(hello(RUNNING.sessionId));
    await settle();
    expect(byTestId('console-status')?.getAttribute('data-state')).toBe('connected');
    // Attached: no Join for the shell this page is on.
    expect(byTestId('host-terminal-join')).toBeNull();
  });

  it('opens a new shell; when it exits, says so and offers another', async () => {
    await render([]);
    byTestId('host-terminal-new')?.click();
    await settle();
    expect(tickets().map((r) => r.body)).toEqual([{}]);
    const socket = FakeConsoleSocket.instances[0];
    socket.opens(hello('5d9a3c1e-0000-4000-8000-000000000002'));
    socket.closes(4000, 'The shell exited (code 0).');
    await settle();
    expect(byTestId('console-status')?.textContent).toContain('The shell exited (code 0).');
    expect(byTestId('host-terminal-exited')?.textContent).toContain('The shell exited (code 0).');
    expect(byTestId('console-reconnect')).toBeNull();

    byTestId('host-terminal-new-again')?.click();
    await settle();
    expect(tickets().map((r) => r.body)).toEqual([{}, {}]);
    expect(FakeConsoleSocket.instances).toHaveLength(2);
    expect(byTestId('host-terminal-exited')).toBeNull();
  });

  it('shows the API’s message when joining a shell that has gone', async () => {
    await render([RUNNING]);
    fake.on('POST', '/api/host/terminal/ticket', apiError(404, 'NOT_FOUND', 'No running shell session has that id.'));
    byTestId('host-terminal-join')?.click();
    await settle();
    expect(byTestId('console-status')?.getAttribute('data-state')).toBe('closed');
    expect(byTestId('console-status')?.textContent).toContain('No running shell session has that id.');
    expect(FakeConsoleSocket.instances).toHaveLength(0);
  });

  it('leaves the shell (it keeps running) and closes it when the page goes away', async () => {
    await render([RUNNING]);
    byTestId('host-terminal-join')?.click();
    await settle();
    const socket = FakeConsoleSocket.instances[0];
    byTestId('host-terminal-leave')?.click();
    await settle();
    expect(socket.closedWith).toBe(1000);
    expect(byTestId('terminal')).toBeNull();

    byTestId('host-terminal-join')?.click();
    await settle();
    fixture.destroy();
    expect(FakeConsoleSocket.instances[1].closedWith).toBe(1000);
  });
});
