import { ClanApiError, createClanClient, type ClanClient, type components } from '@clan/api-client';
import type { ApiErrorBody, TaskLogLine, TaskSummary } from '@clan/contracts';
import { networkReason, UnreachableError } from './errors';

export type Health = components['schemas']['HealthDto'];

/** Shapes from docs/api.md for routes the generated schema does not cover yet. */
export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  expiresAt: string | null;
  lastUsedAt?: string | null;
  createdAt?: string;
}

export interface CreatedToken {
  id: string;
  name: string;
  /** The secret: the panel shows it once. */
  token: string;
  prefix: string;
  expiresAt: string | null;
}

export interface SessionUser {
  id: string;
  username: string;
  displayName?: string | null;
  isHostAdmin?: boolean;
}

export interface LoginResult {
  user: SessionUser;
  csrfToken: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface TaskFilters {
  status?: string;
  type?: string;
  networkId?: string;
  limit?: number;
  offset?: number;
}

export interface LoginBody {
  username: string;
  password: string;
  totpCode?: string;
  recoveryCode?: string;
}

const REQUEST_TIMEOUT_MS = 30_000;

/** Lists answer `{ items, total }` (docs/api.md); tolerate a bare array too. */
function asPage<T>(body: unknown): Page<T> {
  if (Array.isArray(body)) return { items: body as T[], total: body.length };
  const o = body as Partial<Page<T>> | undefined;
  const items = Array.isArray(o?.items) ? o.items : [];
  return { items, total: typeof o?.total === 'number' ? o.total : items.length };
}

/**
 * Everything the CLI asks the panel, in one place. Network failures become
 * UnreachableError (exit 3); API errors become ClanApiError (exit 1).
 * With `session: true` it keeps a cookie jar and sends the CSRF token, as
 * `clanctl login` needs before it has a bearer token.
 */
export class PanelApi {
  readonly client: ClanClient;
  private readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(
    readonly url: string,
    readonly token: string | undefined,
    private readonly options: { session?: boolean; fetch?: typeof globalThis.fetch; timeoutMs?: number } = {},
  ) {
    this.client = createClanClient({
      baseUrl: url,
      token,
      csrfToken: () => this.csrfToken,
      fetch: (input: RequestInfo | URL, init?: RequestInit) => this.send(input instanceof Request ? input : new Request(input, init)),
    });
  }

  /** The one place a request leaves the CLI. */
  private async send(request: Request): Promise<Response> {
    if (this.options.session && this.cookies.size) {
      request.headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const doFetch = this.options.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await doFetch(request, { signal: AbortSignal.timeout(this.options.timeoutMs ?? REQUEST_TIMEOUT_MS) });
    } catch (err) {
      const e = err as { name?: string };
      const reason = e.name === 'TimeoutError' ? `no answer within ${(this.options.timeoutMs ?? REQUEST_TIMEOUT_MS) / 1000} s` : networkReason(err);
      throw new UnreachableError(this.url, reason);
    }
    if (this.options.session) {
      for (const c of response.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair.indexOf('=');
        if (i > 0) this.cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
      }
    }
    return response;
  }

  /** For routes the generated client does not type yet (see docs/api.md). */
  private async raw<T>(method: string, path: string, options: { query?: Record<string, string | number | undefined>; body?: unknown } = {}): Promise<T> {
    const u = new URL(this.url + path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== '') u.searchParams.set(k, String(v));
    const headers = new Headers({ accept: 'application/json' });
    if (this.token) headers.set('authorization', `Bearer ${this.token}`);
    if (this.csrfToken && method !== 'GET') headers.set('x-csrf-token', this.csrfToken);
    if (options.body !== undefined) headers.set('content-type', 'application/json');
    const response = await this.send(
      new Request(u, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) }),
    );
    const text = await response.text();
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    if (!response.ok) throw apiError(response, body);
    return body as T;
  }

  /** 200 and 503 both carry a HealthDto; anything else is an error. */
  async health(): Promise<{ status: number; body: Health }> {
    const { data, error, response } = await this.client.GET('/api/health');
    if (response.ok && data) return { status: response.status, body: data };
    if (response.status === 503 && error && typeof error === 'object' && 'components' in error) return { status: 503, body: error as Health };
    throw apiError(response, error);
  }

  login(body: LoginBody): Promise<LoginResult> {
    return this.raw<LoginResult>('POST', '/api/auth/login', { body });
  }

  async logoutSession(): Promise<void> {
    await this.raw<unknown>('POST', '/api/auth/logout', { body: {} });
  }

  createToken(name: string, expiresAt?: string): Promise<CreatedToken> {
    return this.raw<CreatedToken>('POST', '/api/tokens', { body: { name, ...(expiresAt ? { expiresAt } : {}) } });
  }

  async listTokens(): Promise<Page<ApiToken>> {
    return asPage<ApiToken>(await this.raw<unknown>('GET', '/api/tokens'));
  }

  async revokeToken(id: string): Promise<void> {
    await this.raw<unknown>('DELETE', `/api/tokens/${encodeURIComponent(id)}`);
  }

  async listTasks(filters: TaskFilters): Promise<Page<TaskSummary>> {
    return asPage<TaskSummary>(await this.raw<unknown>('GET', '/api/tasks', { query: { ...filters } }));
  }

  getTask(id: string): Promise<TaskSummary> {
    return this.raw<TaskSummary>('GET', `/api/tasks/${encodeURIComponent(id)}`);
  }

  async taskLog(id: string, after: number | undefined, limit: number): Promise<Page<TaskLogLine>> {
    return asPage<TaskLogLine>(await this.raw<unknown>('GET', `/api/tasks/${encodeURIComponent(id)}/log`, { query: { after, limit } }));
  }

  async cancelTask(id: string): Promise<TaskSummary | undefined> {
    const body = await this.raw<unknown>('POST', `/api/tasks/${encodeURIComponent(id)}/cancel`, { body: {} });
    return body && typeof body === 'object' && 'status' in body ? (body as TaskSummary) : undefined;
  }
}

/** The API's `{ code, message, correlationId }` body as a ClanApiError, or a stand-in for bodies that are not. */
export function apiError(response: Response, body: unknown): ClanApiError {
  const b = (body && typeof body === 'object' ? body : {}) as Partial<ApiErrorBody>;
  return new ClanApiError(response.status, {
    code: typeof b.code === 'string' ? b.code : `HTTP_${response.status}`,
    message: typeof b.message === 'string' ? b.message : `The panel answered ${response.status} ${response.statusText}`.trim(),
    correlationId: b.correlationId ?? response.headers.get('x-correlation-id') ?? 'none',
    ...(Array.isArray(b.fields) ? { fields: b.fields } : {}),
  });
}
