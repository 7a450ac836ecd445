import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { NotificationSummary } from '@clan/contracts';
import { FakeApi, flush } from '../../../testing/fake-api';
import { FakeSocket } from '../../../testing/fake-socket';
import { NotificationBell } from '../../layout/notification-bell';
import { Notices } from '../../shared/notices';
import { FETCH } from '../api/api';
import { Session } from '../auth/session';
import { LiveSocket, SOCKET_BACKOFF, SOCKET_FACTORY } from '../live/live-socket';
import { NotificationStore } from './notification-store';

const stale: NotificationSummary = {
  id: 'n1',
  kind: 'backup.freshness',
  severity: 'warning',
  networkId: 'net-a',
  networkName: 'family',
  subject: 'backup:p1',
  state: 'stale',
  previousState: 'ok',
  title: 'laptop-anna has not been backed up for 3 days',
  message: 'The last backup finished on Monday.',
  link: '/networks/net-a/backups',
  createdAt: '2026-03-10T11:00:00.000Z',
  read: false,
};

describe('NotificationStore and the bell', () => {
  let fake: FakeApi;
  let sockets: FakeSocket[];
  let unread: number;
  let bell: ComponentFixture<NotificationBell>;
  let notices: ComponentFixture<Notices>;
  const socket = () => sockets[sockets.length - 1];
  const bellEl = () => bell.nativeElement as HTMLElement;

  async function settle(): Promise<void> {
    await flush();
    await bell.whenStable();
    await notices.whenStable();
  }

  beforeEach(async () => {
    unread = 2;
    sockets = [];
    fake = new FakeApi().on('GET', '/api/notifications/unread-count', () => ({ body: { unread } }));
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: FETCH, useValue: fake.fetch },
        { provide: SOCKET_FACTORY, useValue: () => (sockets.push(new FakeSocket()), socket()) },
        { provide: SOCKET_BACKOFF, useValue: { baseMs: 1, maxMs: 1 } },
      ],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'anna', displayName: '', isHostAdmin: false, totpEnabled: false }, 'csrf-1');
    TestBed.inject(LiveSocket).start();
    socket().serverOpens();
    bell = TestBed.createComponent(NotificationBell);
    notices = TestBed.createComponent(Notices);
    await settle();
  });

  it('subscribes to the notifications topic and shows the unread count in the bell', async () => {
    const stop = TestBed.inject(NotificationStore).follow();
    await settle();
    expect(socket().sent).toContainEqual({ type: 'subscribe', topic: 'notifications' });
    expect(bellEl().querySelector('[data-testid="notification-unread"]')?.textContent?.trim()).toBe('2');
    expect(bellEl().querySelector('a')?.getAttribute('aria-label')).toBe('Notifications, 2 unread');
    expect(bellEl().querySelector('a')?.getAttribute('href')).toBe('/notifications');
    stop();
    expect(socket().sent).toContainEqual({ type: 'unsubscribe', topic: 'notifications' });
  });

  it('counts a pushed notification and shows it as a notice that leads to the list', async () => {
    const stop = TestBed.inject(NotificationStore).follow();
    await settle();
    socket().serverSends({ type: 'notification.created', notification: stale });
    await settle();
    expect(bellEl().querySelector('[data-testid="notification-unread"]')?.textContent?.trim()).toBe('3');
    const notice = (notices.nativeElement as HTMLElement).querySelector('[data-testid="notice"]');
    expect(notice?.textContent).toContain('laptop-anna has not been backed up for 3 days');
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    (notices.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-testid="notice-action"]')?.click();
    expect(navigate).toHaveBeenCalledWith(['/notifications']);
    stop();
  });

  it('asks the panel again when another tab marked notifications read, and after a reconnect', async () => {
    const stop = TestBed.inject(NotificationStore).follow();
    await settle();
    unread = 0;
    socket().serverSends({ type: 'notifications.read', ids: 'all' });
    await settle();
    expect(bellEl().querySelector('[data-testid="notification-unread"]')).toBeNull();
    expect(bellEl().querySelector('a')?.getAttribute('aria-label')).toBe('Notifications');

    unread = 5;
    const asked = fake.requests.filter((r) => r.path === '/api/notifications/unread-count').length;
    socket().onclose?.({ code: 1006 } as CloseEvent);
    await new Promise((resolve) => setTimeout(resolve, 10));
    socket().serverOpens();
    await settle();
    expect(fake.requests.filter((r) => r.path === '/api/notifications/unread-count').length).toBe(asked + 1);
    expect(bellEl().querySelector('[data-testid="notification-unread"]')?.textContent?.trim()).toBe('5');
    stop();
  });
});
