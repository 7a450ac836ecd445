/**
 * Pure helpers that turn a finished request into the words of an audit entry.
 * Kept free of Nest/Express so they are unit-tested directly.
 */

/** Keys whose values never reach the audit log. */
export const SECRET_KEY = /pass|secret|token|code|key/i;
const MAX_STRING = 500;
const MAX_ITEMS = 50;
const MAX_DEPTH = 5;

/** Drops secret-looking keys at any depth and bounds the size of what is kept. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => redact(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>).slice(0, MAX_ITEMS)) {
      if (!SECRET_KEY.test(k)) out[k] = redact(v, depth + 1);
    }
    return out;
  }
  return undefined;
}

/**
 * `addNetworkMember` → `network.member.add`, `runHostDiagnostics` →
 * `host.diagnostics.run`: the nouns, then the verb. A bare verb (`login`)
 * takes the route's first segment as its noun (`auth.login`).
 */
export function actionFromOperationId(operationId: string, pattern: string): string {
  const words = operationId
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  if (words.length === 0) return operationId;
  const [verb, ...nouns] = words;
  if (nouns.length === 0) {
    const first = staticSegments(pattern)[0];
    return first && first !== verb ? `${first}.${verb}` : verb;
  }
  return [...nouns, verb].join('.');
}

function segments(pattern: string): string[] {
  return pattern
    .replace(/^\/?api\/?/, '')
    .split('/')
    .filter(Boolean);
}

function staticSegments(pattern: string): string[] {
  return segments(pattern).filter((s) => !s.startsWith(':'));
}

export function singular(word: string): string {
  if (/ies$/.test(word)) return word.replace(/ies$/, 'y');
  if (/(ss|us|is)$/.test(word)) return word;
  return word.replace(/s$/, '');
}

/**
 * What the request acted on: the id it created (a 2xx answer with `taskId`
 * or `id`), else the last `:param` of the route, named after the collection
 * segment before it (`/networks/:networkId/members/:userId` → member).
 */
export function targetOf(
  pattern: string | null,
  params: Record<string, string>,
  status: number,
  body: unknown,
): { type: string; id: string } | null {
  const ok = status >= 200 && status < 300 && body !== null && typeof body === 'object';
  const b = (ok ? body : {}) as Record<string, unknown>;
  if (typeof b['taskId'] === 'string') return { type: 'task', id: b['taskId'] };
  if (!pattern) return null;
  const segs = segments(pattern);
  const last = segs[segs.length - 1];
  if (last && !last.startsWith(':') && typeof b['id'] === 'string') return { type: singular(last), id: b['id'] };
  for (let i = segs.length - 1; i >= 0; i--) {
    if (!segs[i].startsWith(':')) continue;
    // A link token is a credential (invites, password resets): never an audit target.
    if (segs[i] === ':token') continue;
    const value = params[segs[i].slice(1)];
    if (typeof value !== 'string') continue;
    const collection = i > 0 && !segs[i - 1].startsWith(':') ? singular(segs[i - 1]) : segs[i].slice(1).replace(/Id$/, '');
    return { type: collection, id: value };
  }
  return null;
}
