import type { NetworkRole } from '@clan/contracts';
import type { components } from '@clan/api-client';

/**
 * Shapes of the API's answers, from docs/api.md. Where the generated schema
 * already has a DTO we alias it, so a contract change breaks the build here.
 */
type Schemas = components['schemas'];

export type HealthView = Schemas['HealthDto'];
export type ComponentHealthView = Schemas['ComponentHealthDto'];

export interface Page<T> {
  items: T[];
  total: number;
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  isHostAdmin: boolean;
  totpEnabled?: boolean;
  createdAt?: string;
  lastLoginAt?: string | null;
}

export interface MembershipView {
  networkId: string;
  networkName: string;
  role: NetworkRole;
}

export interface MeView {
  user: UserView;
  csrfToken: string;
  memberships: MembershipView[];
}

export interface LoginResult {
  user: UserView;
  csrfToken: string;
}

export interface LoginRequest {
  username: string;
  password: string;
  totpCode?: string;
  recoveryCode?: string;
}

export interface SetupRequest {
  username: string;
  password: string;
  displayName?: string;
}

export interface NetworkView {
  id: string;
  name: string;
  description: string;
  /** The caller's role; null for a host admin who is not a member. */
  role: NetworkRole | null;
  createdAt: string;
  updatedAt?: string;
  memberCount?: number;
}

export interface MemberView {
  userId: string;
  username: string;
  displayName?: string;
  role: NetworkRole;
  createdAt?: string;
}

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

export interface CreatedTokenView {
  id: string;
  name: string;
  /** The whole secret: the API shows it exactly once. */
  token: string;
  prefix: string;
  expiresAt: string | null;
}

export interface TotpEnrolmentView {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

export interface AuditEntryView {
  id: string;
  at: string;
  userId: string | null;
  username: string | null;
  action: string;
  method: string;
  path: string;
  targetType: string | null;
  targetId: string | null;
  networkId: string | null;
  statusCode: number;
  result: 'success' | 'failure';
  errorCode: string | null;
  correlationId: string;
  ip?: string | null;
}

export interface AuditQuery {
  userId?: string;
  networkId?: string;
  action?: string;
  result?: 'success' | 'failure';
  since?: string;
  until?: string;
  limit?: number;
  offset?: number;
}

export interface TaskRef {
  taskId: string;
}
