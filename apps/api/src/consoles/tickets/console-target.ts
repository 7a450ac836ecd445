import { Privilege } from '@clan/contracts';
import { NAME_PATTERN } from '@clan/nix-schema';

/**
 * What a console WebSocket attaches to. The same target is written into the
 * ticket and named again in the WebSocket URL (`target=`), so a ticket for one
 * console never opens another.
 */
export type ConsoleTarget =
  | { kind: 'serial'; networkId: string; machine: string }
  | { kind: 'vnc'; networkId: string; machine: string }
  /** A shell on the host; `sessionId` null starts a new one, otherwise joins that session. */
  | { kind: 'host'; sessionId: string | null };

export type ConsoleKind = ConsoleTarget['kind'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `serial:<networkId>/<machine>`, `vnc:<networkId>/<machine>`, `host:new` or `host:<sessionId>`. */
export function targetKey(t: ConsoleTarget): string {
  if (t.kind === 'host') return `host:${t.sessionId ?? 'new'}`;
  return `${t.kind}:${t.networkId}/${t.machine}`;
}

export function parseTargetKey(key: string | null | undefined): ConsoleTarget | null {
  if (!key || key.length > 200) return null;
  const host = /^host:(new|[0-9a-f-]{36})$/.exec(key);
  if (host) {
    const id = host[1];
    if (id === 'new') return { kind: 'host', sessionId: null };
    return UUID.test(id) ? { kind: 'host', sessionId: id } : null;
  }
  const m = /^(serial|vnc):([0-9a-f-]{36})\/(.+)$/.exec(key);
  if (!m || !UUID.test(m[2]) || !NAME_PATTERN.test(m[3])) return null;
  return { kind: m[1] as 'serial' | 'vnc', networkId: m[2], machine: m[3] };
}

/** The privilege a target needs, at issue time and again at the handshake. */
export function privilegeFor(t: ConsoleTarget): Privilege {
  return t.kind === 'host' ? Privilege.SysTerminal : Privilege.MachineConsole;
}

/** The network whose role decides access; null for the host. */
export function networkOf(t: ConsoleTarget): string | null {
  return t.kind === 'host' ? null : t.networkId;
}
