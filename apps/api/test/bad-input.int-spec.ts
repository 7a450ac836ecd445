import { pathValues } from './fixtures/access';
import {
  fillPath,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  sampleBody,
  type Schema,
  typeOf,
  wrongTypeValue,
} from './fixtures/openapi';
import { createWorld, type World } from './fixtures/world';
import { type ApiResponse, startTestPanel, TestClient, type TestPanel } from './harness';

/**
 * Throws bad input at every operation in the live OpenAPI document, as the
 * host admin (so access never hides a validation bug) with real fixtures in
 * the path. Every answer must be a 4xx, and a 400 must be VALIDATION_FAILED
 * naming the offending field.
 */
describe('bad input to any endpoint (every route in /api/openapi.json)', () => {
  let t: TestPanel;
  let ops: Operation[];
  let world: World;
  let failures: string[];

  beforeAll(async () => {
    t = await startTestPanel();
    const res = await new TestClient(t.baseUrl).get<OpenApiDocument>('/api/openapi.json');
    expect(res.status).toBe(200);
    ops = operationsOf(res.body);
    world = await createWorld(t);
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => {
    failures = [];
  });

  const withBody = () => ops.filter((op) => op.body && Object.keys(op.body.properties ?? {}).length > 0);

  async function send(op: Operation, body: unknown, params: Record<string, string> = {}, query = ''): Promise<ApiResponse> {
    const client = new TestClient(t.baseUrl);
    client.bearer = world.principals.hostAdmin.token;
    const path = fillPath(op.path, { ...pathValues(world, 'hostAdmin', 'a'), ...params }) + query;
    const res = await client.request(op.method, path, body);
    // Bad input must change nothing; if it slipped through, start the next case from clean fixtures.
    if (res.status < 300 && op.method !== 'GET') world = await createWorld(t);
    return res;
  }

  /** Records a failure unless `res` is a 4xx whose 400 names `field`. */
  function expectRejected(what: string, res: ApiResponse, field: string | string[] | null): void {
    const body = res.body as { code?: string; message?: string; fields?: { field: string; message: string }[] } | undefined;
    const got = `${res.status} ${body?.code ?? ''} ${body?.message ?? ''}`;
    if (res.status < 400 || res.status >= 500) return void failures.push(`${what}: expected a 4xx, got ${got}`);
    if (res.status !== 400 || field === null) return;
    if (body?.code !== 'VALIDATION_FAILED') return void failures.push(`${what}: a 400 must be VALIDATION_FAILED, got ${got}`);
    const wanted = Array.isArray(field) ? field : [field];
    const named = (f: string) =>
      (body.fields ?? []).some((x) => x.field === f || x.field.startsWith(`${f}.`) || x.field.startsWith(`${f}[`)) ||
      (body.message ?? '').includes(f);
    if (!wanted.some(named))
      failures.push(`${what}: the 400 does not name ${wanted.join(' or ')} (${JSON.stringify(body.fields ?? body.message)})`);
  }

  it('finds request bodies to test', () => {
    expect(withBody().map((op) => op.label)).toEqual(
      expect.arrayContaining(['POST /api/networks', 'PATCH /api/networks/{networkId}', 'POST /api/networks/{networkId}/members']),
    );
  });

  it('rejects a wrong type for each property with 400 naming it', async () => {
    for (const op of withBody()) {
      for (const [name, prop] of Object.entries(op.body?.properties ?? {})) {
        const body = { ...sampleBody(op.body as Schema, 'all'), [name]: wrongTypeValue(prop) };
        expectRejected(`${op.label} with ${name}=${JSON.stringify(body[name])} (${typeOf(prop)} expected)`, await send(op, body), name);
      }
    }
    expect(failures).toEqual([]);
  });

  it('rejects an unknown extra property with 400 naming it', async () => {
    for (const op of withBody()) {
      const body = { ...sampleBody(op.body as Schema, 'all'), unexpectedField: 'surprise' };
      expectRejected(`${op.label} with an extra property`, await send(op, body), 'unexpectedField');
    }
    expect(failures).toEqual([]);
  });

  it('rejects an empty body with 400 naming a required property (and never 500s when nothing is required)', async () => {
    for (const op of withBody()) {
      const required = op.body?.required ?? [];
      const res = await send(op, {});
      if (required.length) expectRejected(`${op.label} with an empty body`, res, required);
      else if (res.status >= 500) failures.push(`${op.label} with an empty body: got ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('rejects over-long strings with 400 naming the property', async () => {
    for (const op of withBody()) {
      for (const [name, prop] of Object.entries(op.body?.properties ?? {})) {
        if (typeOf(prop) !== 'string') continue;
        // One past the declared limit; a string without one gets 64 KiB, which no field should take unbounded.
        const length = prop.maxLength !== undefined ? prop.maxLength + 1 : 65_536;
        const body = { ...sampleBody(op.body as Schema, 'all'), [name]: 'a'.repeat(length) };
        expectRejected(`${op.label} with ${name} of ${length} characters`, await send(op, body), name);
      }
    }
    expect(failures).toEqual([]);
  });

  it('rejects a body that is not a JSON object', async () => {
    for (const op of withBody()) {
      expectRejected(`${op.label} with a JSON array body`, await send(op, [1, 2]), null);
      expectRejected(`${op.label} with malformed JSON`, await send(op, '{"broken'), null);
    }
    expect(failures).toEqual([]);
  });

  it('answers malformed path ids with a 4xx, never a 500', async () => {
    for (const op of ops) {
      for (const param of op.pathParams) {
        for (const bad of ['not-a-uuid', '1', 'x'.repeat(300), "1' OR '1'='1"]) {
          const body = op.body ? sampleBody(op.body, 'all') : undefined;
          expectRejected(`${op.label} with ${param}=${JSON.stringify(bad.slice(0, 20))}`, await send(op, body, { [param]: bad }), param);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers malformed query parameters with 400 naming them', async () => {
    for (const op of ops) {
      for (const q of op.queryParams) {
        const schema = q.schema ?? {};
        const type = typeOf(schema);
        // Free-text filters legitimately accept anything; typed ones (numbers, uuids, dates, enums) must not.
        const typed = type !== 'string' || schema.format !== undefined || schema.enum !== undefined;
        if (!typed) continue;
        const wrong = type === 'string' ? 'not-valid' : 'not-a-number';
        expectRejected(`${op.label} with ?${q.name}=${wrong}`, await send(op, undefined, {}, `?${q.name}=${wrong}`), q.name);
      }
    }
    expect(failures).toEqual([]);
  });

  describe('one guard for every route (nesting, unstorable characters, null, unknown ids, ranges)', () => {
    const hostAdmin = () => Object.assign(new TestClient(t.baseUrl), { bearer: world.principals.hostAdmin.token });
    const anonymous = () => new TestClient(t.baseUrl);
    const deepArrays = '['.repeat(20_000) + ']'.repeat(20_000);
    const deepObjects = '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000);
    type ErrorBody = { code?: string; message?: string; fields?: { field: string; message: string }[] };
    const fieldsOf = (res: ApiResponse) => ((res.body as ErrorBody).fields ?? []).map((f) => f.field);

    it('refuses deeply nested JSON with 400 naming the limit, on public and authenticated routes', async () => {
      const publicRoutes = ['/api/auth/login', '/api/setup', `/api/mesh/invites/${'x'.repeat(43)}/accept`, '/api/backups/check-in'];
      const signedIn = ['/api/networks', '/api/users', '/api/tokens', '/api/notification-targets', '/api/host/diagnostics'];
      for (const [client, routes] of [
        [anonymous(), publicRoutes],
        [hostAdmin(), signedIn],
      ] as const) {
        for (const path of routes) {
          for (const body of [deepArrays, deepObjects]) {
            const res = await client.request('POST', path, body);
            const b = res.body as ErrorBody;
            if (res.status !== 400 || b.code !== 'VALIDATION_FAILED' || !b.message?.includes('more than 32 levels deep'))
              failures.push(`POST ${path} with ${body.slice(0, 5)}…: ${res.status} ${JSON.stringify(b).slice(0, 200)}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it('refuses U+0000 in a body field, a property name, a query value and a path with 400 naming it', async () => {
      const net = world.a.network.id;
      const description = await hostAdmin().patch(`/api/networks/${net}`, { description: 'our\u0000network' });
      expect(description.status).toBe(400);
      expect(description.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(fieldsOf(description)).toEqual(['description']);
      expect(description.body.message).toContain('U+0000');

      const nested = await hostAdmin().post('/api/networks', { name: 'n', description: 'ok', extra: [{ 'k\u0000': 1 }] });
      expect(nested.status).toBe(400);
      expect(fieldsOf(nested)).toEqual(['extra[0].k\\u0000']);

      const query = await hostAdmin().get('/api/tasks?type=%00');
      expect(query.status).toBe(400);
      expect(fieldsOf(query)).toEqual(['type']);

      const path = await hostAdmin().get('/api/networks/%00/mesh');
      expect(path.status).toBe(400);
      expect(fieldsOf(path)).toEqual(['path']);

      const escape = await hostAdmin().patch(`/api/networks/${net}`, { description: 'red\u001b[31m' });
      expect(escape.status).toBe(400);
      expect(escape.body.message).toContain('U+001B');
      const multiLine = await hostAdmin().patch(`/api/networks/${net}`, { description: 'line one\n\tline two' });
      expect(multiLine.status).toBe(200);
    });

    it('refuses null where a field is optional but not nullable, and keeps nullable fields working', async () => {
      const net = world.a.network.id;
      const cases: [string, string, unknown, string[]][] = [
        ['PATCH', `/api/networks/${net}`, { description: null }, ['description']],
        ['PATCH', `/api/networks/${net}/backups/repositories/${world.a.backup.repositoryId}`, { name: null }, ['name']],
        [
          'POST',
          `/api/networks/${net}/mesh/invites`,
          { note: null, deviceName: null, expiresInHours: null },
          ['deviceName', 'expiresInHours', 'note'],
        ],
        ['POST', `/api/networks/${net}/person-invites`, { role: 'viewer', note: null, displayName: null }, ['displayName', 'note']],
      ];
      const target = await hostAdmin().post('/api/notification-targets', {
        name: 'guard',
        type: 'webhook',
        webhook: { url: 'http://127.0.0.1:9/x' },
      });
      expect(target.status).toBe(201);
      cases.push([
        'PATCH',
        `/api/notification-targets/${target.body.id}`,
        { name: null, enabled: null, webhook: { url: null } },
        ['enabled', 'name', 'webhook.url'],
      ]);
      for (const [method, path, body, fields] of cases) {
        const res = await hostAdmin().request(method, path, body);
        expect({ path, status: res.status, fields: fieldsOf(res).sort() }).toEqual({ path, status: 400, fields });
        expect((res.body as ErrorBody).message).toContain('must not be null');
      }
      // Declared nullable: null clears them.
      const cleared = await hostAdmin().patch(`/api/notification-targets/${target.body.id}`, {
        kinds: null,
        webhook: { signingSecret: null },
      });
      expect(cleared.status).toBe(200);
      const policy = await hostAdmin().patch(`/api/networks/${net}/backups/policies/${world.a.backup.policyId}`, { checkSchedule: null });
      expect(policy.status).toBe(200);
    });

    it('answers unknown networks on the mesh routes with 404, and out-of-range numbers with 400 naming them', async () => {
      const unknown = '6b1c3a52-0d5e-4f3b-9c1e-2a7d8e9f0a1b';
      for (const [method, path] of [
        ['GET', `/api/networks/${unknown}/mesh`],
        ['POST', `/api/networks/${unknown}/mesh/apply`],
      ]) {
        const res = await hostAdmin().request(method, path, method === 'POST' ? {} : undefined);
        expect({ path, status: res.status, code: (res.body as ErrorBody).code }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
        expect((res.body as ErrorBody).message).toMatch(/network was not found/);
      }
      const log = await hostAdmin().get(`/api/tasks/${world.a.task.id}/log?after=99999999999999999999`);
      expect(log.status).toBe(400);
      expect(fieldsOf(log)).toEqual(['after']);
      const ok = await hostAdmin().get(`/api/tasks/${world.a.task.id}/log?after=0`);
      expect(ok.status).toBe(200);
    });

    it('names the 1 MB limit when a body is too large', async () => {
      const res = await hostAdmin().request('POST', '/api/networks', JSON.stringify({ name: 'big', description: 'x'.repeat(1_100_000) }));
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      expect((res.body as ErrorBody).message).toContain('larger than 1 MB');
    });
  });
});
