import { Injectable, inject } from '@angular/core';
import type { MetricsRange, MetricsResponse, NetworkRole } from '@clan/contracts';
import { Api, itemsOf } from './api';
import type {
  AuditPage,
  AuditQuery,
  CreatedTokenView,
  HealthView,
  LoginRequest,
  LoginResult,
  MemberView,
  MeView,
  NetworkView,
  SetupRequest,
  TaskLogPage,
  TaskRef,
  TaskView,
  TokenView,
  TotpEnrolmentView,
  UserSummaryView,
} from './api-types';
import type {
  CatalogApp,
  CatalogSchemas,
  ConfigDiffView,
  ConfigStatusView,
  HistoryPage,
  MachineConfig,
  MachineCreatedView,
  MachineSummaryView,
  MachineView,
  RawConfigView,
  WriteOptions,
  WriteResult,
} from './config-types';
import type { GenerationPage, HostVmView, SerialLogView, VmPowerAction, VmSummaryView } from './vm-types';

/**
 * Every REST route the SPA uses (docs/api.md), one method each, through the
 * generated typed client. The `as` casts only narrow role/status strings to
 * the @clan/contracts enums that hold the same values.
 */
@Injectable({ providedIn: 'root' })
export class ClanApi {
  private readonly api = inject(Api);
  private readonly client = this.api.client;

  // — health and setup —
  async health(): Promise<HealthView> {
    // A degraded panel answers 503 with the same body; that is data to show, not an error.
    const { data, error, response } = await this.client.GET('/api/health');
    if (data) return data;
    if (response.status === 503 && error) return error;
    return this.api.call<HealthView>(Promise.resolve({ error, response }));
  }

  setupStatus(): Promise<{ setupRequired: boolean }> {
    return this.api.call(this.client.GET('/api/setup'));
  }

  setup(body: SetupRequest): Promise<LoginResult> {
    return this.api.call(this.client.POST('/api/setup', { body }));
  }

  // — auth —
  login(body: LoginRequest): Promise<LoginResult> {
    return this.api.call(this.client.POST('/api/auth/login', { body }), {
      expect401: true,
    });
  }

  async me(options = { expect401: false }): Promise<MeView> {
    return (await this.api.call(this.client.GET('/api/auth/me'), options)) as MeView;
  }

  async logout(): Promise<void> {
    await this.api.call(this.client.POST('/api/auth/logout'), {
      expect401: true,
    });
  }

  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await this.api.call(
      this.client.POST('/api/auth/password', {
        body: { currentPassword, newPassword },
      }),
    );
  }

  enrolTotp(): Promise<TotpEnrolmentView> {
    return this.api.call(this.client.POST('/api/auth/totp/enrol'));
  }

  verifyTotp(code: string): Promise<{ recoveryCodes: string[] }> {
    return this.api.call(this.client.POST('/api/auth/totp/verify', { body: { code } }));
  }

  async disableTotp(password: string): Promise<void> {
    await this.api.call(this.client.POST('/api/auth/totp/disable', { body: { password } }));
  }

  // — users —
  async users(): Promise<UserSummaryView[]> {
    return itemsOf(await this.api.call(this.client.GET('/api/users', { params: { query: { limit: 200 } } })));
  }

  // — API tokens —
  async tokens(): Promise<TokenView[]> {
    return itemsOf(await this.api.call(this.client.GET('/api/tokens')));
  }

  createToken(name: string, expiresAt?: string): Promise<CreatedTokenView> {
    return this.api.call(
      this.client.POST('/api/tokens', {
        body: expiresAt ? { name, expiresAt } : { name },
      }),
    );
  }

  async revokeToken(tokenId: string): Promise<void> {
    await this.api.call(
      this.client.DELETE('/api/tokens/{tokenId}', {
        params: { path: { tokenId } },
      }),
    );
  }

  // — networks and members —
  async networks(): Promise<NetworkView[]> {
    const page = await this.api.call(this.client.GET('/api/networks', { params: { query: { limit: 200 } } }));
    return itemsOf(page) as NetworkView[];
  }

  async network(networkId: string): Promise<NetworkView> {
    return (await this.api.call(
      this.client.GET('/api/networks/{networkId}', {
        params: { path: { networkId } },
      }),
    )) as NetworkView;
  }

  async createNetwork(name: string, description?: string): Promise<NetworkView> {
    const body = description ? { name, description } : { name };
    return (await this.api.call(this.client.POST('/api/networks', { body }))) as NetworkView;
  }

  async updateNetwork(networkId: string, description: string): Promise<NetworkView> {
    const request = this.client.PATCH('/api/networks/{networkId}', {
      params: { path: { networkId } },
      body: { description },
    });
    return (await this.api.call(request)) as NetworkView;
  }

  async deleteNetwork(networkId: string): Promise<void> {
    await this.api.call(
      this.client.DELETE('/api/networks/{networkId}', {
        params: { path: { networkId } },
      }),
    );
  }

  async members(networkId: string): Promise<MemberView[]> {
    const page = await this.api.call(
      this.client.GET('/api/networks/{networkId}/members', {
        params: { path: { networkId }, query: { limit: 200 } },
      }),
    );
    return itemsOf(page) as MemberView[];
  }

  async addMember(networkId: string, username: string, role: NetworkRole): Promise<MemberView> {
    const request = this.client.POST('/api/networks/{networkId}/members', {
      params: { path: { networkId } },
      body: { username, role },
    });
    return (await this.api.call(request)) as MemberView;
  }

  async changeMemberRole(networkId: string, userId: string, role: NetworkRole): Promise<MemberView> {
    const request = this.client.PATCH('/api/networks/{networkId}/members/{userId}', {
      params: { path: { networkId, userId } },
      body: { role },
    });
    return (await this.api.call(request)) as MemberView;
  }

  async removeMember(networkId: string, userId: string): Promise<void> {
    await this.api.call(
      this.client.DELETE('/api/networks/{networkId}/members/{userId}', {
        params: { path: { networkId, userId } },
      }),
    );
  }

  // — audit —
  networkAudit(networkId: string, limit: number, offset: number): Promise<AuditPage> {
    return this.api.call(
      this.client.GET('/api/networks/{networkId}/audit', {
        params: { path: { networkId }, query: { limit, offset } },
      }),
    );
  }

  audit(query: AuditQuery): Promise<AuditPage> {
    return this.api.call(this.client.GET('/api/audit', { params: { query } }));
  }

  // — tasks —
  async tasks(limit = 50): Promise<TaskView[]> {
    return itemsOf(await this.api.call(this.client.GET('/api/tasks', { params: { query: { limit } } }))) as TaskView[];
  }

  async task(taskId: string): Promise<TaskView> {
    return (await this.api.call(this.client.GET('/api/tasks/{taskId}', { params: { path: { taskId } } }))) as TaskView;
  }

  taskLog(taskId: string, after: number | undefined, limit: number): Promise<TaskLogPage> {
    return this.api.call(
      this.client.GET('/api/tasks/{taskId}/log', {
        params: { path: { taskId }, query: { after, limit } },
      }),
    );
  }

  async cancelTask(taskId: string): Promise<TaskView> {
    return (await this.api.call(
      this.client.POST('/api/tasks/{taskId}/cancel', {
        params: { path: { taskId } },
      }),
    )) as TaskView;
  }

  runDiagnostics(sampleSeconds = 5): Promise<TaskRef> {
    return this.api.call(this.client.POST('/api/host/diagnostics', { body: { sampleSeconds } }));
  }

  // — configuration manager (docs/api.md, issue 3) —
  async catalogApps(): Promise<CatalogApp[]> {
    // `schema` is documented as a free object; it is the app's JSON Schema (JsonSchema accepts any object).
    return itemsOf(await this.api.call(this.client.GET('/api/catalog/apps')));
  }

  async catalogSchema(): Promise<CatalogSchemas> {
    return this.api.call<CatalogSchemas>(this.client.GET('/api/catalog/schema'));
  }

  async machines(networkId: string): Promise<MachineSummaryView[]> {
    const page = await this.api.call(
      this.client.GET('/api/networks/{networkId}/machines', { params: { path: { networkId }, query: { limit: 200 } } }),
    );
    // `resources` is documented as a free object; it holds vcpus, memoryMiB and stateDiskGiB.
    return itemsOf(page) as unknown as MachineSummaryView[];
  }

  machine(networkId: string, machine: string): Promise<MachineView> {
    return this.api.call(this.client.GET('/api/networks/{networkId}/machines/{machine}', { params: { path: { networkId, machine } } }));
  }

  createMachine(networkId: string, name: string, config: MachineConfig, options: WriteOptions = {}): Promise<MachineCreatedView> {
    return this.api.call(
      this.client.POST('/api/networks/{networkId}/machines', {
        params: { path: { networkId } },
        body: { name, config, ...writeBody(options) },
      }),
    );
  }

  updateMachine(networkId: string, machine: string, config: MachineConfig, options: WriteOptions = {}): Promise<WriteResult> {
    return this.api.call(
      this.client.PUT('/api/networks/{networkId}/machines/{machine}', {
        params: { path: { networkId, machine } },
        body: { config, ...writeBody(options) },
      }),
    );
  }

  deleteMachine(networkId: string, machine: string, options: WriteOptions = {}): Promise<WriteResult> {
    return this.api.call(
      this.client.DELETE('/api/networks/{networkId}/machines/{machine}', {
        params: { path: { networkId, machine }, query: writeQuery(options) },
      }),
    );
  }

  updateOverrides(networkId: string, machine: string, overrides: MachineConfig, options: WriteOptions = {}): Promise<WriteResult> {
    return this.api.call(
      this.client.PUT('/api/networks/{networkId}/machines/{machine}/overrides', {
        params: { path: { networkId, machine } },
        body: { overrides, ...writeBody(options) },
      }),
    );
  }

  /** Revokes one override (`path` like `applications.syncthing`), or all of them without a path. */
  revokeOverride(networkId: string, machine: string, path: string | undefined, options: WriteOptions = {}): Promise<WriteResult> {
    return this.api.call(
      this.client.DELETE('/api/networks/{networkId}/machines/{machine}/overrides', {
        params: { path: { networkId, machine }, query: { ...(path ? { path } : {}), ...writeQuery(options) } },
      }),
    );
  }

  configHistory(networkId: string, query: { limit: number; offset: number; path?: string }): Promise<HistoryPage> {
    return this.api.call(this.client.GET('/api/networks/{networkId}/config/history', { params: { path: { networkId }, query } }));
  }

  configDiff(networkId: string, to: string, from?: string): Promise<ConfigDiffView> {
    return this.api.call(
      this.client.GET('/api/networks/{networkId}/config/diff', { params: { path: { networkId }, query: from ? { from, to } : { to } } }),
    );
  }

  configRaw(networkId: string, revision?: string): Promise<RawConfigView> {
    return this.api.call(
      this.client.GET('/api/networks/{networkId}/config/raw', { params: { path: { networkId }, query: revision ? { revision } : {} } }),
    );
  }

  saveConfigRaw(networkId: string, content: string, baseRevision: string | undefined, options: WriteOptions = {}): Promise<WriteResult> {
    return this.api.call(
      this.client.PUT('/api/networks/{networkId}/config/raw', {
        params: { path: { networkId } },
        body: { content, ...(baseRevision ? { baseRevision } : {}), ...writeBody(options) },
      }),
    );
  }

  revertConfig(networkId: string, revision: string, options: WriteOptions = {}): Promise<WriteResult> {
    return this.api.call(
      this.client.POST('/api/networks/{networkId}/config/revert', {
        params: { path: { networkId } },
        body: { revision, ...writeBody(options) },
      }),
    );
  }

  configStatus(networkId: string): Promise<ConfigStatusView> {
    return this.api.call(this.client.GET('/api/networks/{networkId}/config/status', { params: { path: { networkId } } }));
  }

  // — VM manager (docs/vms.md, issue 4) —
  vm(networkId: string, machine: string): Promise<VmSummaryView> {
    return this.api.call(this.client.GET('/api/networks/{networkId}/machines/{machine}/vm', { params: { path: { networkId, machine } } }));
  }

  /** Queues a power action; a 409 names the build, deployment or power action already under way. */
  vmPower(networkId: string, machine: string, action: VmPowerAction): Promise<TaskRef> {
    return this.api.call(
      this.client.POST('/api/networks/{networkId}/machines/{machine}/vm/{action}', { params: { path: { networkId, machine, action } } }),
    );
  }

  /** Builds the revision (default: the head) and boots it. */
  deploy(networkId: string, machine: string, revision?: string): Promise<TaskRef> {
    return this.api.call(
      this.client.POST('/api/networks/{networkId}/machines/{machine}/deploy', {
        params: { path: { networkId, machine } },
        body: revision ? { revision } : {},
      }),
    );
  }

  generations(networkId: string, machine: string, limit: number, offset: number): Promise<GenerationPage> {
    return this.api.call(
      this.client.GET('/api/networks/{networkId}/machines/{machine}/generations', {
        params: { path: { networkId, machine }, query: { limit, offset } },
      }),
    );
  }

  rollback(networkId: string, machine: string, number: number): Promise<TaskRef> {
    return this.api.call(
      this.client.POST('/api/networks/{networkId}/machines/{machine}/generations/{number}/rollback', {
        params: { path: { networkId, machine, number } },
      }),
    );
  }

  serialLog(networkId: string, machine: string, tail: number): Promise<SerialLogView> {
    return this.api.call(
      this.client.GET('/api/networks/{networkId}/machines/{machine}/vm/serial-log', {
        params: { path: { networkId, machine }, query: { tail } },
      }),
    );
  }

  async hostVms(): Promise<HostVmView[]> {
    return (await this.api.call(this.client.GET('/api/host/vms'))).items;
  }

  collectGenerations(keep?: number): Promise<TaskRef> {
    return this.api.call(this.client.POST('/api/host/generations/gc', { body: keep ? { keep } : {} }));
  }

  // — metrics (the generated DTOs carry the same names and units as @clan/contracts' MetricsResponse) —
  hostMetrics(range: MetricsRange): Promise<MetricsResponse> {
    return this.api.call(this.client.GET('/api/host/metrics', { params: { query: { range } } }));
  }

  networkMetrics(networkId: string, range: MetricsRange): Promise<MetricsResponse> {
    return this.api.call(this.client.GET('/api/networks/{networkId}/metrics', { params: { path: { networkId }, query: { range } } }));
  }

  machineMetrics(networkId: string, machine: string, range: MetricsRange): Promise<MetricsResponse> {
    return this.api.call(
      this.client.GET('/api/networks/{networkId}/machines/{machine}/metrics', {
        params: { path: { networkId, machine }, query: { range } },
      }),
    );
  }
}

/** A message only when one was typed, so the API writes its own meaningful one otherwise. */
function writeBody(options: WriteOptions): { message?: string; dryRun: boolean } {
  const message = options.message?.trim();
  return message ? { message, dryRun: options.dryRun === true } : { dryRun: options.dryRun === true };
}

/** DELETE takes the write options as query parameters; `dryRun` only when asked for. */
function writeQuery(options: WriteOptions): { message?: string; dryRun?: boolean } {
  const { message, dryRun } = writeBody(options);
  return { ...(message ? { message } : {}), ...(dryRun ? { dryRun } : {}) };
}
