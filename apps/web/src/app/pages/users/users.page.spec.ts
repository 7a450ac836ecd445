import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiError, flush, FakeApi } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { ConfirmHost } from '../../shared/confirm-host';
import { lastSignIn, nameOf, UsersPage } from './users.page';

const user = (over: Record<string, unknown>) => ({
  id: 'u2',
  username: 'rose',
  displayName: 'Grandma Rose',
  isHostAdmin: false,
  totpEnabled: false,
  createdAt: '2026-11-01T10:00:00.000Z',
  lastLoginAt: null,
  disabled: false,
  disabledAt: null,
  ...over,
});
const me = user({ id: 'u1', username: 'vera', displayName: '', isHostAdmin: true, lastLoginAt: new Date().toISOString() });

describe('UsersPage', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<UsersPage>;
  let host: ComponentFixture<ConfirmHost>;
  let page: HTMLElement;
  const byTestId = (id: string) => page.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
    await host.whenStable();
  }
  async function confirm(): Promise<void> {
    await settle();
    (host.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-testid="confirm-ok"]')?.click();
    await settle();
  }

  beforeEach(async () => {
    fake = new FakeApi().on('GET', '/api/users', { body: { items: [me, user({})], total: 2 } });
    TestBed.configureTestingModule({ imports: [UsersPage], providers: [provideRouter([]), { provide: FETCH, useValue: fake.fetch }] });
    TestBed.inject(Session).start({ id: 'u1', username: 'vera', displayName: '', isHostAdmin: true, totpEnabled: false }, 'csrf-1');
    host = TestBed.createComponent(ConfirmHost);
    fixture = TestBed.createComponent(UsersPage);
    page = fixture.nativeElement as HTMLElement;
    await settle();
  });

  it('lists people by name with username, host admin, last sign-in and status', () => {
    const row = byTestId('user-row-rose');
    expect(row?.textContent).toContain('Grandma Rose');
    expect(row?.textContent).toContain('rose');
    expect(row?.textContent).toContain('never');
    expect(row?.querySelector('[data-testid="user-status"]')?.textContent?.trim()).toBe('active');
    expect(byTestId('user-row-vera')?.textContent).toContain('host admin');
    expect(byTestId('user-row-vera')?.textContent).toContain('just now');
    // Nobody disables or deletes themselves from here.
    expect(byTestId('user-toggle-disabled-vera')).toBeNull();
    expect(byTestId('user-delete-vera')).toBeNull();
  });

  it('disables after confirmation, and shows the API sentence when it refuses', async () => {
    fake.on('PATCH', '/api/users/u2', { body: user({ disabled: true }) });
    byTestId('user-toggle-disabled-rose')?.click();
    await confirm();
    expect(fake.last('PATCH', '/api/users/u2')?.body).toEqual({ disabled: true });

    fake.on('PATCH', '/api/users/u1', apiError(409, 'CONFLICT', 'vera is the last host admin; make someone else a host admin first.'));
    byTestId('user-toggle-admin-vera')?.click();
    await confirm();
    expect(page.textContent).toContain('vera is the last host admin; make someone else a host admin first.');
  });

  it('shows a password-reset link once, with a copy box', async () => {
    fake.on('POST', '/api/users/u2/password-reset', {
      status: 201,
      body: { token: 'T'.repeat(32), url: `http://panel/reset-password/${'T'.repeat(32)}`, expiresAt: '2026-12-07T10:00:00.000Z' },
    });
    byTestId('user-reset-rose')?.click();
    await confirm();
    expect(byTestId('reset-link-url')?.textContent?.trim()).toBe(`http://panel/reset-password/${'T'.repeat(32)}`);
    expect(byTestId('reset-link')?.textContent).toMatch(/only once/);
    byTestId('reset-link-done')?.click();
    await settle();
    expect(byTestId('reset-link')).toBeNull();
  });

  it('creates a user from the dialog', async () => {
    fake.on('POST', '/api/users', { status: 201, body: user({ id: 'u3', username: 'max', displayName: 'Max' }) });
    byTestId('user-create')?.click();
    await settle();
    const type = (id: string, value: string) => {
      const input = byTestId(id) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    type('new-user-username', 'max');
    type('new-user-display-name', 'Max');
    type('new-user-password', 'max password 1');
    await settle();
    byTestId('new-user-submit')?.click();
    await settle();
    expect(fake.last('POST', '/api/users')?.body).toEqual({
      username: 'max',
      password: 'max password 1',
      displayName: 'Max',
      isHostAdmin: false,
    });
    expect(byTestId('new-user-username')).toBeNull();
  });
});

describe('nameOf and lastSignIn', () => {
  it('prefers the display name and says "never" for someone who never signed in', () => {
    expect(nameOf({ displayName: ' ', username: 'rose' })).toBe('rose');
    expect(nameOf({ displayName: 'Grandma Rose', username: 'rose' })).toBe('Grandma Rose');
    expect(lastSignIn(null)).toBe('never');
    expect(lastSignIn('2026-03-10T11:55:00Z', Date.parse('2026-03-10T12:00:00Z'))).toBe('5 minutes ago');
  });
});
