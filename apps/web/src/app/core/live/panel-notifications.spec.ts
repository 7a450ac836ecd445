import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeApi, flush } from '../../../testing/fake-api';
import { FakeSocket } from '../../../testing/fake-socket';
import { Notices } from '../../shared/notices';
import { FETCH } from '../api/api';
import { Session } from '../auth/session';
import { TaskViewer } from '../tasks/task-viewer.service';
import { LiveSocket, SOCKET_FACTORY } from './live-socket';
import { PanelNotifications } from './panel-notifications';

describe('PanelNotifications', () => {
  let socket: FakeSocket;
  let notices: ComponentFixture<Notices>;
  const el = () => notices.nativeElement as HTMLElement;

  beforeEach(async () => {
    socket = new FakeSocket();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: FETCH, useValue: new FakeApi().fetch },
        { provide: SOCKET_FACTORY, useValue: () => socket },
      ],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: false, totpEnabled: false }, 'csrf-1');
    TestBed.inject(LiveSocket).start();
    socket.serverOpens();
    notices = TestBed.createComponent(Notices);
    await notices.whenStable();
  });

  it('shows an automatic rollback as an alert that stays, with a link to the task that did it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const stop = TestBed.inject(PanelNotifications).follow();
    socket.serverSends({
      type: 'notification',
      notification: {
        level: 'warn',
        title: 'nas rolled back',
        message: 'Generation 4 of nas failed its health check; the panel went back to generation 3.',
        networkId: 'n1',
        machine: 'nas',
        taskId: 't7',
        at: '2026-03-10T11:00:00Z',
      },
    });
    vi.advanceTimersByTime(60_000); // warnings do not time out
    vi.useRealTimers();
    await flush();
    await notices.whenStable();

    const notice = el().querySelector('[data-testid="notice"]');
    expect(notice?.getAttribute('role')).toBe('alert');
    expect(notice?.textContent).toContain('nas rolled back');
    expect(notice?.textContent).toContain('went back to generation 3');

    el().querySelector<HTMLElement>('[data-testid="notice-action"]')?.click();
    await notices.whenStable();
    expect(TestBed.inject(TaskViewer).openTaskId()).toBe('t7');
    expect(el().querySelector('[data-testid="notice"]')).toBeNull();
    stop();
  });

  it('ignores other events and stops listening when asked', async () => {
    const stop = TestBed.inject(PanelNotifications).follow();
    socket.serverSends({ type: 'subscribed', topic: 'tasks' });
    stop();
    socket.serverSends({
      type: 'notification',
      notification: { level: 'error', title: 't', message: 'm', networkId: null, machine: null, taskId: null, at: '2026-03-10T11:00:00Z' },
    });
    await notices.whenStable();
    expect(el().querySelector('[data-testid="notice"]')).toBeNull();
  });
});
