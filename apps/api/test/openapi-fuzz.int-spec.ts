import fc from 'fast-check';
import { pathValues } from './fixtures/access';
import { bodyCases, percentEncode, pathCases, queryCases, seedFor, summarise } from './fixtures/fuzz';
import { fillPath, type OpenApiDocument, type Operation, operationsOf, resolve, sampleBody } from './fixtures/openapi';
import { createWorld, type World } from './fixtures/world';
import { type ApiResponse, startTestPanel, TestClient, type TestPanel } from './harness';
import { fuzzSettings } from './test-config';

/**
 * Fuzzes every operation in the live OpenAPI document with generated bad
 * input (fixtures/fuzz.ts): bodies, path parameters and query strings full of
 * wrong types, nulls, deep nesting, control characters, edge numbers, huge
 * and odd-unicode strings and polluting keys. As the host admin (so access
 * never hides a validation bug, with the world's real ids in the path) and
 * anonymously. Whatever comes in, no answer is a 5xx, and a 400 is
 * VALIDATION_FAILED naming a field or the limit it broke.
 *
 * Seeded and bounded: CLAN_FUZZ_SEED replays a run (the seed is printed),
 * CLAN_FUZZ_OPS="POST /api/networks" narrows it to operations whose label
 * contains the text. Nothing is excluded: operations that start work on
 * success (builds, VM power actions, backup runs, mesh apply) get their
 * query-string cases bounded (QUERY_RUNS_NO_PARAMS) since those cases leave
 * the path valid, and the panel runs with CLAN_AUTO_DEPLOY=false on
 * libvirt's test:///default, as in every integration test.
 */

const { seed: SEED, only: ONLY } = fuzzSettings();

/** Cases per operation and kind, as the host admin. */
const BODY_RUNS = 20;
const PATH_RUNS = 5;
const QUERY_RUNS = 6;
/** Query cases on an operation that declares no query parameter: the path stays valid, so a write would go through each time. */
const QUERY_RUNS_NO_PARAMS = 1;
/** Anonymously: public operations get the full runs; others must refuse before reading input, so a few cases show it. */
const ANONYMOUS_RUNS = 3;

interface Failure {
  op: string;
  as: string;
  input: string;
  status: number;
  body: string;
}

describe('OpenAPI fuzz (every operation × generated bad input, as host admin and anonymously)', () => {
  let t: TestPanel;
  let ops: Operation[];
  let world: World;
  let requests = 0;
  let rebuilds = 0;
  const failures: Failure[] = [];
  const statuses = new Map<number, number>();
  const elapsed = new Map<string, number>();

  beforeAll(async () => {
    t = await startTestPanel();
    const res = await new TestClient(t.baseUrl).get<OpenApiDocument>('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    ops = operationsOf(doc)
      .filter((op) => !ONLY || op.label.includes(ONLY))
      // Query parameters may be $refs (enums): the edge values need the schema itself.
      .map((op) => ({ ...op, queryParams: op.queryParams.map((q) => ({ ...q, schema: q.schema && resolve(doc, q.schema) })) }));
    world = await createWorld(t);
    console.log(`openapi fuzz: seed ${SEED} (replay with CLAN_FUZZ_SEED=${SEED})`);
  });
  afterAll(async () => {
    await t?.close();
    // Closing waits for whatever the accepted cases queued (backups, notifications): give it room.
  }, 180_000);

  /** Writes that may have removed or changed the fixtures the next case's path points at. */
  function mayHaveChangedFixtures(op: Operation, res: ApiResponse): boolean {
    if (op.method === 'GET' || res.status >= 300) return false;
    // Deletes; a configuration replaced or reverted (the fixture machine may be gone); the host admin's tokens revoked.
    // (A rebuild costs seconds: sign-out, TOTP and the like leave the bearer token working.)
    return op.method === 'DELETE' || /\/config\/(raw|revert)$|\/tokens\/revoke-all$|\/auth\/password$/.test(op.path);
  }

  async function send(
    op: Operation,
    as: 'host admin' | 'anonymous',
    input: { path?: Record<string, string>; query?: string; body?: string },
    how: string,
    fields: string[],
    baseline: string[] = [],
  ): Promise<ApiResponse | undefined> {
    const client = new TestClient(t.baseUrl);
    if (as === 'host admin') client.bearer = world.principals.hostAdmin.token;
    const valid = pathValues(world, as === 'host admin' ? 'hostAdmin' : 'anonymous', 'a');
    // fillPath encodes values; the hostile ones arrive already encoded (raw bytes such as %FF must stay as they are).
    let path = fillPath(op.path, valid);
    for (const [name, encoded] of Object.entries(input.path ?? {})) {
      path = fillPath(op.path, { ...valid, [name]: `\u0000${name}` }).replace(percentEncode(`\u0000${name}`), encoded);
    }
    path += input.query ?? '';
    // Path and query cases carry a valid body, so a 400 can only be about what they spoiled.
    const body = input.body ?? (op.body ? JSON.stringify(sampleBody(op.body, 'all')) : undefined);
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    let res: ApiResponse | undefined;
    let error: unknown;
    // One retry on a connection failure: undici may reuse a keep-alive socket the server is just closing.
    for (let attempt = 0; attempt < 2 && !res; attempt++) {
      try {
        res = await client.request(op.method, path, body, headers);
      } catch (err) {
        error = err;
      }
    }
    if (!res) {
      const cause = (error as { cause?: unknown }).cause;
      failures.push({
        op: op.label,
        as,
        input: `${how}: ${summarise(path)}`,
        status: 0,
        body: `no answer: ${String(error)}${cause ? ` (${String(cause)})` : ''}`,
      });
      return undefined;
    }
    requests++;
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const problem = judge(res, fields, baseline) ?? (how.startsWith('polluting key') ? echoed(res) : null);
    if (problem) {
      failures.push({
        op: op.label,
        as,
        input: `${how}: ${summarise(path, 200)}${body !== undefined ? ` body ${summarise(body)}` : ''}`,
        status: res.status,
        body: `${problem}: ${summarise(JSON.stringify(res.body) ?? '', 300)}`,
      });
    }
    if (as === 'host admin' && mayHaveChangedFixtures(op, res)) {
      world = await createWorld(t);
      rebuilds++;
    }
    return res;
  }

  async function fuzz(op: Operation, as: 'host admin' | 'anonymous', runs: { body: number; path: number; query: number }): Promise<void> {
    const seed = seedFor(SEED, `${as} ${op.label}`);
    // The sample body may break a business rule (an s3 kind with a local path, a repository of another network):
    // a case whose spoiled value passed validation then gets that same 400, which is not a naming fault.
    let baseline: string[] = [];
    // (Not for DELETEs: the unspoiled request would delete the fixture.)
    if (op.body || op.method === 'POST') {
      const res = await send(op, as, {}, 'the unspoiled request', []);
      baseline = res?.status === 400 ? namedFields(res) : [];
    }
    if (op.body) {
      for (const c of fc.sample(bodyCases(op.body), { seed, numRuns: runs.body })) {
        await send(op, as, { body: c.text }, c.how, c.field ? [c.field] : [], baseline);
      }
    }
    if (op.pathParams.length) {
      for (const c of fc.sample(pathCases(op), { seed: seed + 1, numRuns: runs.path })) {
        await send(op, as, { path: c.values }, c.how, [c.field, 'path'], baseline);
      }
    }
    const queryRuns = op.queryParams.length || op.method === 'GET' ? runs.query : Math.min(runs.query, QUERY_RUNS_NO_PARAMS);
    for (const c of fc.sample(queryCases(op), { seed: seed + 2, numRuns: queryRuns })) {
      // Names the route does not declare are ignored (or refused) by the route: only declared ones must be the 400's subject.
      const declared = c.fields.filter((f) => op.queryParams.some((q) => q.name === f));
      await send(op, as, { query: c.query }, c.how, declared.length === c.fields.length ? declared : [], baseline);
    }
  }

  function report(as: string): string {
    const mine = failures.filter((f) => f.as === as);
    const lines = mine.slice(0, 60).map((f) => `- ${f.op} as ${f.as}\n    input: ${f.input}\n    got ${f.status}: ${f.body}`);
    if (mine.length > 60) lines.push(`… and ${mine.length - 60} more`);
    return `${mine.length} bad answers (seed ${SEED}, replay with CLAN_FUZZ_SEED=${SEED}):\n${lines.join('\n')}`;
  }

  it('finds the operations to fuzz', () => {
    expect(ops.length).toBeGreaterThan(ONLY ? 0 : 100);
  });

  it('as the host admin: no 5xx, and every 400 names a field or the limit', async () => {
    const before = requests;
    for (const op of ops) {
      const started = Date.now();
      await fuzz(op, 'host admin', { body: BODY_RUNS, path: PATH_RUNS, query: QUERY_RUNS });
      elapsed.set(op.label, Date.now() - started);
    }
    const slowest = [...elapsed]
      .sort(([, a], [, b]) => b - a)
      .slice(0, 5)
      .map(([label, ms]) => `${label} ${(ms / 1000).toFixed(1)} s`);
    console.log(`openapi fuzz: slowest operations as host admin: ${slowest.join('; ')}`);
    console.log(`openapi fuzz as host admin: ${requests - before} requests over ${ops.length} operations, ${rebuilds} fixture rebuilds`);
    expect(failures.filter((f) => f.as === 'host admin').length === 0 ? 'none' : report('host admin')).toBe('none');
  }, 900_000);

  it('anonymously: no 5xx, and every 400 names a field or the limit', async () => {
    const before = requests;
    for (const op of ops) {
      const runs = op.access?.scope === 'public' ? BODY_RUNS : ANONYMOUS_RUNS;
      await fuzz(op, 'anonymous', { body: runs, path: Math.min(runs, PATH_RUNS), query: Math.min(runs, QUERY_RUNS) });
    }
    console.log(`openapi fuzz anonymously: ${requests - before} requests over ${ops.length} operations`);
    expect(failures.filter((f) => f.as === 'anonymous').length === 0 ? 'none' : report('anonymous')).toBe('none');
  }, 600_000);

  it('reports the count', () => {
    const fivexx = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    const byStatus = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, c]) => `${s}×${c}`)
      .join(' ');
    console.log(`openapi fuzz: ${requests} requests, ${fivexx} × 5xx (${byStatus})`);
    expect(requests).toBeGreaterThan(0);
  });
});

function namedFields(res: ApiResponse): string[] {
  const body = res.body as { fields?: { field?: unknown }[] } | undefined;
  return (body?.fields ?? []).filter((f) => typeof f.field === 'string' && f.field.length > 0).map((f) => f.field as string);
}

/** A polluting key may be dropped or refused, never taken: nothing of it comes back. */
function echoed(res: ApiResponse): string | null {
  return JSON.stringify(res.body ?? '').includes('polluted') ? 'the answer carries the polluting key’s content' : null;
}

/**
 * What is wrong with an answer, or null: a 5xx, a 400 that is not
 * VALIDATION_FAILED naming a field (one of `fields`, the inputs the case
 * spoiled, unless it names only what the unspoiled `baseline` request was
 * refused for), a 413 without its limit.
 */
function judge(res: ApiResponse, fields: string[], baseline: string[]): string | null {
  if (res.status >= 500) return 'server error';
  if (res.status === 0 || res.status < 100) return 'no answer';
  const body = res.body as { code?: string; message?: string; fields?: { field?: unknown; message?: unknown }[] } | undefined;
  if (res.status === 413) {
    return body?.code === 'PAYLOAD_TOO_LARGE' && /\d/.test(body.message ?? '') ? null : 'a 413 must be PAYLOAD_TOO_LARGE naming the limit';
  }
  if (res.status !== 400) return null;
  if (body?.code !== 'VALIDATION_FAILED') return 'a 400 must be VALIDATION_FAILED';
  const named = namedFields(res);
  const namesLimit = /\blimit\b|at most|deeper|too (large|long|deep)/i.test(body.message ?? '');
  if (named.length === 0 && !namesLimit) return 'a 400 must name a field (fields[].field) or the limit';
  // The case spoiled these inputs: the 400 must point at one of them (or say which limit the request broke).
  const points = (w: string) =>
    named.some((f) => f === w || f.startsWith(`${w}.`) || f.startsWith(`${w}[`)) || (w.length > 1 && (body.message ?? '').includes(w));
  const asBaseline = baseline.length > 0 && named.every((f) => baseline.includes(f));
  if (fields.length && !namesLimit && !asBaseline && !fields.some(points))
    return `the 400 names ${named.join(', ')}, not ${fields.join(' or ')}`;
  return null;
}
