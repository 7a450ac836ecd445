import type { ApiErrorBody } from '@clan/contracts';
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../generated/schema';

export type ClanClient = Client<paths>;

export interface ClanClientOptions {
  /** Origin of the panel, e.g. `http://localhost:8080` ('' in the browser: same origin). */
  baseUrl: string;
  /** An API token (`clan_…`), for scripts and the CLI. */
  token?: string;
  /** Returns the CSRF token of the browser session, sent on writes. */
  csrfToken?: () => string | undefined;
  fetch?: typeof globalThis.fetch;
}

/** An error answered by the API, with its `{ code, message, correlationId }` body. */
export class ClanApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = 'ClanApiError';
  }

  get code(): string {
    return this.body.code;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The typed client generated from the committed OpenAPI document. */
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

/**
 * Unwraps an openapi-fetch result: returns `data`, or throws ClanApiError with
 * the API's message (or a network-level message when the panel is unreachable).
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = error as Partial<ApiErrorBody> | undefined;
  throw new ClanApiError(response.status, {
    code: body?.code ?? `HTTP_${response.status}`,
    message: body?.message ?? `The panel answered ${response.status} ${response.statusText}`,
    correlationId: body?.correlationId ?? response.headers.get('x-correlation-id') ?? 'none',
    ...(body?.fields ? { fields: body.fields } : {}),
  });
}
