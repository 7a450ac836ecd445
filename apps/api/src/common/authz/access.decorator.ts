import type { AccessRule, Privilege } from '@clan/contracts';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiCookieAuth, ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';

export const ACCESS_METADATA = 'clan:access';

/**
 * Which resource names the network a `network`-scoped route acts on:
 * `network` → the `:networkId` route parameter; other kinds are resolved by a
 * resolver registered with AccessService (e.g. `task` → the task's network).
 */
export type AccessResource = 'network' | 'task';

export interface AccessMetadata extends AccessRule {
  resource?: AccessResource;
}

function access(meta: AccessMetadata): MethodDecorator & ClassDecorator {
  const decorators = [SetMetadata(ACCESS_METADATA, meta), ApiExtension('x-clan-access', { ...meta })];
  if (meta.scope !== 'public') {
    decorators.push(
      ApiCookieAuth('session'),
      ApiBearerAuth('token'),
      ApiUnauthorizedResponse({ description: 'Not signed in, or the token is invalid, revoked or expired.' }),
    );
  }
  if (meta.scope === 'host' || meta.scope === 'network') {
    decorators.push(ApiForbiddenResponse({ description: `Requires ${meta.privilege}.` }));
  }
  return applyDecorators(...decorators);
}

/** Anyone, signed in or not (health, first-run setup, login). */
export const Public = () => access({ scope: 'public' });

/** Any signed-in user; the handler only ever touches the caller's own data. */
export const Authenticated = () => access({ scope: 'authenticated' });

/** A host-wide privilege (host admins). */
export const HostAccess = (privilege: Privilege) => access({ scope: 'host', privilege });

/** A privilege inside the network the route addresses. */
export const NetworkAccess = (privilege: Privilege, resource: AccessResource = 'network') =>
  access({ scope: 'network', privilege, resource });
