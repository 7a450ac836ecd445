import { ClanApi, type components, type Page } from '@clan/api-client';
import { networkReason, UnreachableError, UsageError } from './errors';

type Schemas = components['schemas'];
export type Health = Schemas['HealthDto'];
export type ApiToken = Schemas['ApiTokenDto'];
export type CreatedToken = Schemas['CreatedTokenDto'];
export type LoginResult = Schemas['SignedInDto'];
export type Task = Schemas['TaskDto'];
export type TaskLogLine = Schemas['TaskLogLineDto'];
export type TaskStatusName = Schemas['TaskStatus'];
export type TaskStarted = Schemas['TaskStartedDto'];
export type Network = Schemas['NetworkDto'];
export type Member = Schemas['MemberDto'];
export type { Page };
export type {
  CommitInfo,
  ConfigDiff,
  ConfigStatus,
  ConfigWriteResult,
  Machine,
  MachineConfigJson,
  MachineCreated,
  MachineSummary,
  RawConfig,
  WriteOptions,
} from './config-types';
export type VmSummary = Schemas['VmSummaryDto'];
export type VmPowerAction = Schemas['VmPowerAction'];
export type VmState = Schemas['VmState'];
export type Generation = Schemas['GenerationDto'];
export type HostVm = Schemas['HostVmDto'];
export type Metrics = Schemas['MetricsDto'];
export type Recording = Schemas['RecordingDto'];
export type RecordingList = Schemas['RecordingListDto'];
export type BackupPolicy = Schemas['BackupPolicyDto'];
export type BackupSnapshot = Schemas['SnapshotDto'];
export type BackupSubjectStatus = Schemas['BackupSubjectStatusDto'];
export type FamilyView = Schemas['FamilyViewDto'];

export interface PanelOptions {
  /** Keep a cookie jar (and send the CSRF token once set), as `clanctl login` needs before it has a bearer token. */
  session?: boolean;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * How a request leaves the CLI: a timeout, the cookie jar of a sign-in
 * session, and fetch failures turned into UnreachableError (exit 3).
 */
class CliTransport {
  private readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(
    private readonly url: string,
    private readonly options: PanelOptions,
  ) {}

  async send(request: Request): Promise<Response> {
    if (this.options.session && this.cookies.size) {
      request.headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const doFetch = this.options.fetch ?? globalThis.fetch;
    const timeoutMs = this.options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    let response: Response;
    try {
      response = await doFetch(request, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const e = err as { name?: string };
      const reason = e.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : networkReason(err);
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
}

/**
 * The shared API facade (@clan/api-client's ClanApi) over the CLI's
 * transport. API errors are ClanApiError (exit 1), network failures
 * UnreachableError (exit 3).
 */
export class PanelApi extends ClanApi {
  private readonly transport: CliTransport;

  constructor(
    readonly url: string,
    readonly token: string | undefined,
    options: PanelOptions = {},
  ) {
    const transport = new CliTransport(url, options);
    super({
      baseUrl: url,
      token,
      csrfToken: () => transport.csrfToken,
      fetch: (input: RequestInfo | URL, init?: RequestInit) => transport.send(input instanceof Request ? input : new Request(input, init)),
    });
    this.transport = transport;
  }

  /** The session's CSRF token, sent on writes from now on (a sign-in answers it). */
  useCsrfToken(token: string): void {
    this.transport.csrfToken = token;
  }
}
