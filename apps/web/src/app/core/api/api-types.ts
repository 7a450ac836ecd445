import type { HOST_ADMIN_ROLE, NetworkRole, TaskStatus } from '@clan/contracts';
import type { components, operations } from '@clan/api-client';

/**
 * Shapes of the API's answers. Most are the generated DTOs, so a contract
 * change breaks the build here; roles and statuses are narrowed to the
 * @clan/contracts enums (same strings) so the privilege helpers accept them.
 */
type Schemas = components['schemas'];
type Narrow<T, K extends keyof T, V> = Omit<T, K> & { [P in K]: V };

export type HealthView = Schemas['HealthDto'];
export type ComponentHealthView = Schemas['ComponentHealthDto'];
export type UserView = Schemas['UserDto'];
export type UserSummaryView = Schemas['UserSummaryDto'];
export type UpdateUserRequest = Schemas['UpdateUserDto'];
export type OneTimeLinkView = Schemas['OneTimeLinkDto'];
export type PasswordResetPreviewView = Schemas['PasswordResetPreviewDto'];
export type PersonInviteView = Narrow<Schemas['PersonInviteDto'], 'role', NetworkRole>;
export type CreatedPersonInviteView = Narrow<Schemas['CreatedPersonInviteDto'], 'invite', PersonInviteView>;
export type CreatePersonInviteRequest = Schemas['CreatePersonInviteDto'];
export type PersonInvitePreviewView = Narrow<Schemas['PersonInvitePreviewDto'], 'role', NetworkRole>;
export type AcceptPersonInviteRequest = Schemas['AcceptPersonInviteDto'];
export type AcceptedPersonInviteView = Schemas['AcceptedPersonInviteDto'];
export type MembershipView = Narrow<Schemas['MembershipDto'], 'role', NetworkRole>;
export type MeView = Narrow<Schemas['MeDto'], 'memberships', MembershipView[]>;
export type LoginResult = Schemas['SignedInDto'];
export type LoginRequest = Schemas['LoginDto'];
export type SetupRequest = Schemas['SetupDto'];
export type NetworkView = Narrow<Schemas['NetworkDto'], 'myRole', NetworkRole | typeof HOST_ADMIN_ROLE>;
export type MemberView = Narrow<Schemas['MemberDto'], 'role', NetworkRole>;
export type TokenView = Schemas['ApiTokenDto'];
export type CreatedTokenView = Schemas['CreatedTokenDto'];
export type TotpEnrolmentView = Schemas['TotpEnrolmentDto'];
export type TaskView = Narrow<Schemas['TaskDto'], 'status', TaskStatus>;
export type TaskLogPage = Schemas['TaskLogDto'];
export type TaskRef = Schemas['TaskStartedDto'];

export type AuditEntryView = Schemas['AuditEntryDto'];
export type AuditPage = Schemas['AuditListDto'];
export type AuditQuery = NonNullable<operations['listAudit']['parameters']['query']>;
