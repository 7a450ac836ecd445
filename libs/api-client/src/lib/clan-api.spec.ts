import { ClanApi } from './clan-api';
import { ClanApiError, errorSentence, explainError, isSessionLost } from './errors';

interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Headers;
  body: unknown;
}

type Route = (seen: Seen) => Response | Promise<Response>;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A fake panel: `routes` keyed by "METHOD /path"; every request is recorded in `seen`. */
function fakePanel(routes: Record<string, Route>) {
  const seen: Seen[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = await request.text();
    const s: Seen = {
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    seen.push(s);
    const route = routes[`${s.method} ${s.path}`];
    return route ? route(s) : json(404, { code: 'NOT_FOUND', message: `no route ${s.method} ${s.path}`, correlationId: 'c-404' });
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

const NET = '11111111-1111-4111-8111-111111111111';

describe('ClanApi', () => {
  it('calls the route of a resource group with a bearer token and the page query', async () => {
    const panel = fakePanel({ 'GET /api/networks': () => json(200, { items: [{ id: NET, name: 'family' }], total: 1 }) });
    const api = new ClanApi({ baseUrl: 'http://panel:8080', token: 'clan_abc', fetch: panel.fetch });

    const page = await api.networks.list({ limit: 5, offset: 10 });

    expect(page.items.map((n) => n.name)).toEqual(['family']);
    expect(panel.seen[0].query).toEqual({ limit: '5', offset: '10' });
    expect(panel.seen[0].headers.get('authorization')).toBe('Bearer clan_abc');
    expect(api.baseUrl).toBe('http://panel:8080');
  });

  it('sends the CSRF token on writes only', async () => {
    const panel = fakePanel({
      'GET /api/tokens': () => json(200, { items: [], total: 0 }),
      'DELETE /api/tokens/t1': () => new Response(null, { status: 204 }),
    });
    const api = new ClanApi({ baseUrl: 'http://panel', csrfToken: () => 'csrf-1', fetch: panel.fetch });

    await api.tokens.list();
    await api.tokens.revoke('t1');

    expect(panel.seen.map((s) => [s.method, s.headers.get('x-csrf-token')])).toEqual([
      ['GET', null],
      ['DELETE', 'csrf-1'],
    ]);
    expect(panel.seen[1].headers.get('authorization')).toBeNull();
  });

  it('puts the write options in the body: a typed message, dryRun, and the base revision', async () => {
    const result = { revision: 'r2', files: [], dryRun: false };
    const panel = fakePanel({
      [`PUT /api/networks/${NET}/machines/anna`]: () => json(200, result),
      [`PUT /api/networks/${NET}/config/raw`]: () => json(200, result),
    });
    const api = new ClanApi({ baseUrl: 'http://panel', fetch: panel.fetch });

    await api.machines.put(NET, 'anna', { apps: [] }, { message: '  ', baseRevision: 'r1' });
    await api.config.putRaw(NET, '{}', { message: ' tidy ', dryRun: true });

    expect(panel.seen[0].body).toEqual({ config: { apps: [] }, dryRun: false, baseRevision: 'r1' });
    expect(panel.seen[1].body).toEqual({ content: '{}', message: 'tidy', dryRun: true });
  });

  it('puts the write options of a DELETE in the query, dryRun only when asked for', async () => {
    const panel = fakePanel({
      [`DELETE /api/networks/${NET}/machines/anna/overrides`]: () => json(200, { revision: 'r3', files: [] }),
      [`DELETE /api/networks/${NET}/machines/anna`]: () => json(200, { revision: null, files: [] }),
    });
    const api = new ClanApi({ baseUrl: 'http://panel', fetch: panel.fetch });

    await api.machines.revokeOverride(NET, 'anna', 'applications.syncthing', { message: 'back to the form' });
    await api.machines.delete(NET, 'anna', { dryRun: true });

    expect(panel.seen[0].query).toEqual({ path: 'applications.syncthing', message: 'back to the form' });
    expect(panel.seen[1].query).toEqual({ dryRun: 'true' });
  });

  it('throws ClanApiError with the API body, or a stand-in naming the status', async () => {
    const panel = fakePanel({
      [`GET /api/networks/${NET}`]: () => json(403, { code: 'FORBIDDEN', message: 'You are not a member of family.', correlationId: 'c1' }),
      'GET /api/tasks': () =>
        new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'x-correlation-id': 'c2' } }),
    });
    const api = new ClanApi({ baseUrl: 'http://panel', fetch: panel.fetch });

    const forbidden = await api.networks.get(NET).catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(ClanApiError);
    expect(forbidden).toMatchObject({ status: 403, code: 'FORBIDDEN', message: 'You are not a member of family.' });

    const failed = await api.tasks.list().catch((e: unknown) => e);
    expect(failed).toMatchObject({
      status: 502,
      body: { code: 'HTTP_502', message: 'The panel answered 502 Bad Gateway', correlationId: 'c2' },
    });
  });

  it('answers a degraded health (503) as data, other failures as errors', async () => {
    const degraded = { status: 'degraded', components: [] };
    const ok = new ClanApi({ baseUrl: 'http://panel', fetch: fakePanel({ 'GET /api/health': () => json(503, degraded) }).fetch });
    await expect(ok.health.get()).resolves.toEqual({ status: 503, body: degraded });

    const broken = new ClanApi({
      baseUrl: 'http://panel',
      fetch: fakePanel({ 'GET /api/health': () => json(500, { code: 'INTERNAL', message: 'boom', correlationId: 'c3' }) }).fetch,
    });
    await expect(broken.health.get()).rejects.toMatchObject({ status: 500, code: 'INTERNAL' });
  });

  it('reads a recording through the host or the network route, as text', async () => {
    const panel = fakePanel({
      'GET /api/host/recordings/r1/cast': () => new Response('{"version":2}\n', { status: 200 }),
      [`GET /api/networks/${NET}/recordings/r1/cast`]: () => new Response('{"version":2,"net":1}\n', { status: 200 }),
    });
    const api = new ClanApi({ baseUrl: 'http://panel', fetch: panel.fetch });

    await expect(api.recordings.cast({ recordingId: 'r1', networkId: null })).resolves.toBe('{"version":2}\n');
    await expect(api.recordings.cast({ recordingId: 'r1', networkId: NET })).resolves.toBe('{"version":2,"net":1}\n');
    expect(api.recordings.castUrl({ recordingId: 'r 1', networkId: null })).toBe('/api/host/recordings/r%201/cast');
  });

  it('follows a task by polling when no live subscription is given', async () => {
    let reads = 0;
    const task = (status: string) => ({ id: 't1', status, progress: status === 'succeeded' ? 100 : 50, message: null });
    const panel = fakePanel({
      'GET /api/tasks/t1': () => json(200, task(++reads < 3 ? 'running' : 'succeeded')),
      'GET /api/tasks/t1/log': (s) => {
        const after = s.query['after'] === undefined ? 0 : Number(s.query['after']);
        const lines = [1, 2, 3]
          .filter((seq) => seq > after && seq <= reads)
          .map((seq) => ({ seq, at: '2025-11-23T12:00:00Z', level: 'info', text: `line ${seq}` }));
        return json(200, { items: lines, total: lines.length });
      },
    });
    const api = new ClanApi({ baseUrl: 'http://panel', fetch: panel.fetch });
    const lines: string[] = [];

    const { task: done, mode } = await api.tasks.follow('t1', { sleep: async () => undefined, onLine: (l) => lines.push(l.text) });

    expect(mode).toBe('polling');
    expect(done.status).toBe('succeeded');
    expect(lines).toEqual(['line 1', 'line 2', 'line 3']);
  });
});

describe('ClanApi mesh group', () => {
  const MESH = `/api/networks/${NET}/mesh`;

  it('adds, reads and removes devices; a config in the asked form or the layer default, the QR code as text', async () => {
    const peer = { name: 'anna-phone', kind: 'device', addresses: ['10.77.0.5'] };
    const panel = fakePanel({
      [`POST ${MESH}/devices`]: () => json(201, peer),
      [`GET ${MESH}/devices/anna-phone/config`]: (s) => new Response(`[Interface] # ${s.query['format'] ?? 'default'}\n`, { status: 200 }),
      [`GET ${MESH}/devices/anna-phone/qr`]: () => new Response('<svg/>', { status: 200, headers: { 'content-type': 'image/svg+xml' } }),
      [`DELETE ${MESH}/devices/anna-phone`]: () => json(200, { ...peer, revoked: true }),
    });
    const api = new ClanApi({ baseUrl: 'http://panel', csrfToken: () => 'csrf-1', fetch: panel.fetch });

    await expect(api.mesh.createDevice(NET, { name: 'anna-phone', publicKey: 'pk=' })).resolves.toEqual(peer);
    await expect(api.mesh.deviceConfig(NET, 'anna-phone', 'syncconf')).resolves.toBe('[Interface] # syncconf\n');
    await expect(api.mesh.deviceConfig(NET, 'anna-phone')).resolves.toBe('[Interface] # default\n');
    await expect(api.mesh.deviceQr(NET, 'anna-phone')).resolves.toBe('<svg/>');
    await expect(api.mesh.revokeDevice(NET, 'anna-phone')).resolves.toMatchObject({ revoked: true });

    expect(panel.seen[0].body).toEqual({ name: 'anna-phone', publicKey: 'pk=' });
    expect(panel.seen[1].query).toEqual({ format: 'syncconf' });
    expect(panel.seen[2].query).toEqual({});
    expect(panel.seen.map((s) => [s.method, s.headers.get('x-csrf-token')])).toEqual([
      ['POST', 'csrf-1'],
      ['GET', null],
      ['GET', null],
      ['GET', null],
      ['DELETE', 'csrf-1'],
    ]);
  });

  it('blocks, unblocks and sets groups; enrols device agents by token and by invite', async () => {
    const peer = { name: 'kid', kind: 'device', blocked: false, groups: [] as string[] };
    const enrolment = { networkId: NET, network: 'family', peer: 'laptop', layer: 'wireguard', agentToken: 'clanag_x', panelUrls: [] };
    const panel = fakePanel({
      [`POST ${MESH}/devices/kid/block`]: () =>
        json(200, { ...peer, blocked: true, cut: { summary: 'Cut on the host; no device runs the agent.' } }),
      [`POST ${MESH}/devices/kid/unblock`]: () =>
        json(200, { ...peer, cut: { summary: 'Applied on the host; no device runs the agent.' } }),
      [`PATCH ${MESH}/peers/kid`]: (s) => json(200, { ...peer, groups: (s.body as { groups: string[] }).groups }),
      [`POST ${MESH}/agents`]: () => json(201, enrolment),
      ['POST /api/mesh/agents/enrol']: () => json(201, enrolment),
    });
    const api = new ClanApi({ baseUrl: 'http://panel', csrfToken: () => 'csrf-1', fetch: panel.fetch });

    await expect(api.mesh.blockDevice(NET, 'kid')).resolves.toMatchObject({ blocked: true, cut: { summary: expect.any(String) } });
    await expect(api.mesh.unblockDevice(NET, 'kid')).resolves.toMatchObject({ blocked: false });
    await expect(api.mesh.updatePeer(NET, 'kid', { groups: ['kids'] })).resolves.toMatchObject({ groups: ['kids'] });
    await expect(api.mesh.createAgent(NET, { name: 'laptop', publicKey: 'pk=' })).resolves.toEqual(enrolment);
    await expect(api.mesh.enrolAgent({ invite: 'x'.repeat(32), name: 'laptop', publicKey: 'pk=' })).resolves.toEqual(enrolment);
    expect(panel.seen.map((s) => s.method)).toEqual(['POST', 'POST', 'PATCH', 'POST', 'POST']);
  });

  it('lists, creates and cancels invites; reads and replaces the reachability rules as { rules }', async () => {
    const invite = { id: 'i1', name: 'anna-phone', status: 'pending' };
    const rules = [{ id: 'admins-reach-ssh', from: { roles: ['owner'] }, to: {}, ports: ['ssh'] }];
    const view = { rules, isDefault: false, allowances: {} };
    const panel = fakePanel({
      [`GET ${MESH}/invites`]: () => json(200, [invite]),
      [`POST ${MESH}/invites`]: () => json(201, { ...invite, token: 'tok', url: 'http://panel/join/tok' }),
      [`DELETE ${MESH}/invites/i1`]: () => json(200, { ...invite, status: 'cancelled' }),
      [`GET ${MESH}/rules`]: () => json(200, view),
      [`PUT ${MESH}/rules`]: (s) => json(200, { ...(s.body as object), isDefault: false, allowances: {} }),
    });
    const api = new ClanApi({ baseUrl: 'http://panel', fetch: panel.fetch });

    await expect(api.mesh.invites(NET)).resolves.toEqual([invite]);
    await expect(api.mesh.invite(NET, { deviceName: 'anna-phone', expiresInHours: 24 })).resolves.toMatchObject({ token: 'tok' });
    await expect(api.mesh.cancelInvite(NET, 'i1')).resolves.toMatchObject({ status: 'cancelled' });
    await expect(api.mesh.rules(NET)).resolves.toEqual(view);
    await expect(api.mesh.putRules(NET, rules)).resolves.toEqual(view);

    expect(panel.seen[1].body).toEqual({ deviceName: 'anna-phone', expiresInHours: 24 });
    expect(panel.seen[4].body).toEqual({ rules });
  });

  it('previews and accepts an invite by its token, sending a public key only when the device made one', async () => {
    const preview = { network: 'family', name: 'anna-phone', expiresAt: '2026-01-01T00:00:00Z' };
    const panel = fakePanel({
      'GET /api/mesh/invites/t%2Bk': () => json(200, preview),
      'POST /api/mesh/invites/t%2Bk/accept': (s) => json(201, { device: s.body }),
    });
    const api = new ClanApi({ baseUrl: 'http://panel', fetch: panel.fetch });

    await expect(api.mesh.previewInvite('t+k')).resolves.toEqual(preview);
    await api.mesh.acceptInvite('t+k', 'anna-phone', 'pk=');
    await api.mesh.acceptInvite('t+k', 'anna-laptop');
    await api.mesh.acceptInvite('t+k', 'anna-tablet', '');

    expect(panel.seen.slice(1).map((s) => s.body)).toEqual([
      { name: 'anna-phone', publicKey: 'pk=' },
      { name: 'anna-laptop' },
      { name: 'anna-tablet' },
    ]);
  });
});

describe('explainError and errorSentence', () => {
  const err = (status: number, code: string, message: string, extra: object = {}) =>
    new ClanApiError(status, { code, message, correlationId: 'corr-1', ...extra });

  it('tells a lost session from a credential answer', () => {
    expect(isSessionLost(err(401, 'UNAUTHENTICATED', 'Sign in first.'))).toBe(true);
    expect(isSessionLost(err(401, 'INVALID_CREDENTIALS', 'Wrong username or password.'))).toBe(false);
    expect(explainError(err(401, 'TOTP_REQUIRED', 'Enter the code.')).kind).toBe('error');
    expect(errorSentence(err(401, 'UNAUTHENTICATED', 'Sign in first.'), { signIn: 'run `clanctl login`' })).toBe(
      'Not signed in: run `clanctl login`.\n  (the panel said: Sign in first.)',
    );
  });

  it('keeps the API message and gives a correlation id only when the panel failed', () => {
    expect(explainError(err(409, 'CONFLICT', 'The configuration changed since you loaded it.'))).toEqual({
      kind: 'conflict',
      message: 'The configuration changed since you loaded it.',
      fields: [],
      correlationId: undefined,
      code: 'CONFLICT',
      status: 409,
    });
    expect(explainError(err(500, 'INTERNAL', 'boom')).correlationId).toBe('corr-1');
    expect(errorSentence(err(500, 'INTERNAL', 'boom'))).toBe(
      'The panel failed (500 INTERNAL): boom\n  (correlation id corr-1 — quote it when reporting)',
    );
  });

  it('lists configuration problems by their JSON path, other field problems with the message', () => {
    const config = err(400, 'VALIDATION_FAILED', 'Invalid: $.machines.anna.vcpus', {
      fields: [{ field: '$.machines.anna.vcpus', message: 'must be ≥ 1' }],
    });
    expect(errorSentence(config)).toBe('Invalid configuration (1 problem); nothing was committed:\n  $.machines.anna.vcpus: must be ≥ 1');
    const form = err(400, 'VALIDATION_FAILED', 'Check the form.', { fields: [{ field: 'name', message: 'is taken' }] });
    expect(errorSentence(form)).toBe('Invalid request: Check the form.\n  - name: is taken');
    expect(errorSentence(err(403, 'FORBIDDEN', 'Viewers cannot deploy.'))).toBe('Forbidden: Viewers cannot deploy.');
  });

  it('words a panel that cannot be reached and anything else thrown', () => {
    expect(explainError(new TypeError('fetch failed'))).toMatchObject({
      kind: 'unreachable',
      message: expect.stringMatching(/^Cannot reach the panel/),
    });
    expect(explainError(new Error('odd'))).toMatchObject({ kind: 'error', message: 'odd' });
    expect(explainError('??').message).toBe('Something went wrong.');
  });
});
