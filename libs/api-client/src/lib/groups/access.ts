import type { ClanClient } from '../client';
import { apiError, unwrap } from '../errors';
import type { PageQuery } from '../paging';
import type { Schemas } from './types';

export type Health = Schemas['HealthDto'];

/** `GET /api/health`: 200 and 503 both carry a HealthDto; a degraded panel is data to show, not an error. */
export class HealthApi {
  constructor(private readonly client: ClanClient) {}

  async get(): Promise<{ status: number; body: Health }> {
    const { data, error, response } = await this.client.GET('/api/health');
    if (response.ok && data) return { status: response.status, body: data };
    if (response.status === 503 && error && typeof error === 'object' && 'components' in error) return { status: 503, body: error };
    throw apiError(response, error);
  }
}

/** First start: whether an admin must be created, and creating it. */
export class SetupApi {
  constructor(private readonly client: ClanClient) {}

  status() {
    return unwrap(this.client.GET('/api/setup'));
  }

  create(body: Schemas['SetupDto']) {
    return unwrap(this.client.POST('/api/setup', { body }));
  }
}

/** Sessions, passwords and second factors. */
export class AuthApi {
  constructor(private readonly client: ClanClient) {}

  login(body: Schemas['LoginDto']) {
    return unwrap(this.client.POST('/api/auth/login', { body }));
  }

  me() {
    return unwrap(this.client.GET('/api/auth/me'));
  }

  async logout(): Promise<void> {
    await unwrap(this.client.POST('/api/auth/logout'));
  }

  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await unwrap(this.client.POST('/api/auth/password', { body: { currentPassword, newPassword } }));
  }

  enrolTotp() {
    return unwrap(this.client.POST('/api/auth/totp/enrol'));
  }

  verifyTotp(code: string) {
    return unwrap(this.client.POST('/api/auth/totp/verify', { body: { code } }));
  }

  async disableTotp(password: string): Promise<void> {
    await unwrap(this.client.POST('/api/auth/totp/disable', { body: { password } }));
  }
}

export class UsersApi {
  constructor(private readonly client: ClanClient) {}

  list(page: PageQuery = {}) {
    return unwrap(this.client.GET('/api/users', { params: { query: page } }));
  }

  create(body: Schemas['CreateUserDto']) {
    return unwrap(this.client.POST('/api/users', { body }));
  }

  /** Rename, make or remove a host admin, disable or re-enable. */
  update(userId: string, body: Schemas['UpdateUserDto']) {
    return unwrap(this.client.PATCH('/api/users/{userId}', { params: { path: { userId } }, body }));
  }

  async delete(userId: string): Promise<void> {
    await unwrap(this.client.DELETE('/api/users/{userId}', { params: { path: { userId } } }));
  }

  /** A one-time link (24 h) with which the person sets a new password; the answer carries it once. */
  passwordReset(userId: string) {
    return unwrap(this.client.POST('/api/users/{userId}/password-reset', { params: { path: { userId } } }));
  }

  // — the reset link's side: public, the token is the credential —

  previewPasswordReset(token: string) {
    return unwrap(this.client.GET('/api/password-reset/{token}', { params: { path: { token } } }));
  }

  usePasswordReset(token: string, password: string) {
    return unwrap(this.client.POST('/api/password-reset/{token}', { params: { path: { token } }, body: { password } }));
  }
}

/** API tokens (`clan_…`) of the signed-in user. */
export class TokensApi {
  constructor(private readonly client: ClanClient) {}

  list() {
    return unwrap(this.client.GET('/api/tokens'));
  }

  create(name: string, expiresAt?: string) {
    return unwrap(this.client.POST('/api/tokens', { body: expiresAt ? { name, expiresAt } : { name } }));
  }

  async revoke(tokenId: string): Promise<void> {
    await unwrap(this.client.DELETE('/api/tokens/{tokenId}', { params: { path: { tokenId } } }));
  }

  /** Revokes every live token of the caller; `{ revoked }` says how many. */
  revokeAll() {
    return unwrap(this.client.POST('/api/tokens/revoke-all'));
  }
}
