import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { ClanApiError } from '@clan/api-client';
import { ErrorCode } from '@clan/contracts';
import { apiError, FakeApi } from '../../../testing/fake-api';
import { FETCH } from '../api/api';
import { ClanApi } from '../api/clan-api';
import { AuthService } from './auth.service';
import { Session } from './session';

const alice = {
  id: 'u1',
  username: 'alice',
  displayName: 'Alice',
  isHostAdmin: true,
  totpEnabled: false,
};

function setUp(fake: FakeApi) {
  TestBed.configureTestingModule({
    providers: [provideRouter([]), { provide: FETCH, useValue: fake.fetch }],
  });
  return {
    auth: TestBed.inject(AuthService),
    api: TestBed.inject(ClanApi),
    session: TestBed.inject(Session),
    router: TestBed.inject(Router),
  };
}

describe('AuthService', () => {
  let fake: FakeApi;

  beforeEach(() => {
    fake = new FakeApi()
      .on('POST', '/api/auth/login', {
        body: { user: alice, csrfToken: 'csrf-from-login' },
      })
      .on('GET', '/api/auth/me', {
        body: { user: alice, csrfToken: 'csrf-from-me', memberships: [] },
      });
  });

  it('keeps the CSRF token from sign-in and sends it on writes, not on reads', async () => {
    fake.on('GET', '/api/networks', { body: { items: [], total: 0 } });
    fake.on('POST', '/api/networks', {
      status: 201,
      body: { id: 'n1', name: 'family', description: '', myRole: 'owner' },
    });
    const { auth, api } = setUp(fake);

    await auth.login({ username: 'alice', password: 'correct horse' });
    expect(auth.signedIn()).toBe(true);
    expect(auth.csrfToken()).toBe('csrf-from-me'); // /me is the fresher answer

    await api.networks();
    await api.createNetwork('family');

    expect(fake.last('GET', '/api/networks')?.headers.get('x-csrf-token')).toBeNull();
    expect(fake.last('POST', '/api/networks')?.headers.get('x-csrf-token')).toBe('csrf-from-me');
    expect(fake.last('POST', '/api/auth/login')?.body).toEqual({
      username: 'alice',
      password: 'correct horse',
    });
  });

  it('sends nobody to /login when sign-in itself answers 401 TOTP_REQUIRED', async () => {
    fake.on('POST', '/api/auth/login', apiError(401, ErrorCode.TotpRequired, 'Enter the 6-digit code.'), 1);
    const { auth, router } = setUp(fake);
    const navigate = vi.spyOn(router, 'navigate');

    const failure = await auth.login({ username: 'alice', password: 'pw' }).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(ClanApiError);
    expect((failure as ClanApiError).code).toBe(ErrorCode.TotpRequired);
    expect(auth.signedIn()).toBe(false);
    expect(navigate).not.toHaveBeenCalled();

    await auth.login({ username: 'alice', password: 'pw', totpCode: '123456' });
    expect(fake.last('POST', '/api/auth/login')?.body).toEqual({
      username: 'alice',
      password: 'pw',
      totpCode: '123456',
    });
    expect(auth.signedIn()).toBe(true);
  });

  it('clears the session and redirects to /login when any call answers 401', async () => {
    fake.on('GET', '/api/tokens', apiError(401, ErrorCode.Unauthenticated, 'Sign in first.'));
    const { auth, api, session, router } = setUp(fake);
    await auth.login({ username: 'alice', password: 'pw' });
    await router.navigateByUrl('/tokens').catch(() => false);
    const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);

    await expect(api.tokens()).rejects.toBeInstanceOf(ClanApiError);

    expect(session.signedIn()).toBe(false);
    expect(session.csrfToken()).toBeNull();
    expect(navigate).toHaveBeenCalledWith(
      ['/login'],
      expect.objectContaining({
        queryParams: expect.objectContaining({ expired: 1 }),
      }),
    );
  });

  it('does not treat a wrong TOTP code as a lost session', async () => {
    fake.on('POST', '/api/auth/totp/verify', apiError(401, ErrorCode.TotpInvalid, 'That code is not right.'));
    const { auth, api, router } = setUp(fake);
    await auth.login({ username: 'alice', password: 'pw' });
    const navigate = vi.spyOn(router, 'navigate');

    await expect(api.verifyTotp('000000')).rejects.toMatchObject({
      code: ErrorCode.TotpInvalid,
    });

    expect(auth.signedIn()).toBe(true);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('restore() answers false on 401 from /me without redirecting, and true with a live cookie', async () => {
    fake.on('GET', '/api/auth/me', apiError(401, ErrorCode.Unauthenticated, 'Sign in first.'), 1);
    const { auth, router } = setUp(fake);
    const navigate = vi.spyOn(router, 'navigate');

    expect(await auth.restore()).toBe(false);
    expect(navigate).not.toHaveBeenCalled();

    expect(await auth.restore()).toBe(true);
    expect(auth.csrfToken()).toBe('csrf-from-me');
  });

  it('logout forgets the user and the token even when the panel is unreachable', async () => {
    const { auth } = setUp(fake);
    await auth.login({ username: 'alice', password: 'pw' });
    fake.on('POST', '/api/auth/logout', {
      status: 503,
      body: { code: 'INTERNAL', message: 'down', correlationId: 'x' },
    });

    await expect(auth.logout()).rejects.toBeInstanceOf(ClanApiError);
    expect(auth.signedIn()).toBe(false);
    expect(auth.csrfToken()).toBeNull();
  });
});
