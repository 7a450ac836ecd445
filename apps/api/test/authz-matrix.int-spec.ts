import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_PRIVILEGES, NETWORK_ROLES, NetworkRole, Privilege, roleHasPrivilege } from '@clan/contracts';
import { expectedAccess, GUARD_REFUSALS, isAccessRefusal, pathValues, type Target, targetsOf } from './fixtures/access';
import { fillPath, type OpenApiDocument, type Operation, operationsOf, sampleBody, sampleValue } from './fixtures/openapi';
import { createWorld, PRINCIPALS, type PrincipalName, type World } from './fixtures/world';
import { type ApiResponse, startTestPanel, TestClient, type TestPanel } from './harness';

/**
 * Walks the live OpenAPI document: every operation × every principal ×
 * (own network A, foreign network B). What each principal may do is derived
 * from the operation's `x-clan-access` and ROLE_PRIVILEGES, never listed per
 * route, so routes added later are covered without touching this file.
 */
describe('authz matrix (every route in /api/openapi.json)', () => {
  let t: TestPanel;
  let ops: Operation[];
  let world: World;

  beforeAll(async () => {
    t = await startTestPanel();
    const res = await new TestClient(t.baseUrl).get<OpenApiDocument>('/api/openapi.json');
    expect(res.status).toBe(200);
    ops = operationsOf(res.body);
    world = await createWorld(t);
  });
  afterAll(async () => {
    await t?.close();
    // Closing waits for the queues the walk filled (backups, notifications): give it room.
  }, 180_000);

  function clientFor(principal: PrincipalName): TestClient {
    const client = new TestClient(t.baseUrl);
    if (principal !== 'anonymous') client.bearer = world.principals[principal].token;
    return client;
  }

  function send(op: Operation, principal: PrincipalName, target: Target): Promise<ApiResponse> {
    const query = new URLSearchParams();
    for (const p of op.queryParams) if (p.required && p.schema) query.set(p.name, String(sampleValue(p.schema)));
    const path = fillPath(op.path, pathValues(world, principal, target)) + (query.size ? `?${query}` : '');
    return clientFor(principal).request(op.method, path, op.body ? sampleBody(op.body, 'required') : undefined);
  }

  it('finds an x-clan-access rule on every operation, naming a real privilege and resource', () => {
    const problems: string[] = [];
    for (const op of ops) {
      const a = op.access;
      if (!a) problems.push(`${op.label}: no x-clan-access`);
      else if (!['public', 'authenticated', 'host', 'network'].includes(a.scope)) problems.push(`${op.label}: unknown scope ${a.scope}`);
      else if ((a.scope === 'host' || a.scope === 'network') && !ALL_PRIVILEGES.includes(a.privilege as Privilege))
        problems.push(`${op.label}: ${a.scope} scope without a known privilege (${a.privilege})`);
      else if (a.scope === 'network' && !op.pathParams.includes(a.resource === 'task' ? 'taskId' : 'networkId'))
        problems.push(`${op.label}: network scope on resource ${a.resource} but no matching path parameter`);
    }
    expect(problems).toEqual([]);
    expect(ops.map((o) => o.label)).toEqual(
      expect.arrayContaining([
        'GET /api/networks',
        'POST /api/networks',
        'GET /api/networks/{networkId}',
        'PATCH /api/networks/{networkId}',
        'DELETE /api/networks/{networkId}',
        'GET /api/networks/{networkId}/members',
        'POST /api/networks/{networkId}/members',
        'PATCH /api/networks/{networkId}/members/{userId}',
        'DELETE /api/networks/{networkId}/members/{userId}',
      ]),
    );
  });

  it('covers every route: each principal gets exactly what its role grants, the foreign network is 403, never a 500', async () => {
    const failures: string[] = [];
    let cases = 0;
    for (const op of ops) {
      const access = op.access;
      if (!access) continue; // reported by the test above
      for (const principal of PRINCIPALS) {
        for (const target of targetsOf(op)) {
          const expected = expectedAccess(access, principal, target);
          const res = await send(op, principal, target);
          cases++;
          const problem = judge(op, expected, res);
          if (problem) {
            const body = res.body as { code?: string; message?: string } | undefined;
            failures.push(
              `${op.label} as ${principal} on network ${target.toUpperCase()}: ${problem} (got ${res.status} ${body?.code ?? ''} ${body?.message ?? ''})`,
            );
          }
          // A write that went through may have deleted or changed fixtures the next case relies on.
          if (op.method !== 'GET' && res.status < 300) world = await createWorld(t);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(ops.length * PRINCIPALS.length);
    // Thousands of real requests (every route × principal × network): give it room on a loaded 2-core machine.
  }, 900_000);

  it('a member of network A gets 403 on network B, whatever their role in A', async () => {
    const b = world.b;
    for (const principal of ['viewer', 'member', 'admin', 'owner'] as const) {
      const client = clientFor(principal);
      const attempts = [
        await client.get(`/api/networks/${b.network.id}`),
        await client.get(`/api/networks/${b.network.id}/members`),
        await client.patch(`/api/networks/${b.network.id}`, { description: 'taken over' }),
        await client.delete(`/api/networks/${b.network.id}`),
        await client.post(`/api/networks/${b.network.id}/members`, {
          username: world.principals[principal].user.username,
          role: NetworkRole.Viewer,
        }),
        await client.patch(`/api/networks/${b.network.id}/members/${b.memberUser.id}`, { role: NetworkRole.Viewer }),
        await client.delete(`/api/networks/${b.network.id}/members/${b.memberUser.id}`),
      ];
      for (const res of attempts) {
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      const listed = await client.get('/api/networks');
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((n: { id: string }) => n.id)).toEqual([world.a.network.id]);
    }
    // Network B is untouched.
    const seen = await clientFor('hostAdmin').get(`/api/networks/${b.network.id}/members`);
    expect(seen.body.total).toBe(2);
  });
});

describe('docs/permissions.md', () => {
  it('shows the same role → privilege table as ROLE_PRIVILEGES', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/permissions.md'), 'utf8');
    const table: Record<string, boolean[]> = {};
    for (const m of doc.matchAll(/^\|\s*`([\w.]+)`\s*\|[^|]*\|(.*)\|\s*$/gm)) {
      table[m[1]] = m[2].split('|').map((cell) => cell.trim() === '✓');
    }
    const expected = Object.fromEntries(ALL_PRIVILEGES.map((p) => [p, [...NETWORK_ROLES.map((role) => roleHasPrivilege(role, p)), true]]));
    expect(table).toEqual(expected);
  });
});

/**
 * Reads of what runs inside a VM: the fixture machines have no VM, so an
 * allowed read answers 409 with a sentence ("not running") instead of 200.
 */
const NEEDS_RUNNING_VM = new Set(['GET /api/networks/{networkId}/machines/{machine}/guest']);

/** Returns what is wrong with `res` given the expectation, or null. */
function judge(op: Operation, expected: ReturnType<typeof expectedAccess>, res: ApiResponse): string | null {
  if (res.status >= 500) return 'server error';
  const body = res.body as { code?: string; message?: string } | undefined;
  switch (expected) {
    case 'public':
      return isAccessRefusal(res) ? 'a public route refused access' : null;
    case 'unauthenticated':
      return res.status === 401 && body?.code === 'UNAUTHENTICATED' ? null : 'expected 401 UNAUTHENTICATED';
    case 'forbidden':
      if (res.status !== 403 || body?.code !== 'FORBIDDEN') return 'expected 403 FORBIDDEN';
      return GUARD_REFUSALS.some((re) => re.test(body.message ?? ''))
        ? null
        : 'expected the access guard to refuse, but the refusal came from elsewhere';
    case 'allowed':
      if (isAccessRefusal(res)) return 'expected the access check to pass';
      // With the fixtures in place an allowed read must find what it asks for.
      if (NEEDS_RUNNING_VM.has(`${op.method} ${op.path}`))
        return res.status === 200 || body?.code === 'CONFLICT' ? null : 'expected 200, or 409 without a running VM';
      if (op.method === 'GET' && res.status >= 300) return 'expected an allowed read to succeed';
      return null;
  }
}
