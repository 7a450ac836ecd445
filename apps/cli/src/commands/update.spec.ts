import type { components } from '@clan/api-client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliDeps } from '../app/context';
import { runCli } from '../app/program';
import { UsageError } from '../lib/errors';
import { ExitCode } from '../lib/exit-codes';
import { fakeDeps } from '../testing/fake-deps';
import { parseWhole, renderPreview, renderRollout, renderUpdates, updateSummaryLine } from './update';

const plain = (_style: string, text: string) => text;
const now = new Date('2026-12-07T12:00:00Z');
const REV = '42f252a9c6679fb484cb24e583d96234cddbe4ac';
const NEXT = '0123456789abcdef0123456789abcdef01234567';
const input = {
  input: 'clan',
  currentRev: REV,
  currentDate: null,
  latestRev: NEXT,
  latestDate: null,
  checkedAt: '2026-12-07T11:00:00Z',
  error: null,
};

describe('renderUpdates', () => {
  it('shows the pin, the latest revision and whether an update is available', () => {
    const text = renderUpdates(
      [
        {
          network: 'family',
          updates: { upstream: 'git+file:///srv/clan?ref=main', inputs: [{ ...input, available: true }], ...noUpdates },
        },
        { network: 'lab', updates: { upstream: null, inputs: [], ...noUpdates } },
      ],
      now,
      plain,
    );
    expect(text).toContain('git+file:///srv/clan?ref=main');
    expect(text).toContain(REV.slice(0, 7));
    expect(text).toContain('update available');
    expect(text).toContain("the panel's flake (no lock)");
  });
  it('says when a check failed or never ran', () => {
    const failed = renderUpdates(
      [
        {
          network: 'family',
          updates: { upstream: 'u', inputs: [{ ...input, available: false, error: 'The upstream u could not be read.' }], ...noUpdates },
        },
      ],
      now,
      plain,
    );
    expect(failed).toContain('could not be read');
    const never = renderUpdates(
      [{ network: 'f', updates: { upstream: 'u', inputs: [{ ...input, available: false, checkedAt: null }], ...noUpdates } }],
      now,
      plain,
    );
    expect(never).toContain('not checked yet');
  });
});

// ── preview and rollout ──────────────────────────────────────────────────────

type Preview = components['schemas']['UpdatePreviewDto'];
type Rollout = components['schemas']['UpdateRolloutDto'];
type PreviewMachine = Preview['machines'][number];
type RolloutMachine = Rollout['machines'][number];

const MiB = 1024 * 1024;

function machine(name: string, over: Partial<PreviewMachine> = {}): PreviewMachine {
  return {
    machine: name,
    baseline: { kind: 'running', generation: 3, storePath: `/nix/store/a-${name}` },
    candidate: `/nix/store/b-${name}`,
    changes: true,
    reboot: false,
    packages: [],
    restarts: [],
    closureBytes: { from: 900 * MiB, to: 910 * MiB },
    downloadBytes: 40 * MiB,
    error: null,
    ...over,
  };
}

function preview(over: Partial<Preview> = {}): Preview {
  return {
    id: 'p1',
    status: 'ready',
    baseRevision: 'c0ffee',
    fromRev: REV,
    toRev: NEXT,
    lockDiff: null,
    machines: [
      machine('alpha', { reboot: true, packages: [{ name: 'linux', from: ['6.6.60'], to: ['6.6.63'], sizeDelta: 3 * MiB }] }),
      machine('beta', { restarts: ['nginx.service'], packages: [{ name: 'nginx', from: ['1.26.3'], to: ['1.28.0'], sizeDelta: 0 }] }),
      machine('gamma', { changes: false, downloadBytes: 0 }),
      machine('delta', { changes: false, candidate: null, downloadBytes: null, error: 'delta could not be built.' }),
    ],
    taskId: 'tp',
    error: null,
    createdAt: '2026-12-07T11:00:00Z',
    finishedAt: '2026-12-07T11:05:00Z',
    ...over,
  };
}

function rm(name: string, wave: number, state: RolloutMachine['state'], over: Partial<RolloutMachine> = {}): RolloutMachine {
  return {
    machine: name,
    wave,
    state,
    fromGeneration: 3,
    toGeneration: null,
    taskIds: [],
    reason: null,
    startedAt: null,
    finishedAt: null,
    ...over,
  };
}

function rollout(over: Partial<Rollout> = {}): Rollout {
  return {
    id: 'r1',
    previewId: 'p1',
    status: 'halted',
    fromRev: REV,
    toRev: NEXT,
    revision: 'abc',
    revertRevision: null,
    canary: 'alpha',
    concurrency: 1,
    soakSeconds: 120,
    machines: [
      rm('alpha', 0, 'updated', { toGeneration: 4 }),
      rm('beta', 1, 'rolled-back', { toGeneration: 5, reason: 'beta failed its health check; rolled back to generation 3.' }),
      rm('gamma', 2, 'unchanged'),
    ],
    haltReason: '1 of 2 machines updated; halted: beta failed its health check after the update, rolled back.',
    trigger: 'manual',
    username: 'alice',
    taskId: 'tr',
    createdAt: '2026-12-07T11:10:00Z',
    finishedAt: null,
    ...over,
  };
}

const noUpdates = { preview: null, rollout: null, autoUpdate: false, window: null };

describe('preview and rollout rendering', () => {
  it('prints a preview per machine: changes, reboot, packages, download, and the error sentences', () => {
    const lines = renderPreview('family', preview(), plain).split('\n');
    expect(lines[0]).toBe(`Preview of family: ${REV.slice(0, 7)} → ${NEXT.slice(0, 7)} (ready).`);
    expect(lines[1]).toMatch(/^MACHINE\s+CHANGES\s+REBOOT\s+PACKAGES\s+DOWNLOAD$/);
    expect(lines[2]).toMatch(/^alpha\s+yes\s+REBOOT\s+1\s+40 MiB$/);
    expect(lines[3]).toMatch(/^beta\s+yes\s+restarts 1\s+1\s+40 MiB$/);
    expect(lines[4]).toMatch(/^gamma\s+no\s+—\s+0\s+0 B$/);
    expect(lines[5]).toMatch(/^delta\s+not known\s+—\s+0\s+—$/);
    expect(lines[6]).toBe('delta: delta could not be built.');
    expect(renderPreview('family', preview({ status: 'failed', machines: [], error: 'Nix could not lock it.' }), plain)).toContain(
      'Nix could not lock it.',
    );
  });

  it('prints a rollout machine by machine with the halt reason', () => {
    const text = renderRollout('family', rollout(), plain);
    const lines = text.split('\n');
    expect(lines[0]).toBe(`Rollout of family: ${REV.slice(0, 7)} → ${NEXT.slice(0, 7)}, halted; 1 of 2 machines updated.`);
    expect(lines[2]).toMatch(/^canary\s+alpha\s+updated\s+3 → 4\s*$/);
    expect(lines[3]).toMatch(/^1\s+beta\s+rolled-back\s+3 → 5\s+beta failed its health check; rolled back to generation 3\.$/);
    expect(lines.at(-1)).toBe('1 of 2 machines updated; halted: beta failed its health check after the update, rolled back.');
  });

  it('adds the preview and rollout to the status as one line per network', () => {
    expect(updateSummaryLine('family', { preview: preview(), rollout: null })).toBe(
      'family: preview ready (2 of 4 machines change, 1 reboot)',
    );
    expect(updateSummaryLine('family', { preview: null, rollout: rollout() })).toBe(
      'family: rollout halted (1 of 2 updated): 1 of 2 machines updated; halted: beta failed its health check after the update, rolled back.',
    );
    expect(updateSummaryLine('lab', { preview: null, rollout: null })).toBeNull();
  });

  it('takes whole numbers in range for --concurrency and --soak', () => {
    expect(parseWhole('--concurrency', undefined, 1, 8)).toBeUndefined();
    expect(parseWhole('--concurrency', '3', 1, 8)).toBe(3);
    expect(() => parseWhole('--concurrency', '9', 1, 8)).toThrow('--concurrency: "9" must be a whole number from 1 to 8');
    expect(() => parseWhole('--soak', '1.5', 0, 3600)).toThrow(UsageError);
  });
});

// ── whole commands against a fake panel ──────────────────────────────────────

type Reply = { status?: number; body?: unknown };
type Handler = (body: any, url: URL) => Reply;

const NET = '11111111-1111-4111-8111-111111111111';
const BASE = `/api/networks/${NET}/updates`;
const AUTH = ['--url', 'http://panel:8080', '--token', 'clan_t'];
const family = { id: NET, name: 'family', description: '', myRole: 'owner', memberCount: 1, createdAt: '2025-11-20T12:00:00Z' };
const apiError = (status: number, code: string, message: string): Reply => ({ status, body: { code, message, correlationId: 'cid' } });

function finished(id: string, status: string, over: Record<string, unknown> = {}): Record<string, Handler> {
  const task = {
    id,
    type: 'update.rollout',
    queue: 'deploy',
    status,
    progress: 100,
    message: null,
    networkId: NET,
    machine: null,
    userId: 'u1',
    error: null,
    result: null,
    cancelRequested: false,
    createdAt: '2025-11-23T11:59:00Z',
    startedAt: '2025-11-23T11:59:00Z',
    finishedAt: '2025-11-23T11:59:02Z',
    ...over,
  };
  return {
    [`GET /api/tasks/${id}`]: () => ({ body: task }),
    [`GET /api/tasks/${id}/log`]: () => ({ body: { items: [], total: 0 } }),
  };
}

function harness(routes: Record<string, Handler>) {
  const dir = mkdtempSync(join(tmpdir(), 'clanctl-update-test-'));
  const out: string[] = [];
  const errs: string[] = [];
  const requests: { method: string; path: string; body: any }[] = [];
  const all: Record<string, Handler> = { 'GET /api/networks': () => ({ body: { items: [family], total: 1 } }), ...routes };
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(input, init);
    const url = new URL(req.url);
    const text = await req.text();
    requests.push({ method: req.method, path: url.pathname, body: text ? JSON.parse(text) : undefined });
    const handler = all[`${req.method} ${url.pathname}`];
    const res = handler
      ? handler(text ? JSON.parse(text) : undefined, url)
      : apiError(404, 'NOT_FOUND', `No such endpoint: ${req.method} ${url.pathname}`);
    return new Response(res.body === undefined ? null : JSON.stringify(res.body), {
      status: res.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  const deps: CliDeps = fakeDeps(dir, fetchImpl, out, errs);
  return {
    run: (...argv: string[]) => runCli([...AUTH, ...argv], deps),
    requests,
    posts: () => requests.filter((r) => r.method === 'POST'),
    stdout: () => out.join(''),
    stderr: () => errs.join(''),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const updatesOf = (over: Record<string, unknown> = {}) => ({
  body: { upstream: 'git+file:///srv/clan?ref=main', inputs: [{ ...input, available: true }], ...noUpdates, ...over },
});

describe('clanctl update preview, rollout, resume, skip, abort', () => {
  let h: ReturnType<typeof harness> | undefined;
  afterEach(() => h?.cleanup());

  it('preview --wait starts the preview, follows its task and prints the table', async () => {
    h = harness({
      [`POST ${BASE}/preview`]: () => ({ status: 202, body: { taskId: 'tp', previewId: 'p1' } }),
      ...finished('tp', 'succeeded', { type: 'update.preview' }),
      [`GET ${BASE}/previews/p1`]: () => ({ body: preview() }),
    });
    expect(await h.run('update', 'preview', '--wait')).toBe(ExitCode.Ok);
    expect(h.stdout()).toMatch(/alpha\s+yes\s+REBOOT\s+1\s+40 MiB/);
    expect(h.stderr()).toContain('Previewing the update of family (task tp)');
    expect(h.stderr()).toContain('`clanctl update rollout` rolls it out.');
  });

  it('preview without --wait prints the task id and follows nothing', async () => {
    h = harness({ [`POST ${BASE}/preview`]: () => ({ status: 202, body: { taskId: 'tp', previewId: 'p1' } }) });
    expect(await h.run('update', 'preview', '--network', 'family')).toBe(ExitCode.Ok);
    expect(h.stdout()).toBe('tp\n');
    expect(h.requests.some((r) => r.path.startsWith('/api/tasks'))).toBe(false);
  });

  it('rollout takes the latest ready preview, sends the defaults, and exits 4 with the halt reason', async () => {
    h = harness({
      [`GET ${BASE}`]: () => updatesOf({ preview: preview() }),
      [`POST ${BASE}/rollouts`]: () => ({ status: 202, body: { taskId: 'tr', rolloutId: 'r1' } }),
      ...finished('tr', 'succeeded'),
      [`GET ${BASE}/rollouts/r1`]: () => ({ body: rollout() }),
    });
    expect(await h.run('update', 'rollout', '--canary', 'alpha')).toBe(ExitCode.TaskFailed);
    expect(h.posts()[0]?.body).toEqual({ previewId: 'p1', canary: 'alpha', concurrency: 1, soakSeconds: 120 });
    expect(h.stdout()).toMatch(/canary\s+alpha\s+updated/);
    expect(h.stderr()).toContain('The rollout of family halted: 1 of 2 machines updated; halted: beta failed its health check');
    expect(h.stderr()).toContain('`clanctl update resume`, `clanctl update skip <machine>` or `clanctl update abort`');
  });

  it('rollout --preview with --concurrency and --soak, ending well, exits 0', async () => {
    h = harness({
      [`POST ${BASE}/rollouts`]: () => ({ status: 202, body: { taskId: 'tr', rolloutId: 'r1' } }),
      ...finished('tr', 'succeeded'),
      [`GET ${BASE}/rollouts/r1`]: () => ({
        body: rollout({ status: 'succeeded', haltReason: null, machines: [rm('alpha', 0, 'updated', { toGeneration: 4 })] }),
      }),
    });
    expect(await h.run('update', 'rollout', '--preview', 'p9', '--concurrency', '3', '--soak', '30')).toBe(ExitCode.Ok);
    expect(h.posts()[0]?.body).toEqual({ previewId: 'p9', concurrency: 3, soakSeconds: 30 });
    expect(h.stdout()).toContain('succeeded; 1 of 1 machines updated.');
  });

  it('rollout refuses a bad --concurrency before any request, and says when there is no ready preview', async () => {
    h = harness({ [`GET ${BASE}`]: () => updatesOf({ preview: preview({ status: 'building', machines: [] }) }) });
    expect(await h.run('update', 'rollout', '--concurrency', '9')).toBe(ExitCode.Usage);
    expect(h.requests).toHaveLength(0);
    expect(h.stderr()).toContain('--concurrency: "9" must be a whole number from 1 to 8');
    expect(await h.run('update', 'rollout')).toBe(ExitCode.ApiError);
    expect(h.stderr()).toContain('The preview of family is still building');
    expect(h.posts()).toHaveLength(0);
  });

  it('passes the panel’s 409 through', async () => {
    h = harness({
      [`GET ${BASE}`]: () => updatesOf({ preview: preview() }),
      [`POST ${BASE}/rollouts`]: () => apiError(409, 'CONFLICT', 'A rollout of family is already running.'),
    });
    expect(await h.run('update', 'rollout')).toBe(ExitCode.ApiError);
    expect(h.stderr()).toContain('A rollout of family is already running.');
  });

  it('resume, skip and abort act on the current rollout', async () => {
    const rollouts = [
      rollout({ status: 'running', haltReason: null }),
      rollout({ status: 'succeeded', haltReason: null }),
      rollout({ status: 'aborted', haltReason: null }),
    ];
    let next = 0;
    h = harness({
      [`GET ${BASE}`]: () => updatesOf({ preview: preview(), rollout: rollout() }),
      [`POST ${BASE}/rollouts/r1/resume`]: () => ({ status: 202, body: { taskId: 'tr', rolloutId: 'r1' } }),
      [`POST ${BASE}/rollouts/r1/skip`]: () => ({ status: 202, body: { taskId: 'tr', rolloutId: 'r1' } }),
      [`POST ${BASE}/rollouts/r1/abort`]: () => ({ status: 202, body: { taskId: 'ta', rolloutId: 'r1' } }),
      ...finished('tr', 'succeeded'),
      ...finished('ta', 'succeeded'),
      [`GET ${BASE}/rollouts/r1`]: () => ({ body: rollouts[next++] }),
    });
    expect(await h.run('update', 'resume')).toBe(ExitCode.Ok);
    expect(h.posts().at(-1)?.path).toBe(`${BASE}/rollouts/r1/resume`);
    expect(await h.run('update', 'skip', 'beta')).toBe(ExitCode.Ok);
    expect(h.posts().at(-1)).toMatchObject({ path: `${BASE}/rollouts/r1/skip`, body: { machine: 'beta' } });
    expect(await h.run('update', 'abort')).toBe(ExitCode.Ok);
    expect(h.posts().at(-1)?.path).toBe(`${BASE}/rollouts/r1/abort`);
    expect(h.stderr()).toContain('every machine it updated goes back, and the old lock is restored');
    expect(h.stderr()).toContain('The rollout of family was aborted.');
  });

  it('says when there is no rollout to act on', async () => {
    h = harness({ [`GET ${BASE}`]: () => updatesOf({ rollout: rollout({ status: 'succeeded', haltReason: null }) }) });
    expect(await h.run('update', 'abort')).toBe(ExitCode.ApiError);
    expect(h.stderr()).toContain('family has no rollout running or halted (the last one succeeded).');
    expect(h.posts()).toHaveLength(0);
  });
});
