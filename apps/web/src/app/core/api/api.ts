import { DOCUMENT, Injectable, InjectionToken, inject } from '@angular/core';
import { ClanApi as ApiFacade, isSessionLost } from '@clan/api-client';
import { Session } from '../auth/session';

export { isSessionLost, itemsOf } from '@clan/api-client';

/** The fetch the API facade uses; tests replace it. */
export const FETCH = new InjectionToken<typeof fetch>('FETCH', {
  providedIn: 'root',
  factory: () => (input, init) => globalThis.fetch(input, init),
});

export interface CallOptions {
  /** A 401 here is an expected answer (login, probing the session), not a lost session. */
  expect401?: boolean;
}

/**
 * The browser's instance of the shared API facade (@clan/api-client's
 * ClanApi): same origin, the session's CSRF token on writes, the FETCH
 * token's fetch. `run` awaits a facade call and sends the user to /login
 * when the answer says the session is gone.
 */
@Injectable({ providedIn: 'root' })
export class Api {
  private readonly session = inject(Session);

  readonly facade = new ApiFacade({
    // openapi-fetch builds a Request, which needs an absolute URL outside a browser.
    baseUrl: inject(DOCUMENT).location.origin,
    csrfToken: () => this.session.csrfToken() ?? undefined,
    fetch: inject(FETCH),
  });

  /** Awaits a facade call; a 401 that is not a credential answer means the session is gone, so the user is sent to /login. */
  async run<T>(call: Promise<T>, options: CallOptions = {}): Promise<T> {
    try {
      return await call;
    } catch (error) {
      if (!options.expect401 && isSessionLost(error)) this.session.expire();
      throw error;
    }
  }
}
