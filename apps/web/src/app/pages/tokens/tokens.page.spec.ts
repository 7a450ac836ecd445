import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { flush, FakeApi } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { ConfirmHost } from '../../shared/confirm-host';
import { expiryFor, TokensPage } from './tokens.page';

const SECRET = 'clan_0123456789abcdef0123456789abcdef';
const listed = {
  id: 't1',
  name: 'backup-script',
  prefix: 'clan_0123',
  createdAt: '2026-11-23T10:00:00.000Z',
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
};

describe('TokensPage', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<TokensPage>;
  let page: HTMLElement;

  const byTestId = (id: string) => page.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
  }
  async function type(id: string, value: string): Promise<void> {
    const input = byTestId(id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  }

  beforeEach(async () => {
    fake = new FakeApi().on('GET', '/api/tokens', { body: { items: [], total: 0 } });
    TestBed.configureTestingModule({
      imports: [TokensPage],
      providers: [provideRouter([]), { provide: FETCH, useValue: fake.fetch }],
    });
    TestBed.inject(Session).start(
      {
        id: 'u1',
        username: 'alice',
        displayName: '',
        isHostAdmin: false,
        totpEnabled: false,
      },
      'csrf-1',
    );
    fixture = TestBed.createComponent(TokensPage);
    page = fixture.nativeElement as HTMLElement;
    await settle();
  });

  it('shows a new token secret once, with a warning, and never again after it is dismissed', async () => {
    fake.on('POST', '/api/tokens', {
      status: 201,
      body: {
        id: 't1',
        name: 'backup-script',
        token: SECRET,
        prefix: 'clan_0123',
        expiresAt: null,
      },
    });
    fake.on('GET', '/api/tokens', { body: { items: [listed], total: 1 } });

    await type('token-name', 'backup-script');
    byTestId('token-create')?.click();
    await settle();

    expect(fake.last('POST', '/api/tokens')?.body).toEqual({
      name: 'backup-script',
    });
    expect(fake.last('POST', '/api/tokens')?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(byTestId('token-secret')?.textContent?.trim()).toBe(SECRET);
    expect(byTestId('token-created')?.textContent).toMatch(/only once/i);
    expect(page.textContent?.split(SECRET)).toHaveLength(2); // exactly one place shows it
    expect(byTestId('token-row-backup-script')?.textContent).toContain('clan_0123…');
    expect((byTestId('token-name') as HTMLInputElement).value).toBe('');

    byTestId('token-secret-done')?.click();
    await settle();

    expect(byTestId('token-secret')).toBeNull();
    expect(page.textContent).not.toContain(SECRET);
    expect(byTestId('token-row-backup-script')).not.toBeNull();
  });

  it('shows the API message when creation fails', async () => {
    fake.on('POST', '/api/tokens', {
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: 'name must not be empty',
        correlationId: 'c1',
        fields: [{ field: 'name', message: 'must not be empty' }],
      },
    });

    await type('token-name', '   x');
    byTestId('token-create')?.click();
    await settle();

    expect(byTestId('error-message')?.textContent).toContain('name must not be empty');
    expect(byTestId('token-secret')).toBeNull();
  });

  it('revokes a token only after confirmation', async () => {
    fake.on('GET', '/api/tokens', { body: { items: [listed], total: 1 } });
    fixture.destroy();
    const host = TestBed.createComponent(ConfirmHost);
    fixture = TestBed.createComponent(TokensPage);
    page = fixture.nativeElement as HTMLElement;
    await settle();
    fake.on('DELETE', '/api/tokens/t1', { status: 204 });
    fake.on('GET', '/api/tokens', {
      body: [{ ...listed, revokedAt: '2026-11-23T11:00:00.000Z' }],
    });

    byTestId('token-revoke-backup-script')?.click();
    await settle();
    await host.whenStable();
    expect(fake.last('DELETE', '/api/tokens/t1')).toBeUndefined();

    (host.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-testid="confirm-ok"]')?.click();
    await settle();

    expect(fake.last('DELETE', '/api/tokens/t1')?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(byTestId('token-row-backup-script')).toBeNull();
    expect(byTestId('token-revoked-backup-script')).not.toBeNull();
  });

  it('says tokens survive a password change and revokes all of them only after confirmation', async () => {
    const second = { ...listed, id: 't2', name: 'cli' };
    fake.on('GET', '/api/tokens', { body: { items: [listed, second], total: 2 } });
    fixture.destroy();
    const host = TestBed.createComponent(ConfirmHost);
    fixture = TestBed.createComponent(TokensPage);
    page = fixture.nativeElement as HTMLElement;
    await settle();
    expect(byTestId('tokens-survive-password')?.textContent).toContain('keep working when you change your password');
    fake.on('POST', '/api/tokens/revoke-all', { body: { revoked: 2 } });
    const at = '2026-11-23T11:00:00.000Z';
    fake.on('GET', '/api/tokens', {
      body: {
        items: [
          { ...listed, revokedAt: at },
          { ...second, revokedAt: at },
        ],
        total: 2,
      },
    });

    byTestId('tokens-revoke-all')?.click();
    await settle();
    await host.whenStable();
    expect(fake.last('POST', '/api/tokens/revoke-all')).toBeUndefined();
    expect((host.nativeElement as HTMLElement).textContent).toContain('Revoke all 2 of your active tokens');

    (host.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-testid="confirm-ok"]')?.click();
    await settle();

    expect(fake.last('POST', '/api/tokens/revoke-all')?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(byTestId('token-row-backup-script')).toBeNull();
    expect(byTestId('token-revoked-cli')).not.toBeNull();
    expect(byTestId('tokens-revoke-all')).toBeNull();
  });
});

describe('expiryFor', () => {
  it('maps the expiry choices to an ISO time, or nothing for "never"', () => {
    const now = new Date('2026-11-23T10:00:00.000Z');
    expect(expiryFor('never', '', now)).toBeUndefined();
    expect(expiryFor('30', '', now)).toBe('2026-12-23T10:00:00.000Z');
    expect(expiryFor('date', 'not-a-date', now)).toBeUndefined();
    expect(Date.parse(expiryFor('date', '2027-01-31', now) ?? '')).toBeGreaterThan(Date.parse('2027-01-30T23:00:00Z'));
  });
});
