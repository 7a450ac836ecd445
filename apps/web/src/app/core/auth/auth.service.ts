import { Injectable, inject, signal } from '@angular/core';
import { ClanApiError } from '@clan/api-client';
import { ClanApi } from '../api/clan-api';
import type { LoginRequest, SetupRequest } from '../api/api-types';
import { Session } from './session';

/** Signs in and out, and restores the session a cookie may already carry. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly api = inject(ClanApi);
  private readonly session = inject(Session);
  private restoring: Promise<boolean> | null = null;
  private setupKnown: boolean | null = null;

  /** Set when the panel could not be asked at all (down, proxy error); the login page shows it. */
  readonly unreachable = signal<string | null>(null);

  readonly user = this.session.user;
  readonly csrfToken = this.session.csrfToken;
  readonly signedIn = this.session.signedIn;

  /** Asks the API who we are (once at a time); false when the cookie is absent or expired. */
  restore(): Promise<boolean> {
    if (this.session.signedIn()) return Promise.resolve(true);
    this.restoring ??= this.refresh().finally(() => (this.restoring = null));
    return this.restoring;
  }

  /** Reloads user, CSRF token and memberships (after a role change, for instance). */
  async refresh(): Promise<boolean> {
    try {
      const me = await this.api.me({ expect401: true });
      this.session.start(me.user, me.csrfToken, me.memberships);
      this.unreachable.set(null);
      return true;
    } catch (error) {
      if (error instanceof ClanApiError && error.status === 401) {
        this.session.clear();
        this.unreachable.set(null);
        return false;
      }
      throw error;
    }
  }

  async setupRequired(): Promise<boolean> {
    if (this.setupKnown === false) return false; // setup never comes back once done
    const { setupRequired } = await this.api.setupStatus();
    this.setupKnown = setupRequired;
    this.unreachable.set(null);
    return setupRequired;
  }

  async setup(request: SetupRequest): Promise<void> {
    const answer = await this.api.setup(request);
    this.setupKnown = false;
    this.session.start(answer.user, answer.csrfToken, []);
    await this.refresh(); // memberships come from /me
  }

  /** Throws ClanApiError; code TOTP_REQUIRED means: ask for the second factor and call again. */
  async login(request: LoginRequest): Promise<void> {
    const answer = await this.api.login(request);
    this.setupKnown = false;
    this.unreachable.set(null);
    this.session.start(answer.user, answer.csrfToken, []);
    await this.refresh();
  }

  async logout(): Promise<void> {
    try {
      await this.api.logout();
    } finally {
      this.session.clear();
    }
  }
}
