import { ClanApiError, createClanClient, type ClanClient, type components, unwrap } from '@clan/api-client';
import type { ApiErrorBody } from '@clan/contracts';
import type {
  CommitInfo,
  ConfigDiff,
  ConfigStatus,
  ConfigWriteResult,
  Machine,
  MachineCreated,
  MachineConfigJson,
  MachineSummary,
  RawConfig,
  WriteOptions,
} from './config-types';
import { networkReason, UnreachableError, UsageError } from './errors';

type Schemas = components['schemas'];
export type Health = Schemas['HealthDto'];
export type ApiToken = Schemas['ApiTokenDto'];
export type CreatedToken = Schemas['CreatedTokenDto'];
export type LoginResult = Schemas['SignedInDto'];
export type LoginBody = Schemas['LoginDto'];
export type Task = Schemas['TaskDto'];
export type TaskLogLine = Schemas['TaskLogLineDto'];
export type TaskStatusName = Schemas['TaskStatus'];
export type Network = Schemas['NetworkDto'];
export type Member = Schemas['MemberDto'];
export type {
  CommitInfo,
  ConfigDiff,
  ConfigStatus,
  ConfigWriteResult,
  Machine,
  MachineCreated,
  MachineSummary,
  RawConfig,
  WriteOptions,
} from './config-types';

/** The CLI prints every list as `{ items, total }`, also where the API answers a bare array. */
export interface Page<T> {
  items: T[];
  total: number;
}

export interface TaskFilters {
  status?: TaskStatusName;
  type?: string;
  networkId?: string;
  limit?: number;
  offset?: number;
}

const REQUEST_TIMEOUT_MS = 30_000;

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
    private readonly options: {
      session?: boolean;
      fetch?: typeof globalThis.fetch;
      timeoutMs?: number;
    } = {},
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
      response = await doFetch(request, {
        signal: AbortSignal.timeout(this.options.timeoutMs ?? REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      const e = err as { name?: string };
      const reason =
        e.name === 'TimeoutError' ? `no answer within ${(this.options.timeoutMs ?? REQUEST_TIMEOUT_MS) / 1000} s` : networkReason(err);
      if (reason === 'bad port')
        throw new UsageError(`--url: fetch refuses to connect to port ${new URL(this.url).port} (a "bad port"); use another port`);
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

  /** 200 and 503 both carry a HealthDto; anything else is an error. */
  async health(): Promise<{ status: number; body: Health }> {
    const { data, error, response } = await this.client.GET('/api/health');
    if (response.ok && data) return { status: response.status, body: data };
    if (response.status === 503 && error && typeof error === 'object' && 'components' in error) return { status: 503, body: error };
    throw apiError(response, error);
  }

  login(body: LoginBody): Promise<LoginResult> {
    return unwrap(this.client.POST('/api/auth/login', { body }));
  }

  async logoutSession(): Promise<void> {
    await unwrap(this.client.POST('/api/auth/logout'));
  }

  createToken(name: string, expiresAt?: string): Promise<CreatedToken> {
    return unwrap(
      this.client.POST('/api/tokens', {
        body: { name, ...(expiresAt ? { expiresAt } : {}) },
      }),
    );
  }

  async listTokens(): Promise<Page<ApiToken>> {
    return unwrap(this.client.GET('/api/tokens'));
  }

  async revokeToken(tokenId: string): Promise<void> {
    await unwrap(
      this.client.DELETE('/api/tokens/{tokenId}', {
        params: { path: { tokenId } },
      }),
    );
  }

  listTasks(filters: TaskFilters): Promise<Page<Task>> {
    return unwrap(this.client.GET('/api/tasks', { params: { query: filters } }));
  }

  getTask(taskId: string): Promise<Task> {
    return unwrap(this.client.GET('/api/tasks/{taskId}', { params: { path: { taskId } } }));
  }

  taskLog(taskId: string, after: number | undefined, limit: number): Promise<Page<TaskLogLine>> {
    return unwrap(
      this.client.GET('/api/tasks/{taskId}/log', {
        params: { path: { taskId }, query: { after, limit } },
      }),
    );
  }

  cancelTask(taskId: string): Promise<Task> {
    return unwrap(
      this.client.POST('/api/tasks/{taskId}/cancel', {
        params: { path: { taskId } },
      }),
    );
  }

  listNetworks(page: { limit?: number; offset?: number } = {}): Promise<Page<Network>> {
    return unwrap(this.client.GET('/api/networks', { params: { query: page } }));
  }

  getNetwork(networkId: string): Promise<Network> {
    return unwrap(this.client.GET('/api/networks/{networkId}', { params: { path: { networkId } } }));
  }

  createNetwork(name: string, description?: string): Promise<Network> {
    return unwrap(this.client.POST('/api/networks', { body: { name, ...(description !== undefined ? { description } : {}) } }));
  }

  listMembers(networkId: string, page: { limit?: number; offset?: number } = {}): Promise<Page<Member>> {
    return unwrap(this.client.GET('/api/networks/{networkId}/members', { params: { path: { networkId }, query: page } }));
  }

  listMachines(networkId: string, page: { limit?: number; offset?: number } = {}): Promise<Page<MachineSummary>> {
    return unwrap(this.client.GET('/api/networks/{networkId}/machines', { params: { path: { networkId }, query: page } }));
  }

  getMachine(networkId: string, machine: string): Promise<Machine> {
    return unwrap(this.client.GET('/api/networks/{networkId}/machines/{machine}', { params: { path: { networkId, machine } } }));
  }

  createMachine(networkId: string, name: string, config: MachineConfigJson, write: WriteOptions): Promise<MachineCreated> {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/machines', { params: { path: { networkId } }, body: { name, config, ...write } }),
    );
  }

  putMachine(networkId: string, machine: string, config: MachineConfigJson, write: WriteOptions): Promise<ConfigWriteResult> {
    return unwrap(
      this.client.PUT('/api/networks/{networkId}/machines/{machine}', {
        params: { path: { networkId, machine } },
        body: { config, ...write },
      }),
    );
  }

  putOverrides(networkId: string, machine: string, overrides: MachineConfigJson, write: WriteOptions): Promise<ConfigWriteResult> {
    return unwrap(
      this.client.PUT('/api/networks/{networkId}/machines/{machine}/overrides', {
        params: { path: { networkId, machine } },
        body: { overrides, ...write },
      }),
    );
  }

  configHistory(networkId: string, query: { limit?: number; offset?: number; path?: string }): Promise<Page<CommitInfo>> {
    return unwrap(this.client.GET('/api/networks/{networkId}/config/history', { params: { path: { networkId }, query } }));
  }

  configDiff(networkId: string, query: { from?: string; to?: string }): Promise<ConfigDiff> {
    return unwrap(this.client.GET('/api/networks/{networkId}/config/diff', { params: { path: { networkId }, query } }));
  }

  rawConfig(networkId: string, revision?: string): Promise<RawConfig> {
    return unwrap(this.client.GET('/api/networks/{networkId}/config/raw', { params: { path: { networkId }, query: { revision } } }));
  }

  putRawConfig(networkId: string, content: string, write: WriteOptions & { baseRevision?: string }): Promise<ConfigWriteResult> {
    return unwrap(
      this.client.PUT('/api/networks/{networkId}/config/raw', { params: { path: { networkId } }, body: { content, ...write } }),
    );
  }

  revertConfig(networkId: string, revision: string, write: WriteOptions): Promise<ConfigWriteResult> {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/config/revert', { params: { path: { networkId } }, body: { revision, ...write } }),
    );
  }

  configStatus(networkId: string): Promise<ConfigStatus> {
    return unwrap(this.client.GET('/api/networks/{networkId}/config/status', { params: { path: { networkId } } }));
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
