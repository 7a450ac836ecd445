import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { TaskStatus, type TaskSummary } from '@clan/contracts';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FakeEventSource } from '../../../testing/fake-event-source';
import { FakeSocket } from '../../../testing/fake-socket';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { LiveSocket, SOCKET_FACTORY } from '../../core/live/live-socket';
import { EVENT_SOURCE_FACTORY, FOLLOW_BACKOFF } from '../../core/logs/follow-stream';
import { TaskViewer } from '../../core/tasks/task-viewer.service';
import { NetworkContext } from '../network/network-context';
import { MachineContext } from './machine-context';
import { MachineLogsTab } from './machine-logs.tab';

const LOG = '/api/networks/n1/machines/web/console/log';
const BOOT = { offset: 1000, at: '2026-03-10T14:05:12Z' };
const EARLIER_BOOT = { offset: 984, at: '2026-03-09T10:00:00Z' };

function task(id: string, over: Partial<TaskSummary> = {}): TaskSummary {
  return {
    id,
    type: 'vm.deploy',
    status: TaskStatus.Succeeded,
    progress: 100,
    message: 'Deployed',
    networkId: 'n1',
    machine: 'web',
    userId: 'u1',
    error: null,
    createdAt: '2026-03-10T14:00:00Z',
    startedAt: '2026-03-10T14:00:01Z',
    finishedAt: '2026-03-10T14:01:31Z',
    ...over,
  };
}

const taskDto = (t: TaskSummary) => ({ ...t, queue: 'vm', cancelRequested: false, result: null });

describe('MachineLogsTab', () => {
  let fake: FakeApi;
  let socket: FakeSocket;
  let fixture: ComponentFixture<MachineLogsTab>;
  const root = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => root().querySelector<T>(`[data-testid="${id}"]`);
  const logQuery = () => new URLSearchParams(fake.last('GET', LOG)?.search);

  async function settle(): Promise<void> {
    await flush();
    fixture.detectChanges();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    FakeEventSource.opened = [];
    socket = new FakeSocket();
    fake = new FakeApi()
      .on('GET', LOG, (req) => {
        const q = new URLSearchParams(req.search);
        const from = q.get('from');
        if (from === '984') {
          // "Load earlier": from the oldest kept byte (984: 16 bytes before this boot), running on past what is shown.
          const text = 'old boot output\nboot \x1b[1mtwo\x1b[0m begins';
          return { body: { text, from: 984, to: 984 + text.length, start: 984, end: 1030, more: false, boots: [EARLIER_BOOT, BOOT] } };
        }
        if (from === '1030')
          return { body: { text: 'caught up\n', from: 1030, to: 1040, start: 984, end: 1040, more: false, boots: [BOOT] } };
        return {
          body: {
            text: 'boot \x1b[1mtwo\x1b[0m begins\r\nlogin: ',
            from: 1000,
            to: 1030,
            start: 984,
            end: 1030,
            more: false,
            boots: [BOOT],
          },
        };
      })
      .on('GET', '/api/tasks', {
        body: {
          items: [
            taskDto(task('t2', { type: 'vm.power', status: TaskStatus.Failed, error: 'The VM did not stop in time.' })),
            taskDto(task('t1')),
          ],
          total: 2,
        },
      });
    TestBed.configureTestingModule({
      imports: [MachineLogsTab],
      providers: [
        provideRouter([]),
        NetworkContext,
        MachineContext,
        { provide: FETCH, useValue: fake.fetch },
        { provide: SOCKET_FACTORY, useValue: () => socket },
        { provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) },
        { provide: FOLLOW_BACKOFF, useValue: { baseMs: 1, maxMs: 2 } },
      ],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: true, totpEnabled: false }, 'csrf-1');
    TestBed.inject(LiveSocket).start();
    socket.serverOpens();
    const context = TestBed.inject(MachineContext);
    context.network.networkId.set('n1');
    context.name.set('web');
    fixture = TestBed.createComponent(MachineLogsTab);
    await settle();
  });

  afterEach(() => fixture.destroy());

  it('shows the end of this boot as plain text, with where the boot began', () => {
    expect(logQuery().get('boot')).toBe('current');
    expect(logQuery().get('tail')).toBe(String(256 * 1024));
    const log = byTestId('serial-log')?.textContent ?? '';
    expect(log).toContain('──── boot of 2026-03-1');
    expect(log).toContain('boot two begins\nlogin: ');
    expect(log).not.toContain('\x1b');
    expect(byTestId('logs-boots')?.textContent).toContain('One boot kept');
    expect(byTestId('logs-source-serial')?.getAttribute('aria-pressed')).toBe('true');
  });

  it('loads earlier output (here, the boot before) in front of what is shown', async () => {
    expect(byTestId('logs-older')).not.toBeNull(); // start 984 < from 1000
    byTestId('logs-older')?.click();
    await settle();
    expect(logQuery().get('from')).toBe('984');
    const lines = (byTestId('serial-log')?.textContent ?? '').split('\n');
    expect(lines[0]).toMatch(/^──── boot of 2026-03-09/);
    expect(lines[1]).toBe('old boot output');
    expect(lines[2]).toMatch(/^──── boot of 2026-03-10/);
    expect(lines[3]).toBe('boot two begins');
    expect(byTestId('logs-older')).toBeNull();
    expect(byTestId('logs-boots')?.textContent).toContain('2 boots kept');
  });

  it('asks for every boot kept when chosen', async () => {
    const boot = byTestId<HTMLSelectElement>('logs-boot');
    if (!boot) throw new Error('no boot select');
    boot.value = 'all';
    boot.dispatchEvent(new Event('change'));
    await settle();
    expect(logQuery().get('boot')).toBe('all');
  });

  it('follows new output from the end, appending it, and closes the stream when toggled off', async () => {
    byTestId('logs-follow')?.click();
    await settle();
    const stream = FakeEventSource.opened[0];
    expect(stream.url).toBe('/api/networks/n1/machines/web/console/log/stream?from=1030');
    stream.open();
    stream.emit('output', { from: 1030, to: 1042, text: 'root\r\n# ls\r\n' });
    await settle();
    expect(byTestId('logs-follow')?.getAttribute('aria-pressed')).toBe('true');
    expect(byTestId('serial-log')?.textContent).toContain('login: root\n# ls\n');
    byTestId('logs-follow')?.click();
    await settle();
    expect(stream.closed).toBe(true);
    expect(byTestId('logs-follow')?.getAttribute('aria-pressed')).toBe('false');
  });

  it('catches up after a dropped stream and follows on from there; a refusal stops it with the reason', async () => {
    byTestId('logs-follow')?.click();
    await settle();
    FakeEventSource.opened[0].fail();
    await settle();
    await new Promise((r) => setTimeout(r, 10));
    await settle();
    expect(byTestId('serial-log')?.textContent).toContain('caught up');
    expect(FakeEventSource.opened[1]?.url).toBe('/api/networks/n1/machines/web/console/log/stream?from=1040');

    fake.on('GET', LOG, apiError(403, 'FORBIDDEN', 'You need the Machine.Console privilege in this network.'));
    FakeEventSource.opened[1].fail();
    await settle();
    await new Promise((r) => setTimeout(r, 10));
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('Machine.Console');
    expect(byTestId('logs-follow')?.getAttribute('aria-pressed')).toBe('false');
    expect(FakeEventSource.opened).toHaveLength(2);
  });

  it('shows an API error in words', async () => {
    fake.on('GET', LOG, apiError(404, 'NOT_FOUND', 'Machine web not found in this network.'));
    byTestId('logs-refresh')?.click();
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('Machine web not found');
  });

  it('lists the machine’s tasks newest first with status badges; a row opens the task viewer', async () => {
    byTestId('logs-source-tasks')?.click();
    await settle();
    const q = new URLSearchParams(fake.last('GET', '/api/tasks')?.search);
    expect(q.get('networkId')).toBe('n1');
    expect(q.get('machine')).toBe('web');
    const rows = Array.from(root().querySelectorAll<HTMLElement>('[data-testid="logs-task-row"]'));
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('VM power action');
    expect(rows[0].textContent).toContain('The VM did not stop in time.');
    expect(rows[0].querySelector('.badge')?.className).toContain('badge-danger');
    expect(rows[1].querySelector('.badge')?.className).toContain('badge-ok');
    expect(rows[1].textContent).toContain('1m 30s');
    rows[1].click();
    expect(TestBed.inject(TaskViewer).openTaskId()).toBe('t1');

    // A new task of this machine appears live; one of another machine does not.
    socket.serverSends({
      type: 'task.updated',
      task: task('t3', { status: TaskStatus.Running, message: 'Booting', createdAt: '2026-03-10T15:00:00Z', finishedAt: null }),
    } as never);
    socket.serverSends({ type: 'task.updated', task: task('t4', { machine: 'nas' }) } as never);
    await settle();
    const live = Array.from(root().querySelectorAll<HTMLElement>('[data-testid="logs-task-row"]'));
    expect(live).toHaveLength(3);
    expect(live[0].textContent).toContain('Booting');
    expect(live[0].querySelector('.badge')?.className).toContain('badge-info');
  });
});
