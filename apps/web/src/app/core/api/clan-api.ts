import { Injectable, inject } from '@angular/core';
import type { NetworkRole, TaskLogLine, TaskSummary } from '@clan/contracts';
import { Api, itemsOf } from './api';
import type {
  AuditEntryView,
  AuditQuery,
  CreatedTokenView,
  HealthView,
  LoginRequest,
  LoginResult,
  MemberView,
  MeView,
  NetworkView,
  Page,
  SetupRequest,
  TaskRef,
  TokenView,
  TotpEnrolmentView,
  UserView,
} from './api-types';

/** Every REST route the SPA uses (docs/api.md), one method each. */
@Injectable({ providedIn: 'root' })
export class ClanApi {
  private readonly api = inject(Api);

  // — health and setup —
  async health(): Promise<HealthView> {
    // A degraded panel answers 503 with the same body; that is data to show, not an error.
    const { data, error, response } = await this.api.client.GET('/api/health');
    if (data) return data;
    if (response.status === 503 && error) return error as HealthView;
    return this.api.call(Promise.resolve({ data, error, response }));
  }

  setupStatus(): Promise<{ setupRequired: boolean }> {
    return this.api.get('/api/setup');
  }

  setup(body: SetupRequest): Promise<Partial<LoginResult>> {
    return this.api.post('/api/setup', { body });
  }

  // — auth —
  login(body: LoginRequest): Promise<LoginResult> {
    return this.api.post('/api/auth/login', { body }, { expect401: true });
  }

  me(options = { expect401: false }): Promise<MeView> {
    return this.api.get('/api/auth/me', undefined, options);
  }

  logout(): Promise<void> {
    return this.api.post('/api/auth/logout', undefined, { expect401: true });
  }

  changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return this.api.post('/api/auth/password', { body: { currentPassword, newPassword } }, { expect401: true });
  }

  enrolTotp(): Promise<TotpEnrolmentView> {
    return this.api.post('/api/auth/totp/enrol');
  }

  verifyTotp(code: string): Promise<{ recoveryCodes: string[] }> {
    return this.api.post('/api/auth/totp/verify', { body: { code } }, { expect401: true });
  }

  disableTotp(password: string): Promise<void> {
    return this.api.post('/api/auth/totp/disable', { body: { password } }, { expect401: true });
  }

  // — users —
  async users(): Promise<UserView[]> {
    return itemsOf(await this.api.get<Page<UserView> | UserView[]>('/api/users', { params: { query: { limit: 200 } } }));
  }

  // — API tokens —
  async tokens(): Promise<TokenView[]> {
    return itemsOf(await this.api.get<Page<TokenView> | TokenView[]>('/api/tokens'));
  }

  createToken(name: string, expiresAt?: string): Promise<CreatedTokenView> {
    return this.api.post('/api/tokens', { body: expiresAt ? { name, expiresAt } : { name } });
  }

  revokeToken(tokenId: string): Promise<void> {
    return this.api.delete('/api/tokens/{tokenId}', { params: { path: { tokenId } } });
  }

  // — networks and members —
  async networks(): Promise<NetworkView[]> {
    return itemsOf(await this.api.get<Page<NetworkView> | NetworkView[]>('/api/networks', { params: { query: { limit: 200 } } }));
  }

  network(networkId: string): Promise<NetworkView> {
    return this.api.get('/api/networks/{networkId}', { params: { path: { networkId } } });
  }

  createNetwork(name: string, description?: string): Promise<NetworkView> {
    return this.api.post('/api/networks', { body: description ? { name, description } : { name } });
  }

  updateNetwork(networkId: string, description: string): Promise<NetworkView> {
    return this.api.patch('/api/networks/{networkId}', { params: { path: { networkId } }, body: { description } });
  }

  deleteNetwork(networkId: string): Promise<void> {
    return this.api.delete('/api/networks/{networkId}', { params: { path: { networkId } } });
  }

  async members(networkId: string): Promise<MemberView[]> {
    return itemsOf(
      await this.api.get<Page<MemberView> | MemberView[]>('/api/networks/{networkId}/members', {
        params: { path: { networkId }, query: { limit: 200 } },
      }),
    );
  }

  addMember(networkId: string, username: string, role: NetworkRole): Promise<MemberView> {
    return this.api.post('/api/networks/{networkId}/members', { params: { path: { networkId } }, body: { username, role } });
  }

  changeMemberRole(networkId: string, userId: string, role: NetworkRole): Promise<MemberView> {
    return this.api.patch('/api/networks/{networkId}/members/{userId}', { params: { path: { networkId, userId } }, body: { role } });
  }

  removeMember(networkId: string, userId: string): Promise<void> {
    return this.api.delete('/api/networks/{networkId}/members/{userId}', { params: { path: { networkId, userId } } });
  }

  // — audit —
  networkAudit(networkId: string, limit: number, offset: number): Promise<Page<AuditEntryView>> {
    return this.api.get('/api/networks/{networkId}/audit', { params: { path: { networkId }, query: { limit, offset } } });
  }

  audit(query: AuditQuery): Promise<Page<AuditEntryView>> {
    return this.api.get('/api/audit', { params: { query: { ...query } } });
  }

  // — tasks —
  async tasks(limit = 50): Promise<TaskSummary[]> {
    return itemsOf(await this.api.get<Page<TaskSummary> | TaskSummary[]>('/api/tasks', { params: { query: { limit } } }));
  }

  task(taskId: string): Promise<TaskSummary> {
    return this.api.get('/api/tasks/{taskId}', { params: { path: { taskId } } });
  }

  taskLog(taskId: string, after: number | undefined, limit: number): Promise<Page<TaskLogLine>> {
    return this.api.get('/api/tasks/{taskId}/log', { params: { path: { taskId }, query: { after, limit } } });
  }

  cancelTask(taskId: string): Promise<unknown> {
    return this.api.post('/api/tasks/{taskId}/cancel', { params: { path: { taskId } } });
  }

  runDiagnostics(sampleSeconds?: number): Promise<TaskRef> {
    return this.api.post('/api/host/diagnostics', { body: sampleSeconds ? { sampleSeconds } : {} });
  }
}
