import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { TaskStatus, type TaskSummary } from '@clan/contracts';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FakeSocket } from '../../../testing/fake-socket';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { LiveSocket, SOCKET_FACTORY } from '../../core/live/live-socket';
import { ConfirmHost } from '../../shared/confirm-host';
import { NetworkContext } from './network-context';
import type { UpdatesView } from './network-updates.api';
import { NetworkUpdatesTab, UPSTREAM_EXAMPLE } from './network-updates.tab';

const BASE = '/api/networks/n1/updates';
const DAY = 24 * 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const UPSTREAM = 'git+file:///srv/mirror/clan?ref=main';
const CURRENT = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const LATEST = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432';

function following(over: Partial<UpdatesView['inputs'][number]> = {}): UpdatesView {
  return {
    upstream: UPSTREAM,
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
    await open('admin', { upstream: null, inputs: [] });
    expect(text('updates-upstream')).toBe("The panel's own cLAN flake (updated when the panel is upgraded).");
    expect(byTestId('updates-inputs')).toBeNull();
    expect(byTestId('updates-check')).toBeNull();
    expect(byTestId('updates-stop')).toBeNull();
    expect((byTestId('updates-upstream-input') as HTMLInputElement).placeholder).toBe(UPSTREAM_EXAMPLE);
    expect(byTestId('updates-follow')?.hasAttribute('disabled')).toBe(true);
    expect(text('updates-coming')).toContain('Until then an update is applied by setting the upstream again after stopping to follow it');
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
    await open('admin', { upstream: null, inputs: [] });
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
    await open('admin', { upstream: null, inputs: [] });
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
    fake.on('PUT', `${BASE}/upstream`, { body: { upstream: null, inputs: [] } });
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
});
