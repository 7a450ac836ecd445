import { fakeDeps } from '../testing/fake-deps';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeConfig } from '../lib/config';
import { ExitCode } from '../lib/exit-codes';
import type { CliDeps } from './context';
import { runCli } from './program';

type Handler = (req: Request, body: any) => { status?: number; body?: unknown; headers?: Record<string, string> };

const HEALTH = {
  status: 'ok',
  version: '0.1.0',
  components: {
    database: { status: 'ok', detail: 'PostgreSQL 15.19, 2 ms' },
    redis: { status: 'ok', detail: 'PONG in 1 ms' },
    libvirt: { status: 'unavailable', detail: 'libvirtd not running' },
    nix: { status: 'unavailable', detail: 'nix not found' },
  },
};

const err = (status: number, code: string, message: string, fields?: unknown) => ({
  status,
  body: { code, message, correlationId: 'cid', ...(fields ? { fields } : {}) },
});

/** A fake panel behind `fetch`, and every other dependency of the CLI. */
function harness(routes: Record<string, Handler>, over: Partial<CliDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'clanctl-test-'));
  const out: string[] = [];
  const errs: string[] = [];
  const requests: {
    method: string;
    path: string;
    headers: Headers;
    body: any;
  }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(input, init);
    const url = new URL(req.url);
    const text = await req.text();
    const body = text ? JSON.parse(text) : undefined;
    requests.push({
      method: req.method,
      path: url.pathname + url.search,
      headers: req.headers,
      body,
    });
    const handler = routes[`${req.method} ${url.pathname}`];
    const res: ReturnType<Handler> = handler
      ? handler(req, body)
      : err(404, 'NOT_FOUND', `No such endpoint: ${req.method} ${url.pathname}`);
    return new Response(res.body === undefined ? null : JSON.stringify(res.body), {
      status: res.status ?? 200,
      headers: { 'content-type': 'application/json', ...res.headers },
    });
  }) as typeof fetch;
  const deps: CliDeps = fakeDeps(dir, fetchImpl, out, errs, {
    readFile: async (path) => {
      throw Object.assign(new Error(`no file ${path} in this test`), { code: 'ENOENT' });
    },
    ...over,
  });

  const run = (...argv: string[]) => runCli(argv, deps);
  return {
    run,
    deps,
    requests,
    stdout: () => out.join(''),
    stderr: () => errs.join(''),
    configFile: join(dir, 'clanctl', 'config.json'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const URL_ARGS = ['--url', 'http://panel:8080'];

describe('clanctl', () => {
  let h: ReturnType<typeof harness> | undefined;
  afterEach(() => h?.cleanup());

  it('health --json prints the health document and nothing else', async () => {
    h = harness({ 'GET /api/health': () => ({ body: HEALTH }) });
    expect(await h.run(...URL_ARGS, '--token', 'clan_t', 'health', '--json')).toBe(ExitCode.Ok);
    expect(JSON.parse(h.stdout())).toEqual(HEALTH);
    expect(h.stderr()).toBe('');
    expect(h.requests[0].headers.get('authorization')).toBe('Bearer clan_t');
  });

  it('health shows a table and exits 1 when degraded', async () => {
    h = harness({
      'GET /api/health': () => ({
        status: 503,
        body: { ...HEALTH, status: 'degraded' },
      }),
    });
    expect(await h.run(...URL_ARGS, 'health')).toBe(ExitCode.ApiError);
    expect(h.stdout()).toContain('Panel http://panel:8080 is degraded (version 0.1.0)');
    expect(h.stdout()).toMatch(/COMPONENT\s+STATUS\s+DETAIL\ndatabase\s+ok\s+PostgreSQL 15.19, 2 ms/);
  });

  it('health says what to do for each missing component and the VM speed warning', async () => {
    const libvirt = { status: 'unavailable', detail: 'not reachable', message: 'start it with `sudo systemctl start libvirtd`.' };
    h = harness({
      'GET /api/health': () => ({
        body: {
          ...HEALTH,
          status: 'degraded',
          components: { ...HEALTH.components, libvirt },
          domainType: { type: 'qemu', automatic: true, detail: 'emulation', warning: 'Virtual machines run without KVM.' },
        },
      }),
    });
    expect(await h.run(...URL_ARGS, 'health')).toBe(ExitCode.ApiError);
    expect(h.stdout()).toContain(
      'What to do:\n- libvirt: start it with `sudo systemctl start libvirtd`.\n- virtual machines: Virtual machines run without KVM.',
    );
  });

  it('explains a 401 and exits 1', async () => {
    h = harness({
      'GET /api/tokens': () => err(401, 'UNAUTHENTICATED', 'Sign in first.'),
    });
    expect(await h.run(...URL_ARGS, 'token', 'list')).toBe(ExitCode.ApiError);
    expect(h.stderr()).toMatch(/^clanctl: Not signed in: run `clanctl login` or pass --token\./);
    expect(h.stdout()).toBe('');
  });

  it('with --json, errors go to stderr as JSON', async () => {
    h = harness({
      'POST /api/tokens': () => err(400, 'VALIDATION_FAILED', 'name must not be empty', [{ field: 'name', message: 'must not be empty' }]),
    });
    expect(await h.run(...URL_ARGS, '--json', '--token', 'clan_t', 'token', 'create', 'x')).toBe(ExitCode.ApiError);
    expect(h.stdout()).toBe('');
    expect(JSON.parse(h.stderr())).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'name must not be empty',
        status: 400,
        correlationId: 'cid',
        fields: [{ field: 'name', message: 'must not be empty' }],
      },
    });
  });

  it('exits 2 on usage errors', async () => {
    h = harness({});
    expect(await h.run('task', 'show')).toBe(ExitCode.Usage);
    expect(h.stderr()).toMatch(/missing required argument 'id'/);
    expect(await h.run('task', 'list', '--limit', '500')).toBe(ExitCode.Usage);
    expect(h.stderr()).toMatch(/--limit: "500" must be a whole number from 1 to 200/);
    expect(await h.run('--help')).toBe(ExitCode.Ok);
  });

  it('exits 3 when the panel is unreachable', async () => {
    h = harness(
      {},
      {
        fetch: (async () => {
          throw new TypeError('fetch failed', {
            cause: Object.assign(new Error('connect ECONNREFUSED'), {
              code: 'ECONNREFUSED',
            }),
          });
        }) as typeof fetch,
      },
    );
    expect(await h.run(...URL_ARGS, 'health')).toBe(ExitCode.Unreachable);
    expect(h.stderr()).toBe(
      'clanctl: Cannot reach the panel at http://panel:8080: ECONNREFUSED — is it running? Start it with `npm start`.\n',
    );
  });

  describe('login', () => {
    const panelWithTotp = () => {
      let attempts = 0;
      return {
        'POST /api/auth/login': (_req: Request, body: any) => {
          attempts++;
          if (body.password !== 'pw') return err(401, 'INVALID_CREDENTIALS', 'Wrong user name or password.');
          if (!body.totpCode) return err(401, 'TOTP_REQUIRED', 'Enter the code from your authenticator app.');
          return {
            body: { user: { id: 'u1', username: 'ann' }, csrfToken: 'csrf1' },
            headers: { 'set-cookie': 'clan.sid=s%3Aabc; Path=/; HttpOnly' },
          };
        },
        'POST /api/tokens': (req: Request, body: any) => {
          if (req.headers.get('cookie') !== 'clan.sid=s%3Aabc' || req.headers.get('x-csrf-token') !== 'csrf1')
            return err(403, 'CSRF_FAILED', 'bad');
          return {
            status: 201,
            body: {
              id: 'tok1',
              name: body.name,
              token: 'clan_newsecret',
              prefix: 'clan_new',
              expiresAt: null,
            },
          };
        },
        'POST /api/auth/logout': () => ({ status: 204 }),
        'DELETE /api/tokens/old1': () => ({ status: 204 }),
        attempts: () => attempts,
      };
    };

    it('prompts, answers TOTP, mints a clanctl@host token and stores it 0600', async () => {
      const routes = panelWithTotp();
      const asked: string[] = [];
      const answers: Record<string, string> = {
        'Username: ': 'ann',
        'Password: ': 'pw',
        'TOTP code: ': '123 456',
      };
      h = harness(routes as any, {
        stdinIsTTY: true,
        prompt: async (q, o) => {
          asked.push(`${q}${o?.hidden ? '(hidden)' : ''}`);
          return answers[q];
        },
      });
      writeConfig(h.configFile, {
        url: 'http://panel:8080',
        token: 'clan_old',
        tokenId: 'old1',
      });
      expect(await h.run(...URL_ARGS, 'login')).toBe(ExitCode.Ok);
      expect(asked).toEqual(['Username: ', 'Password: (hidden)', 'TOTP code: ']);
      expect(h.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /api/auth/login',
        'POST /api/auth/login',
        'POST /api/tokens',
        'POST /api/auth/logout',
        'DELETE /api/tokens/old1',
      ]);
      expect(h.requests[1].body).toEqual({
        username: 'ann',
        password: 'pw',
        totpCode: '123456',
      });
      expect(h.requests[2].body).toEqual({ name: 'clanctl@box' });
      expect(h.requests[4].headers.get('authorization')).toBe('Bearer clan_newsecret');
      expect(JSON.parse(readFileSync(h.configFile, 'utf8'))).toEqual({
        url: 'http://panel:8080',
        token: 'clan_newsecret',
        tokenId: 'tok1',
        username: 'ann',
      });
      expect(statSync(h.configFile).mode & 0o777).toBe(0o600);
      expect(h.stdout()).toContain('Signed in to http://panel:8080 as ann.');
      expect(h.stdout()).not.toContain('clan_newsecret');
    });

    it('works from a script with --username, --password-stdin and --totp', async () => {
      h = harness(panelWithTotp() as any, { readStdin: async () => 'pw' });
      expect(await h.run(...URL_ARGS, '--json', 'login', '--username', 'ann', '--password-stdin', '--totp', '654321')).toBe(ExitCode.Ok);
      expect(JSON.parse(h.stdout())).toEqual({
        url: 'http://panel:8080',
        username: 'ann',
        tokenId: 'tok1',
        tokenName: 'clanctl@box',
        configPath: h.configFile,
      });
    });

    it('refuses to prompt without a terminal', async () => {
      h = harness(panelWithTotp() as any);
      expect(await h.run(...URL_ARGS, 'login', '--username', 'ann')).toBe(ExitCode.Usage);
      expect(h.stderr()).toMatch(/No terminal to ask for password: pass --password-stdin/);
    });

    it("shows the API's message for a wrong password", async () => {
      h = harness(panelWithTotp() as any, { readStdin: async () => 'nope' });
      expect(await h.run(...URL_ARGS, 'login', '--username', 'ann', '--password-stdin')).toBe(ExitCode.ApiError);
      expect(h.stderr()).toBe('clanctl: Wrong user name or password.\n');
      expect(existsSync(h.configFile)).toBe(false);
    });
  });

  it('logout revokes the stored token and forgets it', async () => {
    h = harness({ 'DELETE /api/tokens/tok1': () => ({ status: 204 }) });
    writeConfig(h.configFile, {
      url: 'http://panel:8080',
      token: 'clan_s',
      tokenId: 'tok1',
      username: 'ann',
    });
    expect(await h.run('logout')).toBe(ExitCode.Ok);
    expect(h.requests[0].headers.get('authorization')).toBe('Bearer clan_s');
    expect(JSON.parse(readFileSync(h.configFile, 'utf8'))).toEqual({
      url: 'http://panel:8080',
      username: 'ann',
    });
    expect(h.stdout()).toContain('Revoked the API token on http://panel:8080.');
  });

  it('token revoke-all revokes every token and forgets the stored login', async () => {
    h = harness({ 'POST /api/tokens/revoke-all': () => ({ body: { revoked: 3 } }) });
    writeConfig(h.configFile, { url: 'http://panel:8080', token: 'clan_s', tokenId: 'tok1', username: 'ann' });
    expect(await h.run('token', 'revoke-all')).toBe(ExitCode.Ok);
    expect(h.requests[0].headers.get('authorization')).toBe('Bearer clan_s');
    expect(JSON.parse(readFileSync(h.configFile, 'utf8'))).toEqual({ url: 'http://panel:8080', username: 'ann' });
    expect(h.stdout()).toContain("Revoked 3 tokens, including this machine's login");
  });

  it('logout forgets a token the panel already refuses', async () => {
    h = harness({
      'DELETE /api/tokens/tok1': () => err(401, 'UNAUTHENTICATED', 'revoked'),
    });
    writeConfig(h.configFile, {
      url: 'http://panel:8080',
      token: 'clan_s',
      tokenId: 'tok1',
    });
    expect(await h.run('logout')).toBe(ExitCode.Ok);
    expect(JSON.parse(readFileSync(h.configFile, 'utf8'))).toEqual({
      url: 'http://panel:8080',
    });
    expect(h.stderr()).toContain('no longer accepts this token');
  });

  it('token create prints only the secret on stdout', async () => {
    h = harness({
      'POST /api/tokens': (_r, body) => ({
        status: 201,
        body: {
          id: 'k1',
          name: body.name,
          token: 'clan_secret',
          prefix: 'clan_sec',
          expiresAt: body.expiresAt,
        },
      }),
    });
    expect(await h.run(...URL_ARGS, '--token', 'clan_t', 'token', 'create', 'ci', '--expires', '30d')).toBe(ExitCode.Ok);
    expect(h.stdout()).toBe('clan_secret\n');
    expect(h.requests[0].body).toEqual({
      name: 'ci',
      expiresAt: '2025-12-23T12:00:00.000Z',
    });
    expect(h.stderr()).toMatch(/Created API token "ci" \(id k1\), expires 2025-12-23 12:00:00 UTC \(in 30 d\)\.\nCopy the secret now/);
  });

  it('token list shows a table and marks the token in use', async () => {
    const items = [
      {
        id: 'k1',
        name: 'ci',
        prefix: 'clan_abc',
        expiresAt: null,
        lastUsedAt: null,
        createdAt: '2025-11-20T12:00:00Z',
      },
      {
        id: 'k2',
        name: 'clanctl@box',
        prefix: 'clan_def',
        expiresAt: '2025-12-23T12:00:00Z',
        lastUsedAt: '2025-11-23T11:55:00Z',
        createdAt: '2025-11-23T11:00:00Z',
      },
      {
        id: 'k3',
        name: 'old',
        prefix: 'clan_ghi',
        expiresAt: null,
        lastUsedAt: null,
        createdAt: '2025-11-21T12:00:00Z',
        revokedAt: '2025-11-22T12:00:00Z',
      },
    ];
    h = harness({ 'GET /api/tokens': () => ({ body: { items, total: 3 } }) });
    expect(await h.run(...URL_ARGS, '--token', 'clan_defxyz', 'token', 'list')).toBe(ExitCode.Ok);
    expect(h.stdout().split('\n')).toEqual([
      'ID  NAME                    PREFIX     STATE    CREATED  LAST USED  EXPIRES',
      'k1  ci                      clan_abc…  active   3 d ago  never      never',
      'k2  clanctl@box (this one)  clan_def…  active   1 h ago  5 min ago  in 30 d',
      'k3  old                     clan_ghi…  revoked  2 d ago  never      —',
      '',
    ]);
    h.cleanup();
    h = harness({ 'GET /api/tokens': () => ({ body: { items, total: 3 } }) });
    expect(await h.run(...URL_ARGS, '--token', 'clan_defxyz', 'token', 'list', '--json')).toBe(ExitCode.Ok);
    expect(JSON.parse(h.stdout())).toEqual({ items, total: 3 });
  });

  it('task list passes filters and draws progress bars', async () => {
    const running = {
      id: '8d1c0b3e-0000-4000-8000-000000000001',
      type: 'host.diagnostics',
      status: 'running',
      progress: 40,
      message: 'sampling',
      networkId: null,
      machine: null,
      userId: 'u1',
      error: null,
      createdAt: '2025-11-23T11:59:00Z',
      startedAt: '2025-11-23T11:59:30Z',
      finishedAt: null,
    };
    h = harness({
      'GET /api/tasks': () => ({ body: { items: [running], total: 3 } }),
    });
    expect(
      await h.run(
        ...URL_ARGS,
        '--token',
        't',
        'task',
        'list',
        '--status',
        'running',
        '--type',
        'host.diagnostics',
        '--network',
        'n1',
        '--limit',
        '1',
      ),
    ).toBe(ExitCode.Ok);
    expect(h.requests[0].path).toBe('/api/tasks?status=running&type=host.diagnostics&networkId=n1&limit=1');
    expect(h.stdout()).toContain('running [████░░░░░░]  40%');
    expect(h.stdout()).toContain('Showing 1 of 3 tasks; use --limit to see more.');
  });

  it('task log --follow prints the log and exits 4 when the task failed', async () => {
    const base = {
      id: 't1',
      type: 'x',
      progress: 100,
      message: null,
      networkId: null,
      machine: null,
      userId: null,
      error: 'boom',
      createdAt: '2025-11-23T11:59:00Z',
      startedAt: '2025-11-23T11:59:00Z',
      finishedAt: '2025-11-23T11:59:05Z',
    };
    h = harness({
      'GET /api/tasks/t1': () => ({ body: { ...base, status: 'failed' } }),
      'GET /api/tasks/t1/log': () => ({
        body: {
          items: [
            {
              seq: 1,
              at: '2025-11-23T11:59:01Z',
              level: 'error',
              text: 'it broke',
            },
          ],
          total: 1,
        },
      }),
    });
    expect(await h.run(...URL_ARGS, '--token', 't', 'task', 'log', 't1', '--follow')).toBe(ExitCode.TaskFailed);
    expect(h.stdout()).toBe('11:59:01 ERROR it broke\n');
    expect(h.stderr()).toBe('Task t1 failed after 5.0 s: boom.\n');
  });
});

describe('clanctl network, machine and config', () => {
  let h: ReturnType<typeof harness> | undefined;
  afterEach(() => h?.cleanup());

  const NET_ID = '11111111-1111-4111-8111-111111111111';
  const family = {
    id: NET_ID,
    name: 'family',
    description: '',
    myRole: 'owner',
    memberCount: 1,
    createdAt: '2025-11-20T12:00:00Z',
    updatedAt: '2025-11-20T12:00:00Z',
  };
  const networks = { 'GET /api/networks': () => ({ body: { items: [family], total: 1 } }) };
  const PATCH = 'diff --git a/configs.json b/configs.json\n--- a/configs.json\n+++ b/configs.json\n@@ -1 +1 @@\n-{}\n+{"anna":{}}\n';
  const AUTH = [...URL_ARGS, '--token', 'clan_t'];

  it('network show resolves the name, lists members and works without a configuration status', async () => {
    h = harness({
      ...networks,
      [`GET /api/networks/${NET_ID}/members`]: () => ({
        body: {
          items: [{ userId: 'u1', username: 'admin', displayName: 'Admin', role: 'owner', createdAt: '2025-11-20T12:00:00Z' }],
          total: 1,
        },
      }),
    });
    expect(await h.run(...AUTH, 'network', 'show', 'family')).toBe(ExitCode.Ok);
    // Members and status are asked for together, so in either order.
    expect(h.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      `GET /api/networks/${NET_ID}/config/status`,
      `GET /api/networks/${NET_ID}/members?limit=200&offset=0`,
      'GET /api/networks?limit=200&offset=0',
    ]);
    expect(h.stdout()).toContain(`Clone:    git clone http://panel:8080/api/networks/${NET_ID}/config.git family`);
    expect(h.stdout()).toMatch(/admin\s+Admin\s+owner\s+3 d ago/);
    expect(h.stdout()).not.toContain('Revision');
  });

  it('says which networks exist when the name matches none', async () => {
    h = harness(networks);
    expect(await h.run(...AUTH, 'machine', 'list', 'famly')).toBe(ExitCode.ApiError);
    expect(h.stderr()).toBe('clanctl: No network "famly". You can see: family.\n');
  });

  it('machine create --dry-run sends the built config and prints the diff only', async () => {
    h = harness({
      ...networks,
      [`POST /api/networks/${NET_ID}/machines`]: () => ({
        status: 201,
        body: { revision: null, committed: false, diff: { patch: PATCH, files: [{ path: 'configs.json', status: 'modified' }] } },
      }),
    });
    const code = await h.run(
      ...AUTH,
      'machine',
      'create',
      'family/anna',
      '--app',
      'syncthing',
      '--set',
      'applications.syncthing.sharedFolders[0]=/shared/docs',
      '--set',
      'resources.vcpus=2',
      '--dry-run',
      '-m',
      'Add anna',
    );
    expect(code).toBe(ExitCode.Ok);
    expect(h.requests[1].body).toEqual({
      name: 'anna',
      config: { applications: { syncthing: { enable: true, sharedFolders: ['/shared/docs'] } }, resources: { vcpus: 2 } },
      message: 'Add anna',
      dryRun: true,
    });
    expect(h.stdout()).toBe(PATCH);
    expect(h.stderr()).toBe('Dry run: nothing was committed (1 file changed: configs.json). Run again without --dry-run to commit.\n');
  });

  it('machine set changes the network layer, or with --overrides the local one', async () => {
    const machine = {
      name: 'anna',
      config: { resources: { vcpus: 1, memoryMiB: 1024 }, applications: { syncthing: { enable: true }, nextcloud: { enable: true } } },
      overrides: { resources: { memoryMiB: 2048 } },
      effective: {},
      adminMode: 'shared',
      localAdmins: [],
      revision: 'a'.repeat(40),
      deployedRevision: null,
      drift: 'not-deployed',
    };
    const written = {
      revision: 'b'.repeat(40),
      committed: true,
      diff: { patch: PATCH, files: [{ path: 'configs.json', status: 'modified' }] },
    };
    h = harness({
      ...networks,
      [`GET /api/networks/${NET_ID}/machines/anna`]: () => ({ body: machine }),
      [`PUT /api/networks/${NET_ID}/machines/anna`]: () => ({ body: written }),
      [`PUT /api/networks/${NET_ID}/machines/anna/overrides`]: () => ({ body: written }),
    });
    expect(await h.run(...AUTH, 'machine', 'set', 'family/anna', '--set', 'resources.vcpus=4', '--unset', 'applications.nextcloud')).toBe(
      ExitCode.Ok,
    );
    expect(h.requests[2]).toMatchObject({
      method: 'PUT',
      path: `/api/networks/${NET_ID}/machines/anna`,
      body: { config: { resources: { vcpus: 4, memoryMiB: 1024 }, applications: { syncthing: { enable: true } } } },
    });
    expect(h.stdout()).toBe('Committed bbbbbbb (1 file changed: configs.json).\n');

    expect(
      await h.run(
        ...AUTH,
        'machine',
        'set',
        'family/anna',
        '--overrides',
        '--unset',
        'resources.memoryMiB',
        '--set',
        'system=aarch64-linux',
      ),
    ).toBe(ExitCode.Ok);
    expect(h.requests[5]).toMatchObject({
      method: 'PUT',
      path: `/api/networks/${NET_ID}/machines/anna/overrides`,
      body: { overrides: { resources: {}, system: 'aarch64-linux' } },
    });
  });

  it('machine set without changes, or with a bad path, is a usage error and asks nothing', async () => {
    h = harness(networks);
    expect(await h.run(...AUTH, 'machine', 'set', 'family/anna')).toBe(ExitCode.Usage);
    expect(h.stderr()).toContain('Nothing to change: pass --set path=value or --unset path');
    expect(await h.run(...AUTH, 'machine', 'set', 'family/anna', '--unset', 'a..b')).toBe(ExitCode.Usage);
    expect(await h.run(...AUTH, 'machine', 'set', 'anna', '--set', 'a=1')).toBe(ExitCode.Usage);
    expect(h.requests).toEqual([]);
  });

  it('prints configuration errors by JSON path and exits 1', async () => {
    h = harness({
      ...networks,
      [`POST /api/networks/${NET_ID}/machines`]: () =>
        err(400, 'VALIDATION_FAILED', 'Invalid configuration (1 problem): …', [
          { field: '$.anna.applications.syncthing.sharedFolders[0]', message: 'Shared folder must be an absolute path.' },
        ]),
    });
    expect(
      await h.run(
        ...AUTH,
        'machine',
        'create',
        'family/anna',
        '--app',
        'syncthing',
        '--set',
        'applications.syncthing.sharedFolders=["docs"]',
      ),
    ).toBe(ExitCode.ApiError);
    expect(h.stderr()).toBe(
      'clanctl: Invalid configuration (1 problem); nothing was committed:\n  $.anna.applications.syncthing.sharedFolders[0]: Shared folder must be an absolute path.\n',
    );
  });

  it('config show --raw prints configs.json byte for byte', async () => {
    const content = '{\n  "anna": {}\n}';
    h = harness({
      ...networks,
      [`GET /api/networks/${NET_ID}/config/raw`]: () => ({ body: { revision: 'c'.repeat(40), content } }),
    });
    expect(await h.run(...AUTH, 'config', 'show', 'family', '--raw', '--revision', 'ccccccc')).toBe(ExitCode.Ok);
    expect(h.stdout()).toBe(content);
    expect(h.requests[1].path).toBe(`/api/networks/${NET_ID}/config/raw?revision=ccccccc`);
  });

  it('config set-raw sends the file, or stdin exactly for "-"', async () => {
    const written = { revision: 'd'.repeat(40), committed: true, diff: { patch: PATCH, files: [] } };
    h = harness(
      { ...networks, [`PUT /api/networks/${NET_ID}/config/raw`]: () => ({ body: written }) },
      {
        readFile: async (path) =>
          path === 'configs.json' ? '{"anna":{}}\n' : Promise.reject(Object.assign(new Error('x'), { code: 'ENOENT' })),
        readStdin: async (o) => (o?.exact ? '{}\n' : '{}'),
      },
    );
    expect(await h.run(...AUTH, 'config', 'set-raw', 'family', 'configs.json', '--base', 'c'.repeat(40))).toBe(ExitCode.Ok);
    expect(h.requests[1].body).toEqual({ content: '{"anna":{}}\n', baseRevision: 'c'.repeat(40), dryRun: false });
    expect(await h.run(...AUTH, 'config', 'set-raw', 'family', '-', '--dry-run')).toBe(ExitCode.Ok);
    expect(h.requests[3].body).toEqual({ content: '{}\n', dryRun: true });
    expect(await h.run(...AUTH, 'config', 'set-raw', 'family', 'missing.json')).toBe(ExitCode.Usage);
    expect(h.stderr()).toContain('clanctl: Cannot read missing.json: ENOENT');
  });

  it('config history passes paging and path, and --json prints the page', async () => {
    const page = {
      items: [
        {
          sha: 'e'.repeat(40),
          parents: [],
          authorName: 'admin',
          authorEmail: 'a@x',
          date: '2025-11-23T10:00:00Z',
          subject: 'Add anna',
          body: '',
        },
      ],
      total: 1,
    };
    h = harness({ ...networks, [`GET /api/networks/${NET_ID}/config/history`]: () => ({ body: page }) });
    expect(await h.run(...AUTH, '--json', 'config', 'history', 'family', '--limit', '5', '--offset', '0', '--path', 'configs.json')).toBe(
      ExitCode.Ok,
    );
    expect(h.requests[1].path).toBe(`/api/networks/${NET_ID}/config/history?limit=5&offset=0&path=configs.json`);
    expect(JSON.parse(h.stdout())).toEqual(page);
  });

  it('config diff colours only on a terminal', async () => {
    h = harness(
      {
        ...networks,
        [`GET /api/networks/${NET_ID}/config/diff`]: () => ({
          body: { patch: PATCH, files: [{ path: 'configs.json', status: 'modified' }] },
        }),
      },
      { stdoutIsTTY: true },
    );
    expect(await h.run(...AUTH, 'config', 'diff', 'family', '0D1D7FC')).toBe(ExitCode.Ok);
    expect(h.requests[1].path).toBe(`/api/networks/${NET_ID}/config/diff?from=0d1d7fc`);
    expect(h.stdout()).toContain('\u001b[32m+{"anna":{}}\u001b[0m');
    h.cleanup();
    h = harness(
      { ...networks, [`GET /api/networks/${NET_ID}/config/diff`]: () => ({ body: { patch: PATCH, files: [] } }) },
      { stdoutIsTTY: true, env: { NO_COLOR: '1' } },
    );
    expect(await h.run(...AUTH, 'config', 'diff', 'family', '0d1d7fc', '5b6e8a2')).toBe(ExitCode.Ok);
    expect(h.stdout()).toBe(PATCH);
  });

  it('counts HEAD~n along the history, since the panel takes shas only', async () => {
    const sha = 'f'.repeat(40);
    h = harness({
      ...networks,
      [`GET /api/networks/${NET_ID}/config/history`]: (req) =>
        new URL(req.url).searchParams.get('offset') === '1'
          ? {
              body: {
                items: [{ sha, parents: [], authorName: 'a', authorEmail: 'a@x', date: '2025-11-23T10:00:00Z', subject: 's', body: '' }],
                total: 2,
              },
            }
          : { body: { items: [], total: 2 } },
      [`POST /api/networks/${NET_ID}/config/revert`]: () => ({
        body: { revision: null, committed: false, diff: { patch: PATCH, files: [] } },
      }),
    });
    expect(await h.run(...AUTH, 'config', 'revert', 'family', 'HEAD~1', '--dry-run')).toBe(ExitCode.Ok);
    expect(h.requests[1].path).toBe(`/api/networks/${NET_ID}/config/history?limit=1&offset=1`);
    expect(h.requests[2].body).toEqual({ revision: sha, dryRun: true });
    expect(await h.run(...AUTH, 'config', 'revert', 'family', 'HEAD~5')).toBe(ExitCode.Usage);
    expect(h.stderr()).toContain('HEAD~5: the history has only 2 revisions');
  });
});
