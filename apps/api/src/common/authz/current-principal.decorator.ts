import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal, RequestWithPrincipal } from './principal';

/** The caller, as AccessGuard authenticated them. Only for routes that are not @Public(). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  // AccessGuard refuses unauthenticated calls before this runs; reaching here without one is a wiring bug.
  if (!principal) throw new Error('CurrentPrincipal used on a route without an authenticated access rule');
  return principal;
});
