import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../generated/schema';

export type ClanClient = Client<paths>;

export interface ClanClientOptions {
  /** Origin of the panel, e.g. `http://localhost:8080` (the page's origin in the browser). */
  baseUrl: string;
  /** An API token (`clan_…`), for scripts and the CLI. */
  token?: string;
  /** Returns the CSRF token of the session, sent on writes (the browser; the CLI while it signs in). */
  csrfToken?: () => string | undefined;
  fetch?: typeof globalThis.fetch;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The typed client generated from the committed OpenAPI document, with the auth headers set. */
export function createClanClient(options: ClanClientOptions): ClanClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl, fetch: options.fetch, credentials: 'same-origin' });
  const auth: Middleware = {
    onRequest({ request }) {
      if (options.token) request.headers.set('Authorization', `Bearer ${options.token}`);
      const csrf = options.csrfToken?.();
      if (csrf && !SAFE.has(request.method)) request.headers.set('X-CSRF-Token', csrf);
      return request;
    },
  };
  client.use(auth);
  return client;
}
