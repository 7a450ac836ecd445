import { Injectable } from '@nestjs/common';
import { GuestChannel, type GuestVerb } from './guest-channel';
import { GuestTokens } from './guest-tokens';

/** What FACTS answers (docs/vm-controller.md). */
export interface GuestFacts {
  machine: string;
  generation: number;
  uptimeSeconds: number;
  stateDisk: { mount: string; sizeBytes: number; usedBytes: number };
  failedUnits: string[];
}

/** A machine's controller as one adapter: its channel (by socket path) plus its token. */
@Injectable()
export class Guests {
  constructor(private readonly tokens: GuestTokens) {}

  channel(socketPath: string): GuestChannel {
    return GuestChannel.for(socketPath);
  }

  request<T = unknown>(
    target: { networkId: string; machine: string; socketPath: string },
    verb: GuestVerb,
    args: string[] = [],
    opts: { onLog?: (text: string) => void; signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<T> {
    return this.channel(target.socketPath).request<T>(verb, args, {
      ...opts,
      token: this.tokens.tokenFor(target.networkId, target.machine),
    });
  }

  facts(target: { networkId: string; machine: string; socketPath: string }, timeoutMs = 10_000): Promise<GuestFacts> {
    return this.request<GuestFacts>(target, 'FACTS', [], { timeoutMs });
  }
}
