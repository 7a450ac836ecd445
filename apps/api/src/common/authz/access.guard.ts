import { ErrorCode } from '@clan/contracts';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../errors/domain-error';
import { ACCESS_METADATA, type AccessMetadata } from './access.decorator';
import { AccessService, RESOURCE_PARAM } from './access.service';
import type { RequestWithPrincipal } from './principal';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The global guard. Routes without an access declaration are refused (and
 * start-up fails on them, see AccessAuditor), so nothing is open by omission.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: AccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const meta = this.reflector.getAllAndOverride<AccessMetadata | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    if (!meta) throw new DomainError(ErrorCode.Forbidden, 'This endpoint declares no access rule.');
    const req = context.switchToHttp().getRequest<RequestWithPrincipal>();
    await this.authenticate(req);
    if (meta.scope === 'public') return true;

    const principal = req.principal;
    if (!principal) {
      // Only git's smart-HTTP endpoints get a Basic challenge: browsers would pop a login dialog elsewhere.
      const headers = req.path.includes('.git/')
        ? { 'WWW-Authenticate': 'Basic realm="cLAN panel (use an API token as password)", charset="UTF-8"' }
        : undefined;
      throw new DomainError(
        ErrorCode.Unauthenticated,
        'Sign in first, or send an API token as "Authorization: Bearer …".',
        undefined,
        headers,
      );
    }
    if (principal.via === 'session' && !SAFE_METHODS.has(req.method)) {
      const sent = req.header(CSRF_HEADER);
      const expected = (req.session as unknown as { csrfToken?: string } | undefined)?.csrfToken;
      if (!sent || !expected || sent !== expected) {
        throw new DomainError(ErrorCode.CsrfFailed, `Missing or wrong ${CSRF_HEADER} header; reload the page and try again.`);
      }
    }
    if (meta.scope === 'authenticated') return true;
    if (!meta.privilege) throw new Error('host/network access rules need a privilege');
    if (meta.scope === 'host') {
      if (await this.access.can(principal, meta.privilege, null)) return true;
      throw new DomainError(ErrorCode.Forbidden, `This needs the host privilege ${meta.privilege}; ask the panel's administrator.`);
    }
    const kind = meta.resource ?? 'network';
    const id = req.params[RESOURCE_PARAM[kind]];
    if (typeof id !== 'string') throw new Error(`Route ${req.path} has no :${RESOURCE_PARAM[kind]} parameter`);
    await this.access.assertResource(principal, meta.privilege, kind, id);
    return true;
  }

  /** Attaches `req.principal` from the passport session or a bearer token. */
  private async authenticate(req: RequestWithPrincipal): Promise<void> {
    if (req.principal) return;
    const header = req.header('authorization');
    if (header) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(header);
      if (bearer) {
        req.principal = await this.access.principalForToken(bearer[1]);
        return;
      }
      // git clients only speak Basic: the password is an API token (the user name is ignored).
      const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
      if (basic) {
        const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
        const token = decoded.slice(decoded.indexOf(':') + 1);
        req.principal = await this.access.principalForToken(token);
        return;
      }
      throw new DomainError(
        ErrorCode.Unauthenticated,
        'The Authorization header must be "Bearer <API token>" (or Basic with the token as password).',
      );
    }
    const user = req.user;
    if (user?.id) {
      req.principal = (await this.access.principalForUserId(user.id, 'session')) ?? undefined;
    }
  }
}
