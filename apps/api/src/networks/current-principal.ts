import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal, RequestWithPrincipal } from '../common/authz/principal';

/** The caller, as AccessGuard identified them; only for routes that are not @Public. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  // The guard rejects anonymous callers before any non-public handler runs; reaching here without one is a bug.
  if (!principal) throw new Error('CurrentPrincipal used on a route that does not require sign-in');
  return principal;
});
