import { Injectable, inject } from '@angular/core';
import type { MetricsRange, MetricsResponse, NetworkRole, NetworkSystem } from '@clan/contracts';
import { MAX_PAGE, type WriteOptions } from '@clan/api-client';
import { Api, itemsOf } from './api';
import type {
  AcceptedPersonInviteView,
  AcceptPersonInviteRequest,
  AuditPage,
  CreatedPersonInviteView,
  CreatePersonInviteRequest,
  AuditQuery,
  CreatedTokenView,
  HealthView,
  LoginRequest,
  LoginResult,
  MemberView,
  MeView,
  NetworkView,
  OneTimeLinkView,
  PasswordResetPreviewView,
  PersonInvitePreviewView,
  PersonInviteView,
  SetupRequest,
  TaskLogPage,
  TaskRef,
  TaskView,
  TokenView,
  TotpEnrolmentView,
  UpdateUserRequest,
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
  WriteResult,
} from './config-types';
import type { GenerationPage, GuestFactsView, HostVmView, SerialLogView, VmPowerAction, VmSummaryView } from './vm-types';

/**
 * The SPA's calls to the panel as Angular injects them: each method is one
 * call of the shared facade (@clan/api-client's ClanApi) through `Api.run`,
 * which ends a lost session. The `as` casts only narrow role/status strings
 * to the @clan/contracts enums that hold the same values, and free-form
 * objects to what they hold.
 */
@Injectable({ providedIn: 'root' })
export class ClanApi {
  private readonly api = inject(Api);
  private readonly facade = this.api.facade;

  // — health and setup —
  async health(): Promise<HealthView> {
    // A degraded panel answers 503 with the same body; that is data to show, not an error.
    return (await this.api.run(this.facade.health.get())).body;
  }

  setupStatus(): Promise<{ setupRequired: boolean }> {
    return this.api.run(this.facade.setup.status());
  }

  setup(body: SetupRequest): Promise<LoginResult> {
    return this.api.run(this.facade.setup.create(body));
  }

  // — auth —
  login(body: LoginRequest): Promise<LoginResult> {
    return this.api.run(this.facade.auth.login(body), { expect401: true });
  }

  async me(options = { expect401: false }): Promise<MeView> {
    return (await this.api.run(this.facade.auth.me(), options)) as MeView;
  }

  logout(): Promise<void> {
    return this.api.run(this.facade.auth.logout(), { expect401: true });
  }

  changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return this.api.run(this.facade.auth.changePassword(currentPassword, newPassword));
  }

  enrolTotp(): Promise<TotpEnrolmentView> {
    return this.api.run(this.facade.auth.enrolTotp());
  }

  verifyTotp(code: string): Promise<{ recoveryCodes: string[] }> {
    return this.api.run(this.facade.auth.verifyTotp(code));
  }

  disableTotp(password: string): Promise<void> {
    return this.api.run(this.facade.auth.disableTotp(password));
  }

  // — users —
  async users(): Promise<UserSummaryView[]> {
    return itemsOf(await this.api.run(this.facade.users.list({ limit: MAX_PAGE })));
  }

  createUser(body: { username: string; password: string; displayName?: string; isHostAdmin: boolean }): Promise<UserSummaryView> {
    return this.api.run(this.facade.users.create(body));
  }

  updateUser(userId: string, body: UpdateUserRequest): Promise<UserSummaryView> {
    return this.api.run(this.facade.users.update(userId, body));
  }

  deleteUser(userId: string): Promise<void> {
    return this.api.run(this.facade.users.delete(userId));
  }

  passwordResetLink(userId: string): Promise<OneTimeLinkView> {
    return this.api.run(this.facade.users.passwordReset(userId));
  }

  /** Public (the link is the credential): a 401 here is not a lost session. */
  previewPasswordReset(token: string): Promise<PasswordResetPreviewView> {
    return this.api.run(this.facade.users.previewPasswordReset(token), { expect401: true });
  }

  usePasswordReset(token: string, password: string): Promise<{ username: string }> {
    return this.api.run(this.facade.users.usePasswordReset(token, password), { expect401: true });
  }

  // — API tokens —
  async tokens(): Promise<TokenView[]> {
    return itemsOf(await this.api.run(this.facade.tokens.list()));
  }

  createToken(name: string, expiresAt?: string): Promise<CreatedTokenView> {
    return this.api.run(this.facade.tokens.create(name, expiresAt));
  }

  revokeToken(tokenId: string): Promise<void> {
    return this.api.run(this.facade.tokens.revoke(tokenId));
  }

  revokeAllTokens(): Promise<{ revoked: number }> {
    return this.api.run(this.facade.tokens.revokeAll());
  }

  // — networks and members —
  async networks(): Promise<NetworkView[]> {
    return itemsOf(await this.api.run(this.facade.networks.list({ limit: MAX_PAGE }))) as NetworkView[];
  }

  async network(networkId: string): Promise<NetworkView> {
    return (await this.api.run(this.facade.networks.get(networkId))) as NetworkView;
  }

  async createNetwork(
    name: string,
    description?: string,
    system?: NetworkSystem,
    meshLayer?: 'wireguard' | 'yggdrasil',
  ): Promise<NetworkView> {
    return (await this.api.run(this.facade.networks.create(name, description || undefined, system, meshLayer))) as NetworkView;
  }

  async updateNetwork(networkId: string, description: string): Promise<NetworkView> {
    return (await this.api.run(this.facade.networks.update(networkId, description))) as NetworkView;
  }

  async setNetworkSystem(networkId: string, system: NetworkSystem): Promise<NetworkView> {
    return (await this.api.run(this.facade.networks.setSystem(networkId, system))) as NetworkView;
  }

  deleteNetwork(networkId: string): Promise<void> {
    return this.api.run(this.facade.networks.delete(networkId));
  }

  async members(networkId: string): Promise<MemberView[]> {
    return itemsOf(await this.api.run(this.facade.members.list(networkId, { limit: MAX_PAGE }))) as MemberView[];
  }

  async addMember(networkId: string, username: string, role: NetworkRole): Promise<MemberView> {
    return (await this.api.run(this.facade.members.add(networkId, username, role))) as MemberView;
  }

  async changeMemberRole(networkId: string, userId: string, role: NetworkRole): Promise<MemberView> {
    return (await this.api.run(this.facade.members.changeRole(networkId, userId, role))) as MemberView;
  }

  removeMember(networkId: string, userId: string): Promise<void> {
    return this.api.run(this.facade.members.remove(networkId, userId));
  }

  // — person invites —
  async personInvites(networkId: string): Promise<PersonInviteView[]> {
    return itemsOf(await this.api.run(this.facade.members.invites(networkId))) as PersonInviteView[];
  }

  async invitePerson(networkId: string, body: CreatePersonInviteRequest): Promise<CreatedPersonInviteView> {
    return (await this.api.run(this.facade.members.invite(networkId, body))) as CreatedPersonInviteView;
  }

  async revokePersonInvite(networkId: string, inviteId: string): Promise<PersonInviteView> {
    return (await this.api.run(this.facade.members.revokeInvite(networkId, inviteId))) as PersonInviteView;
  }

  /** Public (the link is the credential). */
  async previewPersonInvite(token: string): Promise<PersonInvitePreviewView> {
    return (await this.api.run(this.facade.members.previewInvite(token), { expect401: true })) as PersonInvitePreviewView;
  }

  acceptPersonInvite(token: string, body: AcceptPersonInviteRequest): Promise<AcceptedPersonInviteView> {
    return this.api.run(this.facade.members.acceptInvite(token, body), { expect401: true });
  }

  // — audit —
  networkAudit(networkId: string, limit: number, offset: number): Promise<AuditPage> {
    return this.api.run(this.facade.networks.audit(networkId, { limit, offset }));
  }

  audit(query: AuditQuery): Promise<AuditPage> {
    return this.api.run(this.facade.audit.list(query));
  }

  // — tasks —
  async tasks(limit = 50): Promise<TaskView[]> {
    return itemsOf(await this.api.run(this.facade.tasks.list({ limit }))) as TaskView[];
  }

  async task(taskId: string): Promise<TaskView> {
    return (await this.api.run(this.facade.tasks.get(taskId))) as TaskView;
  }

  taskLog(taskId: string, after: number | undefined, limit: number): Promise<TaskLogPage> {
    return this.api.run(this.facade.tasks.log(taskId, after, limit));
  }

  async cancelTask(taskId: string): Promise<TaskView> {
    return (await this.api.run(this.facade.tasks.cancel(taskId))) as TaskView;
  }

  runDiagnostics(sampleSeconds = 5): Promise<TaskRef> {
    return this.api.run(this.facade.host.diagnostics(sampleSeconds));
  }

  // — configuration manager (docs/api.md) —
  async catalogApps(): Promise<CatalogApp[]> {
    // `schema` is documented as a free object; it is the app's JSON Schema (JsonSchema accepts any object).
    return itemsOf(await this.api.run(this.facade.catalog.apps()));
  }

  catalogSchema(): Promise<CatalogSchemas> {
    return this.api.run(this.facade.catalog.schema());
  }

  async machines(networkId: string): Promise<MachineSummaryView[]> {
    const page = await this.api.run(this.facade.machines.list(networkId, { limit: MAX_PAGE }));
    // `resources` is documented as a free object; it holds vcpus, memoryMiB and stateDiskGiB.
    return itemsOf(page) as unknown as MachineSummaryView[];
  }

  machine(networkId: string, machine: string): Promise<MachineView> {
    return this.api.run(this.facade.machines.get(networkId, machine));
  }

  createMachine(networkId: string, name: string, config: MachineConfig, options: WriteOptions = {}): Promise<MachineCreatedView> {
    return this.api.run(this.facade.machines.create(networkId, name, config, options));
  }

  updateMachine(networkId: string, machine: string, config: MachineConfig, options: WriteOptions = {}): Promise<WriteResult> {
    return this.api.run(this.facade.machines.put(networkId, machine, config, options));
  }

  deleteMachine(networkId: string, machine: string, options: WriteOptions = {}): Promise<WriteResult> {
    return this.api.run(this.facade.machines.delete(networkId, machine, options));
  }

  updateOverrides(networkId: string, machine: string, overrides: MachineConfig, options: WriteOptions = {}): Promise<WriteResult> {
    return this.api.run(this.facade.machines.putOverrides(networkId, machine, overrides, options));
  }

  /** Revokes one override (`path` like `applications.syncthing`), or all of them without a path. */
  revokeOverride(networkId: string, machine: string, path: string | undefined, options: WriteOptions = {}): Promise<WriteResult> {
    return this.api.run(this.facade.machines.revokeOverride(networkId, machine, path, options));
  }

  configHistory(networkId: string, query: { limit: number; offset: number; path?: string }): Promise<HistoryPage> {
    return this.api.run(this.facade.config.history(networkId, query));
  }

  configDiff(networkId: string, to: string, from?: string): Promise<ConfigDiffView> {
    return this.api.run(this.facade.config.diff(networkId, { from, to }));
  }

  configRaw(networkId: string, revision?: string): Promise<RawConfigView> {
    return this.api.run(this.facade.config.raw(networkId, revision));
  }

  saveConfigRaw(networkId: string, content: string, baseRevision: string | undefined, options: WriteOptions = {}): Promise<WriteResult> {
    return this.api.run(this.facade.config.putRaw(networkId, content, { ...options, baseRevision }));
  }

  revertConfig(networkId: string, revision: string, options: WriteOptions = {}): Promise<WriteResult> {
    return this.api.run(this.facade.config.revert(networkId, revision, options));
  }

  configStatus(networkId: string): Promise<ConfigStatusView> {
    return this.api.run(this.facade.config.status(networkId));
  }

  // — VM manager (docs/vms.md) —
  vm(networkId: string, machine: string): Promise<VmSummaryView> {
    return this.api.run(this.facade.vms.get(networkId, machine));
  }

  /** Queues a power action; a 409 names the build, deployment or power action already under way. */
  vmPower(networkId: string, machine: string, action: VmPowerAction): Promise<TaskRef> {
    return this.api.run(this.facade.vms.power(networkId, machine, action));
  }

  /** Builds the revision (default: the head) and boots it. */
  deploy(networkId: string, machine: string, revision?: string): Promise<TaskRef> {
    return this.api.run(this.facade.vms.deploy(networkId, machine, revision));
  }

  generations(networkId: string, machine: string, limit: number, offset: number): Promise<GenerationPage> {
    return this.api.run(this.facade.vms.generations(networkId, machine, { limit, offset }));
  }

  rollback(networkId: string, machine: string, number: number): Promise<TaskRef> {
    return this.api.run(this.facade.vms.rollback(networkId, machine, number));
  }

  serialLog(networkId: string, machine: string, tail: number): Promise<SerialLogView> {
    return this.api.run(this.facade.vms.serialLog(networkId, machine, tail));
  }

  guestFacts(networkId: string, machine: string): Promise<GuestFactsView> {
    return this.api.run(this.facade.vms.guestFacts(networkId, machine));
  }

  async hostVms(): Promise<HostVmView[]> {
    return (await this.api.run(this.facade.vms.onHost())).items;
  }

  collectGenerations(keep?: number): Promise<TaskRef> {
    return this.api.run(this.facade.vms.collectGenerations(keep || undefined));
  }

  // — metrics (the generated DTOs carry the same names and units as @clan/contracts' MetricsResponse) —
  hostMetrics(range: MetricsRange): Promise<MetricsResponse> {
    return this.api.run(this.facade.metrics.host(range));
  }

  networkMetrics(networkId: string, range: MetricsRange): Promise<MetricsResponse> {
    return this.api.run(this.facade.metrics.network(networkId, range));
  }

  machineMetrics(networkId: string, machine: string, range: MetricsRange): Promise<MetricsResponse> {
    return this.api.run(this.facade.metrics.machine(networkId, machine, range));
  }
}
