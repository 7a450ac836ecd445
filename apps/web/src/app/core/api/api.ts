import { DOCUMENT, Injectable, InjectionToken, inject } from '@angular/core';
import { ClanApiError, createClanClient, unwrap, type ClanClient } from '@clan/api-client';
import { ErrorCode } from '@clan/contracts';
import { Session } from '../auth/session';

/** The fetch the API client uses; tests replace it. */
export const FETCH = new InjectionToken<typeof fetch>('FETCH', {
  providedIn: 'root',
  factory: () => (input, init) => globalThis.fetch(input, init),
});

/** 401s that answer a credential check (wrong password, code needed or wrong) rather than say the session is gone. */
const CREDENTIAL_ANSWERS: ReadonlySet<string> = new Set([ErrorCode.InvalidCredentials, ErrorCode.TotpRequired, ErrorCode.TotpInvalid]);

export interface CallOptions {
  /** A 401 here is an expected answer (login, probing the session), not a lost session. */
  expect401?: boolean;
}

@Injectable({ providedIn: 'root' })
export class Api {
  private readonly session = inject(Session);

  readonly client: ClanClient = createClanClient({
    // openapi-fetch builds a Request, which needs an absolute URL outside a browser.
    baseUrl: inject(DOCUMENT).location.origin,
    csrfToken: () => this.session.csrfToken() ?? undefined,
    fetch: inject(FETCH),
  });

  /** Unwraps a client call; a 401 means the session is gone, so the user is sent to /login. */
  async call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>, options: CallOptions = {}): Promise<T> {
    try {
      return await unwrap(request);
    } catch (error) {
      if (!options.expect401 && isSessionLost(error)) this.session.expire();
      throw error;
    }
  }
}

/** Lists answer `{ items, total }`; tolerate a bare array from older panels. */
export function itemsOf<T>(answer: { items: T[] } | T[] | null | undefined): T[] {
  if (!answer) return [];
  return Array.isArray(answer) ? answer : answer.items;
}

export function isSessionLost(error: unknown): boolean {
  return error instanceof ClanApiError && error.status === 401 && !CREDENTIAL_ANSWERS.has(error.code);
}
