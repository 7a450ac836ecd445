import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import type { RequestWithPrincipal } from '../common/authz/principal';
import { correlationIdOf } from '../common/http/correlation-id';
import { TaskStore, UUID_RE } from '../tasks/task.store';
import { actionFromOperationId, redact, targetOf } from './audit-describe';
import { AuditService } from './audit.service';
import { RouteCatalogue } from './route-catalogue';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The redacted body; for a body refused unread (too large), its size. AuditService sanitises and bounds the rest. */
function detailsOf(req: RequestWithPrincipal, body: unknown): Record<string, unknown> {
  if (body && typeof body === 'object' && Object.keys(body).length) return { body: redact(body) };
  const length = Number(req.headers['content-length']);
  if (body === undefined && Number.isFinite(length) && length > 0) return { bodyBytes: length };
  return {};
}

interface Seen {
  body?: unknown;
  pattern?: string;
  params?: Record<string, string>;
}

/**
 * Records every state-changing /api request once its response has been sent,
 * whatever the outcome: success, guard refusal (401/403), validation failure,
 * rate limiting. Writing the entry never affects the response.
 */
@Injectable()
export class AuditMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly audit: AuditService,
    private readonly routes: RouteCatalogue,
    private readonly tasks: TaskStore,
  ) {}

  use(req: RequestWithPrincipal, res: Response, next: NextFunction): void {
    if (!WRITES.has(req.method) || !req.originalUrl.startsWith('/api/')) return next();
    const seen: Seen = {};
    // The answer's error code, and the matched route while it is still on the request.
    const json = res.json.bind(res);
    res.json = (body?: unknown) => {
      seen.body = body;
      if (req.route) seen.pattern = `${req.baseUrl}${(req.route as { path: string }).path}`;
      seen.params = { ...(req.params as Record<string, string>) };
      return json(body);
    };
    res.once('finish', () => {
      this.record(req, res, seen).catch((err: unknown) => this.logger.error(`audit entry failed: ${(err as Error).message}`));
    });
    next();
  }

  private async record(req: RequestWithPrincipal, res: Response, seen: Seen): Promise<void> {
    const routed = seen.pattern ?? (req.route ? `${req.baseUrl}${(req.route as { path: string }).path}` : null);
    const rawPath = req.originalUrl.split('?')[0];
    // Refused before routing (too large, too deep, unstorable characters): find the route from the path.
    const unrouted = routed ? undefined : this.routes.match(req.method, rawPath);
    const matched = routed ?? unrouted?.pattern ?? null;
    // Only a controller route counts.
    const operationId = matched ? this.routes.operationId(req.method, matched) : undefined;
    const pattern = operationId ? matched : null;
    const params = pattern ? (unrouted?.params ?? seen.params ?? req.params ?? {}) : {};
    const path = pattern ?? rawPath;
    const status = res.statusCode;
    const answer = seen.body as { code?: unknown } | undefined;
    const body = req.body as Record<string, unknown> | undefined;
    const principal = req.principal;
    const target = targetOf(pattern, params, status, seen.body);
    await this.audit.record({
      at: new Date(),
      userId: principal?.userId ?? null,
      // Sign-in and setup have no caller yet: keep the name they tried.
      username: principal?.username ?? (typeof body?.['username'] === 'string' ? body['username'] : null),
      actorName: principal ? (principal.displayName ?? principal.username) : null,
      tokenId: principal?.tokenId ?? null,
      ip: req.ip ?? null,
      action: operationId && pattern ? actionFromOperationId(operationId, pattern) : `${req.method} ${path}`,
      method: req.method,
      path,
      targetType: target?.type ?? null,
      targetId: target?.id ?? null,
      networkId:
        (typeof res.locals['auditNetworkId'] === 'string' ? res.locals['auditNetworkId'] : null) ?? (await this.networkOf(params, target)),
      statusCode: status,
      result: status < 400 ? 'success' : 'failure',
      errorCode: status >= 400 && typeof answer?.code === 'string' ? answer.code : null,
      correlationId: correlationIdOf(req),
      details: detailsOf(req, body),
    });
  }

  private async networkOf(params: Record<string, string>, target: { type: string; id: string } | null): Promise<string | null> {
    const id = params['networkId'];
    if (id && UUID_RE.test(id)) return id;
    if (target?.type === 'network' && UUID_RE.test(target.id)) return target.id;
    const taskId = params['taskId'] ?? (target?.type === 'task' ? target.id : undefined);
    if (taskId) return (await this.tasks.owner(taskId))?.networkId ?? null;
    return null;
  }
}
