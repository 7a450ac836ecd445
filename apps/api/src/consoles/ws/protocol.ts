import type { ConsoleClientMessage } from '@clan/contracts';

/** Parses a text frame from a console client; null for anything that is not a known control message. */
export function parseClientMessage(text: string): ConsoleClientMessage | null {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null) return null;
  const o = m as Record<string, unknown>;
  if (o['type'] === 'ping') return { type: 'ping' };
  if (o['type'] === 'input' && typeof o['data'] === 'string') return { type: 'input', data: o['data'] };
  if (o['type'] === 'resize') {
    const cols = o['cols'];
    const rows = o['rows'];
    if (typeof cols === 'number' && typeof rows === 'number' && Number.isFinite(cols) && Number.isFinite(rows) && cols >= 1 && rows >= 1) {
      return { type: 'resize', cols, rows };
    }
  }
  return null;
}
