import { Injectable, inject } from '@angular/core';
import type { NetworkRole } from '@clan/contracts';
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
}
