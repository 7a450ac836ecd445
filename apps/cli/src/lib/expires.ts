import { UsageError } from './errors';

const UNIT_MS: Record<string, number> = {
  h: 3600_000,
  d: 86400_000,
  w: 7 * 86400_000,
  m: 30 * 86400_000,
  y: 365 * 86400_000,
};

/**
 * `--expires` for tokens: a span from now (`12h`, `30d`, `6w`, `3m`, `1y`)
 * or a date/time (`2026-01-31`, `2026-01-31T12:00:00Z`). Answers an ISO string.
 */
export function parseExpires(input: string, now: Date): string {
  const text = input.trim();
  const span = /^(\d+)\s*([hdwmy])$/i.exec(text);
  let at: Date;
  if (span) {
    const n = Number(span[1]);
    if (n <= 0) throw new UsageError(`--expires: "${input}" must be longer than zero`);
    at = new Date(now.getTime() + n * UNIT_MS[span[2].toLowerCase()]);
  } else if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    // A bare date means the end of that day in UTC, so "expires 2026-01-31" includes the 31st.
    at = new Date(text.length === 10 ? `${text}T23:59:59Z` : text.replace(' ', 'T'));
  } else {
    throw new UsageError(`--expires: "${input}" is neither a span (12h, 30d, 6w, 3m, 1y) nor a date (2026-01-31)`);
  }
  if (Number.isNaN(at.getTime())) throw new UsageError(`--expires: "${input}" is not a valid date`);
  if (at.getTime() <= now.getTime()) throw new UsageError(`--expires: ${at.toISOString()} is in the past`);
  return at.toISOString();
}
