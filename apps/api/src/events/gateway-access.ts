import { Injectable, type OnApplicationBootstrap, SetMetadata } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import type { AccessMetadata } from '../common/authz/access.decorator';

export const GATEWAY_ACCESS_METADATA = 'clan:gateway-access';
/** Set by @WebSocketGateway (not exported from @nestjs/websockets' entry point). */
const NEST_GATEWAY_METADATA = 'websockets:is_gateway';

export interface MessageAccess extends AccessMetadata {
  /** How the rule is applied when it is more than a yes/no. */
  note?: string;
}

/**
 * A gateway's access declaration: what the handshake needs and what each
 * client message needs. The gateway enforces these very objects, so the
 * declaration cannot drift from the behaviour.
 */
export interface GatewayAccessRules {
  connect: MessageAccess;
  messages: Record<string, MessageAccess>;
}

/** The WebSocket counterpart of @Authenticated/@NetworkAccess on controllers. */
export const GatewayAccess = (rules: GatewayAccessRules): ClassDecorator => SetMetadata(GATEWAY_ACCESS_METADATA, rules);

/** Fails start-up when a WebSocket gateway declares no access rules (as AccessAuditor does for routes). */
@Injectable()
export class GatewayAccessAuditor implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const missing = this.discovery
      .getProviders()
      .filter((w) => w.metatype && typeof w.metatype === 'function' && this.reflector.get(NEST_GATEWAY_METADATA, w.metatype))
      .filter((w) => !this.reflector.get(GATEWAY_ACCESS_METADATA, w.metatype as NonNullable<typeof w.metatype>))
      .map((w) => w.name);
    if (missing.length) throw new Error(`These WebSocket gateways declare no @GatewayAccess rules: ${missing.join(', ')}`);
  }
}
