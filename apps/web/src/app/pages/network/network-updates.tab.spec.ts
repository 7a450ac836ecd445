import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { TaskStatus, type TaskSummary } from '@clan/contracts';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FakeSocket } from '../../../testing/fake-socket';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { LiveSocket, SOCKET_FACTORY } from '../../core/live/live-socket';
import { ConfirmHost } from '../../shared/confirm-host';
import { NetworkStore } from '../../core/networks/network-store';
import type { NetworkView } from '../../core/api/api-types';
import { NetworkContext } from './network-context';
import type { PreviewMachineView, RolloutMachineView, UpdatePreviewView, UpdateRolloutView, UpdatesView } from './network-updates.api';
import { NetworkUpdatesTab, UPSTREAM_EXAMPLE } from './network-updates.tab';

const BASE = '/api/networks/n1/updates';
const DAY = 24 * 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const UPSTREAM = 'git+file:///srv/mirror/clan?ref=main';
const CURRENT = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const LATEST = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432';

/** A network that follows no upstream. */
function none(): UpdatesView {
  return { upstream: null, inputs: [], preview: null, rollout: null, autoUpdate: false, window: null };
}

function following(over: Partial<UpdatesView['inputs'][number]> = {}, rest: Partial<UpdatesView> = {}): UpdatesView {
  return {
    upstream: UPSTREAM,
    preview: null,
    rollout: null,
    autoUpdate: false,
    window: null,
    ...rest,
    inputs: [
      {
        input: 'clan',
        currentRev: CURRENT,
        currentDate: ago(3 * DAY),
        latestRev: LATEST,
        latestDate: ago(DAY),
        available: true,
        checkedAt: ago(2 * 3600_000),
        error: null,
        ...over,
      },
    ],
  };
}

function task(): TaskSummary {
  return {
    id: 't1',
    type: 'update.check',
    status: TaskStatus.Running,
    progress: 10,
    message: 'Reading the upstream',
    networkId: 'n1',
    machine: null,
    userId: 'u1',
    error: null,
    createdAt: '2026-12-07T08:00:00Z',
    startedAt: null,
    finishedAt: null,
  };
}

const MiB = 1024 * 1024;

function machine(name: string, over: Partial<PreviewMachineView> = {}): PreviewMachineView {
  return {
    machine: name,
    baseline: { kind: 'running', generation: 3, storePath: `/nix/store/aaa-${name}` },
    candidate: `/nix/store/bbb-${name}`,
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

function preview(over: Partial<UpdatePreviewView> = {}): UpdatePreviewView {
  return {
    id: 'p1',
    status: 'ready',
    baseRevision: 'c0ffee0000000000000000000000000000000000',
    fromRev: CURRENT,
    toRev: LATEST,
    lockDiff: '-      "rev": "1a2b3c"\n+      "rev": "9f8e7d"',
    machines: [
      machine('alpha', {
        reboot: true,
        packages: [
          { name: 'linux', from: ['6.6.60'], to: ['6.6.63'], sizeDelta: 3 * MiB },
          { name: 'jq', from: [], to: ['1.7.1'], sizeDelta: 512 * 1024 },
        ],
      }),
      machine('beta', {
        restarts: ['nginx.service', 'sshd.service'],
        packages: [{ name: 'nginx', from: ['1.26.3'], to: ['1.28.0'], sizeDelta: -2 * MiB }],
      }),
      machine('gamma', {
        changes: false,
        candidate: `/nix/store/aaa-gamma`,
        closureBytes: { from: 500 * MiB, to: 500 * MiB },
        downloadBytes: 0,
      }),
      machine('delta', {
        changes: false,
        candidate: null,
        closureBytes: { from: 800 * MiB, to: null },
        downloadBytes: null,
        error: 'delta could not be built: the attribute services.foo does not exist.',
      }),
    ],
    taskId: null,
    error: null,
    createdAt: ago(600_000),
    finishedAt: ago(60_000),
    ...over,
  };
}

function rolloutMachine(
  name: string,
  wave: number,
  state: RolloutMachineView['state'],
  over: Partial<RolloutMachineView> = {},
): RolloutMachineView {
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

function rollout(over: Partial<UpdateRolloutView> = {}): UpdateRolloutView {
  return {
    id: 'r1',
    previewId: 'p1',
    status: 'halted',
    fromRev: CURRENT,
    toRev: LATEST,
    revision: 'abc',
    revertRevision: null,
    canary: 'alpha',
    concurrency: 1,
    soakSeconds: 120,
    machines: [
      rolloutMachine('alpha', 0, 'updated', { toGeneration: 4, taskIds: ['tb1', 'td1'] }),
      rolloutMachine('beta', 1, 'rolled-back', {
        toGeneration: 5,
        taskIds: ['tb2'],
        reason: 'beta failed its health check after the update; rolled back to generation 3.',
      }),
      rolloutMachine('epsilon', 2, 'pending'),
      rolloutMachine('gamma', 2, 'unchanged', { fromGeneration: 2 }),
    ],
    haltReason: '1 of 3 machines updated; halted: beta failed its health check after the update, rolled back.',
    trigger: 'manual',
    username: 'alice',
    taskId: 'tr1',
    createdAt: ago(1800_000),
    finishedAt: null,
    ...over,
  };
}

describe('NetworkUpdatesTab', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<NetworkUpdatesTab>;
  let confirmHost: ComponentFixture<ConfirmHost>;
  const byTestId = (id: string) =>
    (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>(`[data-testid="${id}"]`) ??
    document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const text = (id: string) => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
    await confirmHost.whenStable();
  }
  async function click(id: string): Promise<void> {
    const target = byTestId(id) ?? (confirmHost.nativeElement as HTMLElement).querySelector<HTMLElement>(`[data-testid="${id}"]`);
    if (!target) throw new Error(`no element ${id}`);
    target.click();
    await settle();
  }
  async function type(id: string, value: string): Promise<void> {
    const input = byTestId(id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  }

  async function open(role: 'admin' | 'viewer', updates: UpdatesView): Promise<void> {
    const socket = new FakeSocket();
    fake = new FakeApi()
      .on('GET', '/api/networks/n1', {
        body: { id: 'n1', name: 'family', myRole: role, memberCount: 1, description: '', createdAt: '', updatedAt: '' },
      })
      .on('GET', BASE, { body: updates })
      .on('GET', `${BASE}/rollouts`, { body: { items: [], total: 0 } })
      .on('GET', '/api/tasks/t1', { body: task() })
      .on('GET', '/api/tasks/t1/log', { body: { items: [] } });
    TestBed.configureTestingModule({
      imports: [NetworkUpdatesTab, ConfirmHost],
      providers: [
        provideRouter([]),
        NetworkContext,
        { provide: FETCH, useValue: fake.fetch },
        { provide: SOCKET_FACTORY, useValue: () => socket },
      ],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: false, totpEnabled: false }, 'csrf-1');
    TestBed.inject(LiveSocket).start();
    socket.serverOpens();
    await TestBed.inject(NetworkContext).load('n1');
    confirmHost = TestBed.createComponent(ConfirmHost);
    fixture = TestBed.createComponent(NetworkUpdatesTab);
    await settle();
  }

  afterEach(() => fixture.destroy());

  it('says a network without an upstream follows the panel’s own flake, and offers admins the form', async () => {
    await open('admin', none());
    expect(text('updates-upstream')).toBe("The panel's own cLAN flake (updated when the panel is upgraded).");
    expect(byTestId('updates-inputs')).toBeNull();
    expect(byTestId('updates-check')).toBeNull();
    expect(byTestId('updates-stop')).toBeNull();
    expect((byTestId('updates-upstream-input') as HTMLInputElement).placeholder).toBe(UPSTREAM_EXAMPLE);
    expect(byTestId('updates-follow')?.hasAttribute('disabled')).toBe(true);
    expect(byTestId('updates-preview')).toBeNull();
    expect(byTestId('update-settings')).toBeNull();
  });

  it('shows an available update: what runs now and the latest revision with their ages, and when it was checked', async () => {
    await open('admin', following());
    expect(text('updates-upstream')).toContain(UPSTREAM);
    expect(text('update-state-clan')).toBe('Update available');
    expect(byTestId('update-state-clan')?.className).toContain('badge-warn');
    expect(text('update-current-clan')).toBe(`${CURRENT.slice(0, 12)} from 3 days ago`);
    expect(text('update-latest-clan')).toBe(`${LATEST.slice(0, 12)} from yesterday`);
    expect(text('update-checked-clan')).toBe('2 hours ago');
    expect(byTestId('update-error-clan')).toBeNull();
  });

  it('says up to date, and shows the sentence of a check that failed', async () => {
    await open('admin', following({ available: false, latestRev: CURRENT, error: 'nix flake metadata: the branch main does not exist.' }));
    expect(text('update-state-clan')).toBe('Up to date');
    expect(byTestId('update-state-clan')?.className).toContain('badge-ok');
    expect(text('update-error-clan')).toBe('nix flake metadata: the branch main does not exist.');
  });

  it('follows an upstream: PUT with the typed URL, then shows what the answer says', async () => {
    await open('admin', none());
    fake.on('PUT', `${BASE}/upstream`, { body: following({ available: false, latestRev: null, latestDate: null, checkedAt: null }) });
    await type('updates-upstream-input', `  ${UPSTREAM} `);
    await click('updates-follow');
    expect(fake.last('PUT', `${BASE}/upstream`)?.body).toEqual({ upstream: UPSTREAM });
    expect(text('updates-upstream')).toContain(UPSTREAM);
    expect(text('update-state-clan')).toBe('not checked');
    expect(text('update-current-clan')).toContain(CURRENT.slice(0, 12));
    expect((byTestId('updates-upstream-input') as HTMLInputElement).value).toBe('');
  });

  it('puts the API’s 400 sentence on the field, and a 409 in the error box', async () => {
    await open('admin', none());
    const sentence = 'The upstream must be a git+file:// or git+https:// URL that names a branch (?ref=<branch>).';
    fake.on('PUT', `${BASE}/upstream`, {
      status: 400,
      body: { code: 'VALIDATION_FAILED', message: sentence, fields: [{ field: 'upstream', message: sentence }], correlationId: 'c1' },
    });
    await type('updates-upstream-input', 'github:clan/clan-core');
    await click('updates-follow');
    expect(fake.last('PUT', `${BASE}/upstream`)?.body).toEqual({ upstream: 'github:clan/clan-core' });
    expect(text('updates-upstream-error')).toBe(sentence);
    expect(byTestId('updates-upstream-input')?.getAttribute('aria-invalid')).toBe('true');
    expect(byTestId('error-message')).toBeNull();

    fake.on('PUT', `${BASE}/upstream`, apiError(409, 'CONFLICT', 'Nix could not lock it: repository /srv/none does not exist.'));
    await type('updates-upstream-input', 'git+file:///srv/none?ref=main');
    await click('updates-follow');
    expect(byTestId('updates-upstream-error')).toBeNull();
    expect(text('error-message')).toContain('Nix could not lock it: repository /srv/none does not exist.');
  });

  it('stops following after asking', async () => {
    await open('admin', following());
    fake.on('PUT', `${BASE}/upstream`, { body: none() });
    await click('updates-stop');
    expect((confirmHost.nativeElement as HTMLElement).textContent).toContain('Stop following this upstream?');
    expect(fake.last('PUT', `${BASE}/upstream`)).toBeUndefined();
    await click('confirm-ok');
    expect(fake.last('PUT', `${BASE}/upstream`)?.body).toEqual({ upstream: null });
    expect(text('updates-upstream')).toContain('The panel');
    expect(byTestId('updates-inputs')).toBeNull();
  });

  it('checks now: POST, follows the task, and a refusal is shown in words', async () => {
    await open('admin', following());
    fake.on('POST', `${BASE}/check`, apiError(409, 'CONFLICT', 'A check of family is already queued or running.'), 1);
    await click('updates-check');
    expect(text('error-message')).toContain('A check of family is already queued or running.');
    expect(byTestId('task-progress')).toBeNull();

    fake.on('POST', `${BASE}/check`, { status: 202, body: { taskId: 't1' } });
    await click('updates-check');
    expect(fake.last('POST', `${BASE}/check`)).toBeDefined();
    expect(byTestId('error-message')).toBeNull();
    expect(byTestId('task-progress')?.getAttribute('data-status')).toBe('running');
    expect(byTestId('updates-check')?.hasAttribute('disabled')).toBe(true);
  });

  it('reloads what the check found when its task ends, and may check again', async () => {
    await open('admin', following({ available: false, latestRev: CURRENT }));
    const loads = () => fake.requests.filter((r) => r.method === 'GET' && r.path === BASE).length;
    const before = loads();
    fake
      .on('GET', '/api/tasks/t1', { body: { ...task(), status: TaskStatus.Succeeded, progress: 100, finishedAt: '2026-12-07T08:01:00Z' } })
      .on('GET', BASE, { body: following() })
      .on('POST', `${BASE}/check`, { status: 202, body: { taskId: 't1' } });
    await click('updates-check');
    await settle();
    expect(byTestId('task-progress')?.getAttribute('data-status')).toBe('succeeded');
    expect(loads()).toBe(before + 1);
    expect(text('update-state-clan')).toBe('Update available');
    expect(byTestId('updates-check')?.hasAttribute('disabled')).toBe(false);
  });

  it('shows a viewer what the network follows and what the check found, without the form or Check now', async () => {
    await open('viewer', following());
    expect(text('updates-upstream')).toContain(UPSTREAM);
    expect(text('update-state-clan')).toBe('Update available');
    expect(byTestId('updates-follow-form')).toBeNull();
    expect(byTestId('updates-upstream-input')).toBeNull();
    expect(byTestId('updates-stop')).toBeNull();
    expect(byTestId('updates-check')).toBeNull();
  });
  it('offers "Preview update" for an available update: POST, then the building preview follows its task', async () => {
    await open('admin', following());
    expect(text('updates-preview')).toBe('Preview update');
    expect(byTestId('update-preview')).toBeNull();
    fake.on('POST', `${BASE}/preview`, { status: 202, body: { taskId: 't1', previewId: 'p1' } }).on('GET', BASE, {
      body: following(
        {},
        { preview: preview({ status: 'building', machines: [], toRev: null, lockDiff: null, taskId: 't1', finishedAt: null }) },
      ),
    });
    await click('updates-preview');
    expect(fake.last('POST', `${BASE}/preview`)).toBeDefined();
    expect(byTestId('update-preview')?.getAttribute('data-status')).toBe('building');
    expect(text('update-preview-status')).toBe('building');
    expect(byTestId('task-progress')?.getAttribute('data-status')).toBe('running');
    expect(byTestId('updates-preview')).toBeNull();
    expect(byTestId('rollout-form')).toBeNull();
  });

  it('shows a failed preview’s sentence and offers to preview again', async () => {
    await open(
      'admin',
      following(
        {},
        {
          preview: preview({
            status: 'failed',
            machines: [],
            lockDiff: null,
            error: 'Nix could not lock the upstream: the branch main is gone.',
          }),
        },
      ),
    );
    expect(text('update-preview-error')).toBe('Nix could not lock the upstream: the branch main is gone.');
    expect(text('updates-preview')).toBe('Preview again');
    expect(byTestId('rollout-form')).toBeNull();
  });

  it('renders a ready preview per machine: change, reboot chip or the services that restart, packages, sizes and errors', async () => {
    await open('admin', following({}, { preview: preview() }));
    expect(text('update-preview-revs')).toContain(`From ${CURRENT.slice(0, 12)} (3 days ago) to ${LATEST.slice(0, 12)} (yesterday)`);
    const details = byTestId('update-preview-lockdiff') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(details.textContent).toContain('"rev": "9f8e7d"');
    expect(text('update-preview-summary')).toBe('2 of 4 machines change; 1 restarts completely; 1 could not be checked.');

    expect(text('preview-change-alpha')).toBe('Changes');
    expect(text('preview-reboot-alpha')).toBe('reboot');
    expect(text('preview-packages-alpha')).toBe('linux: 6.6.60 → 6.6.63 (+3.0 MiB) jq: new, 1.7.1 (+512 KiB)');
    expect(text('preview-size-alpha')).toBe('900 MiB → 910 MiB');
    expect(text('preview-download-alpha')).toBe('40 MiB');

    expect(byTestId('preview-reboot-beta')).toBeNull();
    expect(text('preview-restarts-beta')).toBe('nginx.service, sshd.service');
    expect(text('preview-packages-beta')).toBe('nginx: 1.26.3 → 1.28.0 (−2.0 MiB)');

    expect(text('preview-change-gamma')).toBe('No change');
    expect(text('preview-restarts-gamma')).toBe('—');
    expect(text('preview-packages-gamma')).toBe('none');

    expect(text('preview-change-delta')).toBe('not known');
    expect(text('preview-error-delta')).toBe('delta could not be built: the attribute services.foo does not exist.');
    expect(text('preview-size-delta')).toBe('800 MiB');
    expect(text('preview-download-delta')).toBe('—');
    // Nothing to preview again: the ready preview is of the latest revision.
    expect(byTestId('updates-preview')).toBeNull();
  });

  it('rolls a ready preview out after a confirmation that says what will happen', async () => {
    await open('admin', following({}, { preview: preview() }));
    const options = Array.from((byTestId('rollout-canary') as HTMLSelectElement).options).map((o) => o.textContent?.trim());
    expect(options).toEqual(['The panel picks: the one with the fewest apps', 'alpha', 'beta']);
    expect(text('rollout-plan')).toBe(
      'the machine with the fewest apps first, then 1 more one at a time; each must stay healthy for 2 minutes; the first failure stops the rollout and rolls that machine back.',
    );
    const select = byTestId('rollout-canary') as HTMLSelectElement;
    select.value = 'alpha';
    select.dispatchEvent(new Event('change'));
    await type('rollout-concurrency', '2');
    await type('rollout-soak', '90');
    fake
      .on('POST', `${BASE}/rollouts`, { status: 202, body: { taskId: 'tr1', rolloutId: 'r1' } })
      .on('GET', BASE, { body: following({}, { preview: preview(), rollout: rollout({ status: 'running', haltReason: null }) }) });
    await click('rollout-start');
    const dialog = (confirmHost.nativeElement as HTMLElement).textContent ?? '';
    expect(dialog).toContain('Roll the update out?');
    expect(dialog).toContain(
      'Alpha first, then 1 more at most 2 at a time; each must stay healthy for 1 minute 30 seconds; the first failure stops the rollout and rolls that machine back.',
    );
    expect(fake.last('POST', `${BASE}/rollouts`)).toBeUndefined();
    await click('confirm-ok');
    expect(fake.last('POST', `${BASE}/rollouts`)?.body).toEqual({ previewId: 'p1', canary: 'alpha', concurrency: 2, soakSeconds: 90 });
    expect(byTestId('update-rollout')?.getAttribute('data-status')).toBe('running');
    expect(byTestId('rollout-form')).toBeNull();
    expect(text('update-rollout-blocked')).toContain('A rollout is under way');
  });

  it('puts the rollout’s 400 under its field and a 409 in the error box', async () => {
    await open('admin', following({}, { preview: preview() }));
    const sentence = 'concurrency must be at most 8';
    fake.on('POST', `${BASE}/rollouts`, {
      status: 400,
      body: { code: 'VALIDATION_FAILED', message: sentence, fields: [{ field: 'concurrency', message: sentence }], correlationId: 'c1' },
    });
    await type('rollout-concurrency', '9');
    await click('rollout-start');
    await click('confirm-ok');
    expect(text('rollout-concurrency-error')).toBe(sentence);
    expect(byTestId('rollout-concurrency')?.getAttribute('aria-invalid')).toBe('true');
    expect(byTestId('error-message')).toBeNull();

    fake.on('POST', `${BASE}/rollouts`, apiError(409, 'CONFLICT', 'The preview is out of date: the upstream moved since. Preview again.'));
    await type('rollout-concurrency', '1');
    await click('rollout-start');
    await click('confirm-ok');
    expect(byTestId('rollout-concurrency-error')).toBeNull();
    expect(text('error-message')).toContain('The preview is out of date: the upstream moved since. Preview again.');
  });

  it("moves the tree's badge along: a network the tree shows without an update is listed again once the tab sees one", async () => {
    await open('admin', following());
    const store = TestBed.inject(NetworkStore);
    const listed = { id: 'n1', name: 'family', myRole: 'owner', memberCount: 1, description: '', createdAt: '', updatedAt: '' };
    store.networks.set([{ ...listed, updateAvailable: false, rolloutHalted: false } as NetworkView]);
    fake.on('GET', '/api/networks', { body: [{ ...listed, updateAvailable: true, rolloutHalted: false }] });
    await click('updates-refresh');
    await settle();
    expect(fake.last('GET', '/api/networks')).toBeDefined();
    expect(store.byId('n1')?.updateAvailable).toBe(true);
  });

  it('shows a halted rollout as a timeline with a banner, and Resume, Skip and Abort call the API', async () => {
    // The rollout committed the new lock: the pin is the upstream's newest revision.
    await open('admin', following({ currentRev: LATEST, available: false }, { preview: preview(), rollout: rollout() }));
    expect(byTestId('update-rollout')?.getAttribute('data-status')).toBe('halted');
    // What needs a decision comes first; the pin is not called "up to date" while machines still run the old revision.
    expect(byTestId('updates-tab')?.firstElementChild?.querySelector('[data-testid="update-rollout"]')).not.toBeNull();
    expect(text('update-state-clan')).toBe('Rolling out');
    expect(text('rollout-halted')).toContain(
      'The rollout stopped. 1 of 3 machines updated; halted: beta failed its health check after the update, rolled back.',
    );
    expect(text('rollout-count')).toBe('1 of 3 machines updated');
    expect(byTestId('rollout-progress')?.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('33');
    expect(text('rollout-wave-0')).toContain('First: the canary');
    expect(text('rollout-machine-alpha')).toContain('canary');
    expect(text('rollout-state-alpha')).toBe('updated');
    expect(byTestId('rollout-state-alpha')?.className).toContain('badge-ok');
    expect(text('rollout-generation-alpha')).toBe('generation #3 → #4');
    expect(text('rollout-state-beta')).toBe('rolled back');
    expect(byTestId('rollout-state-beta')?.className).toContain('badge-warn');
    expect(text('rollout-reason-beta')).toBe('beta failed its health check after the update; rolled back to generation 3.');
    expect(text('rollout-state-epsilon')).toBe('waiting');
    expect(text('rollout-state-gamma')).toBe('no change');
    expect(byTestId('rollout-form')).toBeNull();

    fake
      .on('POST', `${BASE}/rollouts/r1/resume`, { status: 202, body: { taskId: 't2', rolloutId: 'r1' } })
      .on('POST', `${BASE}/rollouts/r1/skip`, { status: 202, body: { taskId: 't3', rolloutId: 'r1' } })
      .on('POST', `${BASE}/rollouts/r1/abort`, { status: 202, body: { taskId: 't4', rolloutId: 'r1' } });
    expect(text('rollout-resume')).toBe('Try beta again');
    await click('rollout-resume');
    expect(fake.last('POST', `${BASE}/rollouts/r1/resume`)).toBeDefined();

    expect(text('rollout-skip')).toBe('Skip beta and go on');
    await click('rollout-skip');
    expect(fake.last('POST', `${BASE}/rollouts/r1/skip`)?.body).toEqual({ machine: 'beta' });

    await click('rollout-abort');
    const dialog = (confirmHost.nativeElement as HTMLElement).textContent ?? '';
    expect(dialog).toContain('Abort the rollout?');
    expect(dialog).toContain('Every machine this rollout updated goes back to the generation it ran before, and the old lock is restored');
    expect(fake.last('POST', `${BASE}/rollouts/r1/abort`)).toBeUndefined();
    await click('confirm-ok');
    expect(fake.last('POST', `${BASE}/rollouts/r1/abort`)).toBeDefined();
  });

  it('shows a refused rollout action in words', async () => {
    await open('admin', following({}, { preview: preview(), rollout: rollout() }));
    fake.on('POST', `${BASE}/rollouts/r1/resume`, apiError(409, 'CONFLICT', 'The rollout is not halted.'));
    await click('rollout-resume');
    expect(text('error-message')).toContain('The rollout is not halted.');
  });

  it('shows a viewer the halted rollout without the buttons', async () => {
    await open('viewer', following({}, { preview: preview(), rollout: rollout() }));
    expect(byTestId('rollout-halted')).not.toBeNull();
    expect(byTestId('rollout-resume')).toBeNull();
    expect(byTestId('rollout-abort')).toBeNull();
    expect(byTestId('rollout-form')).toBeNull();
    expect(text('update-settings-text')).toBe('Off: an admin previews and rolls out each update.');
  });

  it('lists past rollouts with their result, revisions, when and who', async () => {
    await open('admin', following({ available: false, latestRev: CURRENT }));
    fake.on('GET', `${BASE}/rollouts`, {
      body: {
        items: [
          rollout({
            id: 'r2',
            status: 'succeeded',
            haltReason: null,
            username: null,
            trigger: 'schedule',
            machines: [rolloutMachine('alpha', 0, 'updated')],
          }),
          rollout({ status: 'aborted' }),
        ],
        total: 2,
      },
    });
    await click('updates-refresh');
    const cells = Array.from(byTestId('update-rollout-r2')?.querySelectorAll('td') ?? []).map((td) =>
      td.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(cells).toEqual(['done', `${CURRENT.slice(0, 12)} → ${LATEST.slice(0, 12)}`, '1 of 1 updated', '30 minutes ago', 'automatic']);
    expect(text('update-rollout-r1')).toContain('aborted');
    expect(text('update-rollout-r1')).toContain('alice');
  });

  it('saves automatic updates and the window, and puts a 400 under its field', async () => {
    await open('admin', following({ available: false, latestRev: CURRENT }));
    expect((byTestId('update-auto') as HTMLInputElement).checked).toBe(false);
    byTestId('update-auto')?.click();
    byTestId('update-window-on')?.click();
    await settle();
    expect((byTestId('update-day-0') as HTMLInputElement).checked).toBe(true);
    expect((byTestId('update-day-6') as HTMLInputElement).checked).toBe(true);
    byTestId('update-day-3')?.click();
    await type('update-window-start', '23:00');
    await type('update-window-end', '04:00');
    const sentence = 'start must be a time of day as HH:MM, e.g. 02:00';
    fake.on(
      'PUT',
      `${BASE}/settings`,
      {
        status: 400,
        body: { code: 'VALIDATION_FAILED', message: sentence, fields: [{ field: 'window.start', message: sentence }], correlationId: 'c1' },
      },
      1,
    );
    await click('update-settings-save');
    expect(fake.last('PUT', `${BASE}/settings`)?.body).toEqual({
      autoUpdate: true,
      window: { days: [0, 3, 6], start: '23:00', end: '04:00' },
    });
    expect(text('update-window-start-error')).toBe(sentence);
    expect(byTestId('update-window-start')?.getAttribute('aria-invalid')).toBe('true');
    expect(byTestId('error-message')).toBeNull();

    const saved = following(
      { available: false, latestRev: CURRENT },
      { autoUpdate: true, window: { days: [0, 3, 6], start: '23:00', end: '04:00' } },
    );
    fake.on('PUT', `${BASE}/settings`, { body: saved });
    await click('update-settings-save');
    expect(byTestId('update-window-start-error')).toBeNull();
    expect(text('update-settings-saved')).toBe('Saved.');
    expect((byTestId('update-auto') as HTMLInputElement).checked).toBe(true);
  });
});
