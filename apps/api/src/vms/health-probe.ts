import { Injectable } from '@nestjs/common';
import { GuestChannel, type Pong } from '../services/guest/guest-channel';

export type { Pong } from '../services/guest/guest-channel';

/**
 * One `PING <nonce>` over the VM's health channel (a unix socket libvirt binds
 * for the virtio-serial port `org.clan.health.0`, the VM controller's health
 * port), through the VM's GuestChannel. Controller requests go to the control
 * port beside it, so a long one (a backup) does not delay the ping; only an
 * older controller without a control port takes requests here, in turn.
 * Resolves with the guest's `PONG <nonce> <machine> <generation>`, or null
 * when nothing (valid) came back within `timeoutMs` or the socket is not there yet.
 */
export function pingOnce(socketPath: string, timeoutMs: number): Promise<Pong | null> {
  return GuestChannel.for(socketPath).ping(timeoutMs);
}

export type HealthOutcome = { healthy: true; afterMs: number } | { healthy: false; reason: string };

/**
 * Probes until the guest answers for the expected machine and generation, or
 * the deadline passes. A PONG from another generation does not count (the old
 * system may still be answering while the new one boots).
 */
export async function waitHealthy(
  socketPath: string,
  expect: Pong,
  opts: { deadlineMs: number; signal: AbortSignal; intervalMs?: number; onAttempt?: (n: number, reply: Pong | null) => void },
): Promise<HealthOutcome> {
  const started = Date.now();
  const interval = opts.intervalMs ?? 1000;
  let attempts = 0;
  let last: Pong | null = null;
  while (Date.now() - started < opts.deadlineMs) {
    opts.signal.throwIfAborted();
    attempts++;
    const left = opts.deadlineMs - (Date.now() - started);
    const reply = await pingOnce(socketPath, Math.max(100, Math.min(3000, left)));
    opts.onAttempt?.(attempts, reply);
    if (reply && reply.machine === expect.machine && reply.generation === expect.generation) {
      return { healthy: true, afterMs: Date.now() - started };
    }
    if (reply) last = reply;
    await new Promise((r) => setTimeout(r, Math.min(interval, Math.max(0, opts.deadlineMs - (Date.now() - started)))));
  }
  return {
    healthy: false,
    reason: last
      ? `the guest answered as ${last.machine} generation ${last.generation}, not generation ${expect.generation}`
      : `no answer on the health channel within ${Math.round(opts.deadlineMs / 1000)} s (${attempts} probes)`,
  };
}

/** The health channel as an injectable (faked in the deploy decision tests). */
@Injectable()
export class HealthProbe {
  wait(
    socketPath: string,
    expect: Pong,
    opts: { deadlineMs: number; signal: AbortSignal; onAttempt?: (n: number, reply: Pong | null) => void },
  ): Promise<HealthOutcome> {
    return waitHealthy(socketPath, expect, opts);
  }
}
