import { fakeDeps } from '../testing/fake-deps';
import { freshVmSummary } from '../testing/vm-fixtures';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode } from '../lib/exit-codes';
import type { CliDeps } from './context';
import { runCli } from './program';

/** Whole `vm`, `deploy` and `generation` commands against a fake panel behind `fetch`. */

type Reply = { status?: number; body?: unknown };
type Handler = (body: any, url: URL) => Reply;

const NET = '11111111-1111-4111-8111-111111111111';
const MACHINE = `/api/networks/${NET}/machines/anna`;
const AUTH = ['--url', 'http://panel:8080', '--token', 'clan_t'];
const family = { id: NET, name: 'family', description: '', myRole: 'owner', memberCount: 1, createdAt: '2025-11-20T12:00:00Z' };

const apiError = (status: number, code: string, message: string): Reply => ({ status, body: { code, message, correlationId: 'cid' } });

function task(id: string, status: string, over: Record<string, unknown> = {}) {
  return {
    id,
    type: 'vm.power',
    queue: 'hypervisor',
    status,
    progress: status === 'succeeded' ? 100 : 0,
    message: null,
    networkId: NET,
    machine: 'anna',
    userId: 'u1',
    error: null,
    result: null,
    cancelRequested: false,
    createdAt: '2025-11-23T11:59:00Z',
    startedAt: '2025-11-23T11:59:00Z',
    finishedAt: '2025-11-23T11:59:02Z',
    ...over,
  };
}

/** A finished task and its log, as `GET /api/tasks/:id` and `…/log` answer them. */
function finished(id: string, status: string, lines: string[], over: Record<string, unknown> = {}): Record<string, Handler> {
  return {
    [`GET /api/tasks/${id}`]: () => ({ body: task(id, status, over) }),
    [`GET /api/tasks/${id}/log`]: (_b, url) => ({
      body: url.searchParams.get('after')
        ? { items: [], total: lines.length }
        : { items: lines.map((text, i) => ({ seq: i + 1, at: '2025-11-23T11:59:01Z', level: 'info', text })), total: lines.length },
    }),
  };
}

function harness(routes: Record<string, Handler>, over: Partial<CliDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'clanctl-vm-test-'));
  const out: string[] = [];
  const errs: string[] = [];
  const requests: { method: string; path: string; body: any }[] = [];
  const all: Record<string, Handler> = { 'GET /api/networks': () => ({ body: { items: [family], total: 1 } }), ...routes };
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(input, init);
    const url = new URL(req.url);
    const text = await req.text();
    const body = text ? JSON.parse(text) : undefined;
    requests.push({ method: req.method, path: url.pathname + url.search, body });
    const handler = all[`${req.method} ${url.pathname}`];
    const res = handler ? handler(body, url) : apiError(404, 'NOT_FOUND', `No such endpoint: ${req.method} ${url.pathname}`);
    return new Response(res.body === undefined ? null : JSON.stringify(res.body), {
      status: res.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  const deps: CliDeps = fakeDeps(dir, fetchImpl, out, errs, over);
  return {
    run: (...argv: string[]) => runCli([...AUTH, ...argv], deps),
    requests,
    posts: () => requests.filter((r) => r.method === 'POST'),
    stdout: () => out.join(''),
    stderr: () => errs.join(''),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

describe('clanctl vm, deploy and generation', () => {
  let h: ReturnType<typeof harness> | undefined;
  afterEach(() => h?.cleanup());

  it('vm start follows the task and exits 4 with its error when it fails', async () => {
    h = harness({
      [`POST ${MACHINE}/vm/start`]: () => ({ status: 202, body: { taskId: 't1' } }),
      ...finished('t1', 'failed', ['start anna (now undefined).'], { error: 'anna has no generation yet; deploy it first.' }),
    });
    expect(await h.run('vm', 'start', 'family/anna')).toBe(ExitCode.TaskFailed);
    expect(h.stdout()).toBe('11:59:01 INFO  start anna (now undefined).\n');
    expect(h.stderr()).toBe(
      'Starting family/anna (task t1); Ctrl-C stops following, not the task.\n' +
        'Task t1 failed after 2.0 s: anna has no generation yet; deploy it first.\n',
    );
  });

  it('vm stop reports the state the task left the VM in', async () => {
    h = harness({
      [`POST ${MACHINE}/vm/stop`]: () => ({ status: 202, body: { taskId: 't2' } }),
      ...finished('t2', 'succeeded', ['anna is off (acpi).'], { result: { action: 'stop', state: 'shutOff' } }),
    });
    expect(await h.run('vm', 'stop', 'family/anna')).toBe(ExitCode.Ok);
    expect(h.stderr()).toMatch(/Task t2 succeeded after 2\.0 s\.\nfamily\/anna is shutOff\.\n$/);
  });

  it('with --json prints only the finished task', async () => {
    h = harness({
      [`POST ${MACHINE}/vm/reboot`]: () => ({ status: 202, body: { taskId: 't3' } }),
      ...finished('t3', 'succeeded', ['Rebooted.']),
    });
    expect(await h.run('--json', 'vm', 'reboot', 'family/anna')).toBe(ExitCode.Ok);
    expect(JSON.parse(h.stdout())).toMatchObject({ id: 't3', status: 'succeeded' });
    expect(h.stderr()).toBe('');
  });

  it('--no-wait prints the task id alone on stdout and follows nothing', async () => {
    h = harness({ [`POST ${MACHINE}/vm/suspend`]: () => ({ status: 202, body: { taskId: 't4' } }) });
    expect(await h.run('vm', 'suspend', 'family/anna', '--no-wait')).toBe(ExitCode.Ok);
    expect(h.stdout()).toBe('t4\n');
    expect(h.stderr()).toBe('Suspending family/anna (task t4). Follow it with `clanctl task log t4 --follow`.\n');
    expect(h.requests.some((r) => r.path.startsWith('/api/tasks'))).toBe(false);

    h.cleanup();
    h = harness({ [`POST ${MACHINE}/vm/resume`]: () => ({ status: 202, body: { taskId: 't5' } }) });
    expect(await h.run('--json', 'vm', 'resume', 'family/anna', '--no-wait')).toBe(ExitCode.Ok);
    expect(JSON.parse(h.stdout())).toEqual({ taskId: 't5' });
  });

  it("passes the panel's 409 through when the VM is busy", async () => {
    const busy = 'Machine anna is busy: a deployment (task d9) is running. Wait for it to finish or cancel it, then try again.';
    h = harness({ [`POST ${MACHINE}/vm/start`]: () => apiError(409, 'CONFLICT', busy) });
    expect(await h.run('vm', 'start', 'family/anna')).toBe(ExitCode.ApiError);
    expect(h.stderr()).toBe(`clanctl: ${busy}\n`);
  });

  it('refuses a bad <network>/<machine>, an unknown action and a bad --tail before any request', async () => {
    h = harness({});
    expect(await h.run('vm', 'status', 'anna')).toBe(ExitCode.Usage);
    expect(h.stderr()).toContain('"anna" must name a machine as <network>/<machine>, e.g. family/anna');
    expect(await h.run('vm', 'explode', 'family/anna')).toBe(ExitCode.Usage);
    expect(h.stderr()).toContain("unknown command 'explode'");
    expect(await h.run('vm', 'log', 'family/anna', '--tail', '0')).toBe(ExitCode.Usage);
    expect(await h.run('deploy', 'family/anna', '--revision', 'main')).toBe(ExitCode.Usage);
    expect(h.requests).toEqual([]);
  });

  it('vm status prints the summary, or the DTO with --json', async () => {
    const summary = freshVmSummary({ networkId: NET });
    h = harness({ [`GET ${MACHINE}/vm`]: () => ({ body: summary }), [`GET /api/networks/${NET}`]: () => ({ body: family }) });
    expect(await h.run('vm', 'status', 'family/anna')).toBe(ExitCode.Ok);
    expect(h.stdout()).toMatch(/^State: +undefined \(no VM on this host; build and boot it with `clanctl deploy family\/anna`\)$/m);
    expect(await h.run('--json', 'vm', 'status', NET + '/anna')).toBe(ExitCode.Ok);
    expect(JSON.parse(h.stdout().slice(h.stdout().indexOf('{')))).toEqual(summary);
  });

  it('vm log asks for --tail bytes and says when the text is cut', async () => {
    h = harness({ [`GET ${MACHINE}/vm/serial-log`]: () => ({ body: { text: 'clan: booted\n', size: 5000, truncated: true } }) });
    expect(await h.run('vm', 'log', 'family/anna', '--tail', '13')).toBe(ExitCode.Ok);
    expect(h.requests.at(-1)?.path).toBe(`${MACHINE}/vm/serial-log?tail=13`);
    expect(h.stdout()).toBe('clan: booted\n');
    expect(h.stderr()).toBe('(the last 13 of 5000 bytes; --tail 5000 shows more)\n');
  });

  it('vm list names the networks of known domains', async () => {
    h = harness({
      'GET /api/host/vms': () => ({
        body: {
          items: [{ domainName: 'clan-p-11111111-anna', state: 'running', networkId: NET, machine: 'anna', generation: 2, known: true }],
        },
      }),
    });
    expect(await h.run('vm', 'list')).toBe(ExitCode.Ok);
    expect(h.stdout()).toMatch(/^clan-p-11111111-anna\s+running\s+family\s+anna\s+2\s+yes$/m);
  });

  it('deploy follows the build, then the deployment task the build started', async () => {
    const head = '5b6e8a2c1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c';
    h = harness({
      [`GET /api/networks/${NET}/config/history`]: () => ({ body: { items: [{ sha: head }], total: 3 } }),
      [`POST ${MACHINE}/deploy`]: () => ({ status: 202, body: { taskId: 'b1' } }),
      ...finished('b1', 'succeeded', ['Built /nix/store/x: generation 2.'], {
        type: 'machine.build',
        result: { generation: 2, deployTaskId: 'd1' },
      }),
      ...finished('d1', 'succeeded', ['Generation 2 is healthy.'], { type: 'vm.deploy' }),
    });
    expect(await h.run('deploy', 'family/anna', '--revision', 'HEAD~1')).toBe(ExitCode.Ok);
    expect(h.requests.find((r) => r.path.includes('/config/history'))?.path).toContain('offset=1');
    expect(h.posts()[0].body).toEqual({ revision: head });
    expect(h.stdout()).toBe('11:59:01 INFO  Built /nix/store/x: generation 2.\n11:59:01 INFO  Generation 2 is healthy.\n');
    expect(h.stderr()).toBe(
      'Building family/anna at 5b6e8a2 (task b1); Ctrl-C stops following, not the task.\n' +
        'Task b1 succeeded after 2.0 s.\n' +
        'Deploying generation 2 of family/anna (task d1).\n' +
        'Task d1 succeeded after 2.0 s.\n',
    );
  });

  it('deploy --json prints both tasks; a failed build deploys nothing and exits 4', async () => {
    h = harness({
      [`POST ${MACHINE}/deploy`]: () => ({ status: 202, body: { taskId: 'b2' } }),
      ...finished('b2', 'failed', ['error: builder failed'], { type: 'machine.build', error: 'nix build failed.' }),
    });
    expect(await h.run('--json', 'deploy', 'family/anna')).toBe(ExitCode.TaskFailed);
    expect(h.posts()[0].body).toEqual({});
    expect(JSON.parse(h.stdout())).toMatchObject({ build: { id: 'b2', status: 'failed' }, deploy: null });
  });

  it('deploy says so when the build changed nothing', async () => {
    h = harness({
      [`POST ${MACHINE}/deploy`]: () => ({ status: 202, body: { taskId: 'b3' } }),
      ...finished('b3', 'succeeded', [], { type: 'machine.build', result: { generation: 4, deployTaskId: null } }),
    });
    expect(await h.run('deploy', 'family/anna')).toBe(ExitCode.Ok);
    expect(h.stderr()).toMatch(/Task b3 succeeded after 2\.0 s\.\nGeneration 4 is already running and healthy; nothing to deploy\.\n$/);
  });

  it('generation rollback asks first, and without a terminal wants --yes', async () => {
    const routes = {
      [`POST ${MACHINE}/generations/2/rollback`]: () => ({ status: 202, body: { taskId: 'r1' } }),
      ...finished('r1', 'succeeded', ['Generation 2 is healthy.'], { type: 'vm.deploy' }),
    };
    h = harness(routes);
    expect(await h.run('generation', 'rollback', 'family/anna', '2')).toBe(ExitCode.Usage);
    expect(h.stderr()).toBe(
      'clanctl: Rolling back boots generation 2 of family/anna again (its VM restarts); pass --yes to confirm without a terminal\n',
    );
    expect(await h.run('generation', 'rollback', 'family/anna', 'two', '--yes')).toBe(ExitCode.Usage);
    expect(h.requests).toEqual([]);
    expect(await h.run('generation', 'rollback', 'family/anna', '2', '--yes')).toBe(ExitCode.Ok);
    expect(h.posts().map((r) => r.path)).toEqual([`${MACHINE}/generations/2/rollback`]);
    h.cleanup();

    const questions: string[] = [];
    const answers = ['n', 'yes'];
    h = harness(routes, {
      stdinIsTTY: true,
      prompt: async (q) => {
        questions.push(q);
        return answers.shift() ?? '';
      },
    });
    expect(await h.run('generation', 'rollback', 'family/anna', '2')).toBe(ExitCode.Usage);
    expect(h.stderr()).toBe('clanctl: Not rolled back: answer "y" to confirm, or pass --yes.\n');
    expect(h.posts()).toEqual([]);
    expect(await h.run('generation', 'rollback', 'family/anna', '2')).toBe(ExitCode.Ok);
    expect(questions[0]).toBe('This boots generation 2 of family/anna again (its VM restarts). Roll back? [y/N] ');
    expect(h.posts()).toHaveLength(1);
  });

  it('generation list pages through every generation', async () => {
    h = harness({ [`GET ${MACHINE}/generations`]: () => ({ body: { items: [], total: 0 } }) });
    expect(await h.run('generation', 'list', 'family/anna')).toBe(ExitCode.Ok);
    expect(h.requests.at(-1)?.path).toBe(`${MACHINE}/generations?limit=200&offset=0`);
    expect(h.stdout()).toBe('No generations of family/anna yet. Build the first with `clanctl deploy family/anna`.\n');
  });

  it('generation gc sends --keep and follows the task', async () => {
    h = harness({
      'POST /api/host/generations/gc': () => ({ status: 202, body: { taskId: 'g1' } }),
      ...finished('g1', 'succeeded', ['Collected 2 generation(s) on 1 machine(s), keeping the last 3 of each.'], {
        type: 'generations.gc',
      }),
    });
    expect(await h.run('generation', 'gc', '--keep', '101')).toBe(ExitCode.Usage);
    expect(h.posts()).toEqual([]);
    expect(await h.run('generation', 'gc', '--keep', '3')).toBe(ExitCode.Ok);
    expect(h.posts()[0].body).toEqual({ keep: 3 });
    expect(h.stdout()).toContain('Collected 2 generation(s)');
  });
});
