import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { NotificationSummary } from '@clan/contracts';
import { FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { NotificationStore } from '../../core/notifications/notification-store';
import { ago, isPanelPath, NotificationsPage } from './notifications.page';

const item = (over: Partial<NotificationSummary>): NotificationSummary => ({
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
  createdAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
  read: false,
  ...over,
});

describe('NotificationsPage', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<NotificationsPage>;
  const page = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => page().querySelector<HTMLElement>(`[data-testid="${id}"]`);

  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
  }

  async function open(isHostAdmin: boolean): Promise<void> {
    TestBed.inject(Session).start({ id: 'u1', username: 'anna', displayName: '', isHostAdmin, totpEnabled: false }, 'csrf-1');
    fixture = TestBed.createComponent(NotificationsPage);
    await settle();
  }

  beforeEach(() => {
    fake = new FakeApi().on('GET', '/api/notifications', (r) => ({
      body: r.search.includes('unread=true')
        ? { items: [item({ id: 'n1' })], total: 1, unread: 1 }
        : {
            items: [
              item({ id: 'n1' }),
              item({
                id: 'n2',
                read: true,
                severity: 'critical',
                title: 'nas check failed',
                previousState: null,
                state: 'failed',
                link: null,
              }),
            ],
            total: 2,
            unread: 1,
          },
    }));
    TestBed.configureTestingModule({
      imports: [NotificationsPage],
      providers: [provideRouter([]), { provide: FETCH, useValue: fake.fetch }],
    });
  });

  it('lists notifications newest first, unread ones marked, with what changed and when', async () => {
    await open(false);
    const first = byTestId('notification-n1');
    expect(first?.classList).toContain('unread');
    expect(first?.textContent).toContain('laptop-anna has not been backed up for 3 days');
    expect(first?.textContent).toContain('family · backup.freshness · ok → stale');
    expect(first?.textContent).toContain('3 hours ago');
    expect(first?.querySelector('a')?.getAttribute('href')).toBe('/networks/net-a/backups');
    expect(byTestId('notification-n2')?.classList).not.toContain('unread');
    expect(byTestId('notification-n2')?.querySelector('.badge')?.classList).toContain('badge-danger');
    expect(byTestId('show-unread')?.textContent).toContain('Unread (1)');
    // Delivery settings are for host admins.
    expect(byTestId('notification-settings')).toBeNull();
  });

  it('marks one read and then all read, keeping the bell in step with the panel’s count', async () => {
    await open(true);
    expect(byTestId('notification-settings')?.getAttribute('href')).toBe('/notifications/settings');
    fake.on('POST', '/api/notifications/n1/read', { body: { marked: 1, unread: 0 } });
    byTestId('mark-read-n1')?.click();
    await settle();
    expect(fake.last('POST', '/api/notifications/n1/read')?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(byTestId('notification-n1')?.classList).not.toContain('unread');
    expect(TestBed.inject(NotificationStore).unread()).toBe(0);
    expect((byTestId('mark-all-read') as HTMLButtonElement).disabled).toBe(true);

    TestBed.inject(NotificationStore).setUnread(4);
    await settle();
    fake.on('POST', '/api/notifications/read-all', { body: { marked: 4, unread: 0 } });
    byTestId('mark-all-read')?.click();
    await settle();
    expect(fake.last('POST', '/api/notifications/read-all')).toBeDefined();
    expect(TestBed.inject(NotificationStore).unread()).toBe(0);
  });

  it('filters to unread ones and reloads when something new arrives', async () => {
    await open(false);
    byTestId('show-unread')?.click();
    await settle();
    expect(fake.last('GET', '/api/notifications')?.search).toContain('unread=true');
    expect(page().querySelectorAll('.notification')).toHaveLength(1);
    const before = fake.requests.filter((r) => r.path === '/api/notifications').length;
    fake.on('GET', '/api/notifications/unread-count', { body: { unread: 1 } });
    await TestBed.inject(NotificationStore).refresh();
    await settle();
    expect(fake.requests.filter((r) => r.path === '/api/notifications').length).toBe(before + 1);
  });

  it('says so when there is nothing', async () => {
    fake.on('GET', '/api/notifications', { body: { items: [], total: 0, unread: 0 } });
    await open(false);
    expect(byTestId('notifications-empty')?.textContent).toContain('No notifications yet');
  });
});

describe('notification helpers', () => {
  it('tells panel paths from external links', () => {
    expect(isPanelPath('/networks/x')).toBe(true);
    expect(isPanelPath('//evil.example.org')).toBe(false);
    expect(isPanelPath('https://example.org')).toBe(false);
    expect(isPanelPath(null)).toBe(false);
  });

  it('says how long ago in words', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    expect(ago('2026-03-10T11:59:30Z', now)).toBe('just now');
    expect(ago('2026-03-10T11:59:00Z', now)).toBe('1 minute ago');
    expect(ago('2026-03-10T09:00:00Z', now)).toBe('3 hours ago');
    expect(ago('2026-03-07T12:00:00Z', now)).toBe('3 days ago');
  });
});
