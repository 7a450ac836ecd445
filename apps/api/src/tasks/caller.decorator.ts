import { ErrorCode } from '@clan/contracts';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal, RequestWithPrincipal } from '../common/authz/principal';
import { DomainError } from '../common/errors/domain-error';

/** The signed-in caller (set by AccessGuard). Only for routes that are not @Public. */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new DomainError(ErrorCode.Unauthenticated, 'Sign in first.');
  return principal;
});
