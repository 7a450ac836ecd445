import { Injectable } from '@nestjs/common';
import { GuestChannel, GuestRefusedError, type GuestVerb } from './guest-channel';
import { type GuestCheck, isUnknownCheck, parseGuestChecks } from './guest-checks';
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

  /**
   * Runs the machine's app checks (CHECK): each with its outcome, [] for a
   * machine that declares none, null for a controller from before CHECK
   * (it answers "Unknown request"). Each check may take up to 60 s in the
   * guest, so the default wait is long.
   */
  async checks(
    target: { networkId: string; machine: string; socketPath: string },
    opts: { onLog?: (text: string) => void; signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<GuestCheck[] | null> {
    try {
      return parseGuestChecks(await this.request<unknown>(target, 'CHECK', [], { timeoutMs: 10 * 60_000, ...opts }));
    } catch (err) {
      if (err instanceof GuestRefusedError && isUnknownCheck(err.message)) return null;
      throw err;
    }
  }
}
