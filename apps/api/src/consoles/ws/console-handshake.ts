import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { AccessService } from '../../common/authz/access.service';
import type { Principal } from '../../common/authz/principal';
import { DomainError, HTTP_STATUS_BY_CODE } from '../../common/errors/domain-error';
import { originAllowed } from '../../events/ws-handshake';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { ConsoleTargets } from '../console-targets.service';
import { HostTerminals } from '../terminal/host-terminals.service';
import { type ConsoleTarget, networkOf, parseTargetKey } from '../tickets/console-target';
import { ConsoleTickets } from '../tickets/console-tickets.service';

export type ConsoleHandshakeResult =
  | { ok: true; principal: Principal; target: ConsoleTarget; since: number | null; privilege: string }
  | { ok: false; status: number; message: string };

const refuse = (status: number, message: string): ConsoleHandshakeResult => ({ ok: false, status, message });

/**
 * The console WebSocket's gate, run before the upgrade so every refusal is a
 * plain HTTP status with a reason: the Origin must be this panel, the ticket
 * must be fresh, unused and issued for the target the URL names, its user
 * must still hold the privilege (membership may have changed since it was
 * issued), and the target must be there.
 */
@Injectable()
export class ConsoleHandshake {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tickets: ConsoleTickets,
    private readonly access: AccessService,
    private readonly targets: ConsoleTargets,
    private readonly hostTerminals: HostTerminals,
  ) {}

  async check(req: IncomingMessage): Promise<ConsoleHandshakeResult> {
    if (!originAllowed(req.headers.origin, req.headers.host, this.config.origin)) {
      return refuse(403, 'Origin not allowed: open consoles from this panel.');
    }
    const url = new URL(req.url ?? '/', 'http://panel.invalid');
    const rawTarget = url.searchParams.get('target');
    const target = parseTargetKey(rawTarget);
    const sinceRaw = url.searchParams.get('since');
    const since = sinceRaw === null ? null : /^\d{1,15}$/.test(sinceRaw) ? Number(sinceRaw) : NaN;

    const outcome = await this.tickets.redeem(url.searchParams.get('ticket'), target ? rawTarget : null);
    if (!outcome.ok) return refuse(outcome.refusal.status, outcome.refusal.message);
    if (!target) return refuse(403, 'The console ticket was issued for another console.');
    if (Number.isNaN(since)) return refuse(400, 'since must be a byte offset (a whole number).');

    const { claims } = outcome;
    const principal = await this.access.principalForUserId(claims.userId, 'session');
    if (!principal) return refuse(401, 'The user this ticket was issued to no longer exists.');
    if (!(await this.access.can(principal, claims.privilege, networkOf(target)))) {
      return refuse(403, `You no longer have ${claims.privilege}${target.kind === 'host' ? ' on the host' : ' on this network'}.`);
    }
    try {
      if (target.kind === 'serial') await this.targets.requireMachine(target.networkId, target.machine);
      if (target.kind === 'vnc') {
        await this.targets.requireMachine(target.networkId, target.machine);
        await this.targets.requireDisplay(target.networkId, target.machine);
      }
      if (target.kind === 'host' && target.sessionId && !this.hostTerminals.has(target.sessionId)) {
        return refuse(404, 'No such terminal session: it ended, or it runs in another panel process.');
      }
    } catch (err) {
      if (err instanceof DomainError) return refuse(HTTP_STATUS_BY_CODE[err.code] ?? 400, err.message);
      throw err;
    }
    return { ok: true, principal, target, since, privilege: claims.privilege };
  }
}
