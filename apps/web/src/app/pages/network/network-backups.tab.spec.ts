import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { TaskStatus, type TaskSummary } from '@clan/contracts';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FakeSocket } from '../../../testing/fake-socket';
import { fakeUPlot } from '../../../testing/fake-uplot';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { LiveSocket, SOCKET_FACTORY } from '../../core/live/live-socket';
import { UPLOT_LOADER } from '../../shared/chart/line-chart';
import { ConfirmHost } from '../../shared/confirm-host';
import type { BackupPolicyView, BackupRepositoryView, NetworkBackupStatusView } from '../backups/backups.api';
import { NetworkBackupsTab } from './network-backups.tab';
import { NetworkContext } from './network-context';

const BASE = '/api/networks/n1/backups';
const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

const REPO: BackupRepositoryView = {
  id: 'r1',
  networkId: 'n1',
  name: 'nas',
  kind: 'local',
  location: '/srv/backups',
  hasCredentials: false,
  initializedAt: '2026-03-01T10:00:00Z',
  check: { at: null, result: 'unknown', error: null },
  polledAt: null,
  pollError: null,
  pollErrorClass: null,
  sizeBytes: 3 * 1024 * 1024,
  freeBytes: 10 * 1024 * 1024 * 1024,
  policies: 1,
  createdAt: '2026-03-01T10:00:00Z',
};

function status(): NetworkBackupStatusView {
  const integrity = { result: 'unknown' as const, lastCheckAt: null, ageSeconds: null };
  return {
    networkId: 'n1',
    evaluatedAt: new Date().toISOString(),
    repositories: [REPO],
    subjects: [
      {
        kind: 'device',
        name: 'laptop-anna',
        coverage: 'protected',
        state: 'stale',
        freshness: 'stale',
        lastSuccessAt: ago(3 * 24 * HOUR),
        ageSeconds: 3 * 24 * 3600,
        integrity,
        storage: [{ repositoryId: 'r1', repositoryName: 'nas', sizeBytes: REPO.sizeBytes, freeBytes: REPO.freeBytes }],
        restorability: null,
        words: 'backed up',
        policies: [],
      },
      {
        kind: 'machine',
        name: 'printer',
        coverage: 'not-protected',
        state: 'not-protected',
        freshness: null,
        lastSuccessAt: null,
        ageSeconds: null,
        integrity,
        storage: [],
        restorability: null,
        words: null,
        policies: [],
      },
      {
        kind: 'machine',
        name: 'nas',
        coverage: 'protected',
        state: 'protected',
        freshness: 'ok',
        lastSuccessAt: ago(2 * HOUR),
        ageSeconds: 7200,
        integrity,
        storage: [],
        restorability: 'verified',
        words: 'backed up and verified 2026-03-10',
        policies: [
          {
            policyId: 'p1',
            repositoryId: 'r1',
            repositoryName: 'nas',
            runner: 'panel',
            freshness: 'ok',
            lastSuccessAt: ago(2 * HOUR),
            lastRunStatus: 'succeeded',
            lastErrorClass: null,
            lastError: null,
            lateAfterHours: 26,
            staleAfterHours: 72,
            verification: 'verified',
            verifiedAt: ago(3 * HOUR),
            verificationDetail: 'Snapshot 8c1f882f of nas booted on generation 3 in a VM with no network and answered healthy.',
          },
        ],
      },
      {
        kind: 'device',
        name: 'tablet',
        coverage: 'not-yet-backed-up',
        state: 'first-backup-pending',
        freshness: 'never',
        lastSuccessAt: null,
        ageSeconds: null,
        integrity,
        storage: [],
        restorability: null,
        words: null,
        policies: [],
      },
    ],
  };
}

function policy(over: Partial<BackupPolicyView> = {}): BackupPolicyView {
  return {
    id: 'p1',
    networkId: 'n1',
    repositoryId: 'r1',
    repositoryName: 'nas',
    subjectKind: 'machine',
    subjectName: 'nas',
    ownerUserId: null,
    runner: 'panel',
    enabled: true,
    paths: ['/srv/photos'],
    excludes: [],
    includeAppState: true,
    effectivePaths: ['/srv/photos'],
    appHooks: [],
    preHooks: [],
    postHooks: [],
    dumpHooks: [],
    schedule: '0 3 * * *',
    checkSchedule: null,
    checkReadDataSubset: null,
    keepLast: 0,
    keepDaily: 7,
    keepWeekly: 4,
    keepMonthly: 0,
    lateAfterHours: 26,
    staleAfterHours: 72,
    hasCheckinToken: false,
    snapshotTag: 'clan-policy:p1',
    status: {
      freshness: 'ok',
      lastSuccessAt: ago(2 * HOUR),
      lastSnapshotId: null,
      lastRunAt: null,
      lastRunStatus: null,
      lastErrorClass: null,
      lastError: null,
      lastCheckinAt: null,
      nextRunAt: null,
    },
    createdAt: '2026-03-01T10:00:00Z',
    updatedAt: '2026-03-01T10:00:00Z',
    ...over,
  };
}

function task(): TaskSummary {
  return {
    id: 't1',
    type: 'backup.run',
    status: TaskStatus.Running,
    progress: 40,
    message: '40 % · 12 files',
    networkId: 'n1',
    machine: null,
    userId: 'u1',
    error: null,
    createdAt: '2026-03-10T11:00:00Z',
    startedAt: null,
    finishedAt: null,
  };
}

describe('NetworkBackupsTab', () => {
  let fake: FakeApi;
  let plots: ReturnType<typeof fakeUPlot>;
  let fixture: ComponentFixture<NetworkBackupsTab>;
  let confirmHost: ComponentFixture<ConfirmHost>;
  const byTestId = (id: string) =>
    (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>(`[data-testid="${id}"]`) ??
    document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
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

  beforeEach(async () => {
    const socket = new FakeSocket();
    fake = new FakeApi()
      .on('GET', '/api/networks/n1', {
        body: { id: 'n1', name: 'family', myRole: 'admin', memberCount: 1, description: '', createdAt: '', updatedAt: '' },
      })
      .on('GET', `${BASE}/status`, () => ({ body: status() }))
      .on('GET', `${BASE}/policies`, {
        body: {
          items: [
            policy(),
            policy({ id: 'p2', subjectKind: 'device', subjectName: 'laptop-anna', runner: 'device', schedule: null }),
            policy({
              id: 'p4',
              subjectKind: 'device',
              subjectName: 'tablet',
              runner: 'device',
              schedule: null,
              status: { ...policy().status, freshness: 'never', lastSuccessAt: null },
            }),
          ],
          total: 3,
        },
      })
      .on('GET', `${BASE}/repositories/r1/usage`, {
        body: {
          repositoryId: 'r1',
          samples: [
            { at: ago(48 * HOUR), sizeBytes: 1024 * 1024, freeBytes: 11 * 1024 ** 3 },
            { at: ago(HOUR), sizeBytes: 3 * 1024 * 1024, freeBytes: 10 * 1024 ** 3 },
          ],
        },
      })
      .on('GET', '/api/tasks/t1', { body: task() })
      .on('GET', '/api/tasks/t1/log', { body: { items: [] } });
    plots = fakeUPlot();
    TestBed.configureTestingModule({
      imports: [NetworkBackupsTab, ConfirmHost],
      providers: [
        provideRouter([]),
        NetworkContext,
        { provide: FETCH, useValue: fake.fetch },
        { provide: SOCKET_FACTORY, useValue: () => socket },
        { provide: UPLOT_LOADER, useValue: plots.loader },
      ],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: false, totpEnabled: false }, 'csrf-1');
    TestBed.inject(LiveSocket).start();
    socket.serverOpens();
    await TestBed.inject(NetworkContext).load('n1');
    confirmHost = TestBed.createComponent(ConfirmHost);
    fixture = TestBed.createComponent(NetworkBackupsTab);
    await settle();
  });

  afterEach(() => fixture.destroy());

  it('shows every subject with its badges, last success in words, and the usage chart', () => {
    const laptop = byTestId('backup-subject-laptop-anna')?.textContent ?? '';
    expect(byTestId('backup-freshness-laptop-anna')?.textContent?.trim()).toBe('stale');
    expect(byTestId('backup-freshness-laptop-anna')?.className).toContain('badge-danger');
    expect(laptop).toContain('3 days ago');
    expect(laptop).toContain('not checked');
    expect(byTestId('backup-subject-printer')?.textContent).toContain('not protected');
    expect(byTestId('backup-subject-printer')?.textContent).toContain('never');
    expect(byTestId('backup-freshness-nas')?.textContent?.trim()).toBe('ok');
    expect(byTestId('backup-subject-nas')?.textContent).toContain('2 hours ago');
    expect(byTestId('backup-repo-nas')?.textContent).toContain('3.0 MiB');
    expect(fake.last('GET', `${BASE}/repositories/r1/usage`)).toBeDefined();
    const chart = byTestId('backup-usage-chart');
    expect(chart?.querySelector('[data-testid="chart-plot"]')).not.toBeNull();
    // The repository's size over time is what is plotted (uPlot draws it on a canvas).
    const plotted = plots.drawn.at(-1);
    expect(plotted?.target && chart?.contains(plotted.target)).toBe(true);
    expect(plotted?.data.slice(1).some((series) => series.includes(3 * 1024 * 1024))).toBe(true);
    expect(chart?.textContent).toContain('Usage of nas');
    // "Run now" only where the panel runs restic; a device backs itself up.
    expect(byTestId('backup-run-nas')).not.toBeNull();
    expect(byTestId('backup-run-laptop-anna')).toBeNull();
  });

  it('runs a policy now and follows its task; a refusal is shown in words', async () => {
    fake.on('POST', `${BASE}/policies/p1/run`, apiError(409, 'CONFLICT', 'A backup of nas is already queued or running.'), 1);
    await click('backup-run-nas');
    expect(byTestId('error-message')?.textContent).toContain('A backup of nas is already queued or running.');
    expect(byTestId('task-progress')).toBeNull();

    fake.on('POST', `${BASE}/policies/p1/run`, { status: 202, body: { taskId: 't1' } });
    await click('backup-run-nas');
    expect(byTestId('error-message')).toBeNull();
    expect(byTestId('task-progress')?.getAttribute('data-status')).toBe('running');
    expect(byTestId('backup-run-nas')?.hasAttribute('disabled')).toBe(true);
  });

  it('says a machine is backed up and verified, and verifies a machine policy now (devices have no such button)', async () => {
    expect(byTestId('backup-words-nas')?.textContent?.trim()).toBe('backed up and verified 2026-03-10');
    expect(byTestId('backup-words-laptop-anna')?.textContent?.trim()).toBe('backed up');
    const badge = byTestId('backup-verification-nas')?.querySelector('span');
    expect(badge?.textContent?.trim()).toBe('verified');
    expect(badge?.className).toContain('badge-ok');
    expect(badge?.getAttribute('title')).toContain('booted healthy in a throw-away VM 3 hours ago');
    expect(byTestId('backup-verify-laptop-anna')).toBeNull();

    fake.on(
      'POST',
      `${BASE}/policies/p1/verify`,
      apiError(409, 'CONFLICT', 'The policy for nas already has a verified restore running.'),
      1,
    );
    await click('backup-verify-nas');
    expect(byTestId('error-message')?.textContent).toContain('already has a verified restore running');

    fake.on('POST', `${BASE}/policies/p1/verify`, { status: 202, body: { taskId: 't1' } });
    await click('backup-verify-nas');
    expect(byTestId('error-message')).toBeNull();
    expect(fake.last('POST', `${BASE}/policies/p1/verify`)).toBeDefined();
    expect(byTestId('backups-policies')?.parentElement?.parentElement?.textContent).toContain('Verified restore of nas');
    expect(byTestId('task-progress')?.getAttribute('data-status')).toBe('running');
    expect(byTestId('backup-verify-nas')?.hasAttribute('disabled')).toBe(true);
  });

  it('shows a machine whose restore test failed as not restorable, with what failed', async () => {
    const failed = status();
    const nas = failed.subjects.find((x) => x.name === 'nas')!;
    nas.restorability = 'not-restorable';
    nas.words = 'not restorable';
    nas.policies[0] = {
      ...nas.policies[0],
      verification: 'not-restorable',
      verificationDetail: 'Snapshot 8c1f882f booted on generation 3 did not come up healthy.',
    };
    fake.on('GET', `${BASE}/status`, () => ({ body: failed }));
    await click('backups-refresh');
    expect(byTestId('backup-words-nas')?.textContent?.trim()).toBe('not restorable');
    expect(byTestId('backup-words-nas')?.className).toContain('text-danger');
    const badge = byTestId('backup-verification-nas')?.querySelector('span');
    expect(badge?.textContent?.trim()).toBe('not restorable');
    expect(badge?.className).toContain('badge-danger');
    expect(badge?.getAttribute('title')).toContain('did not come up healthy');
  });

  it('restores a chosen path of a snapshot to its original location', async () => {
    fake
      .on('GET', `${BASE}/repositories/r1/snapshots`, {
        body: {
          items: [
            {
              id: '8c1f882f1ded',
              shortId: '8c1f882f',
              time: ago(HOUR),
              hostname: 'nas',
              paths: ['/srv/photos'],
              tags: [],
              policyId: 'p1',
              part: 'files',
            },
          ],
          total: 1,
        },
      })
      .on('GET', `${BASE}/repositories/r1/snapshots/8c1f882f1ded/tree`, (req) => ({
        body: {
          snapshotId: '8c1f882f1ded',
          path: new URLSearchParams(req.search).get('path'),
          entries: [{ name: '2024', path: '/srv/photos/2024', type: 'dir', size: null, mtime: null, permissions: null }],
        },
      }))
      .on('POST', `${BASE}/repositories/r1/snapshots/8c1f882f1ded/restore`, { status: 202, body: { taskId: 't1' } });
    await click('backup-restore-nas');
    expect(fake.last('GET', `${BASE}/repositories/r1/snapshots`)?.search).toBe('?policyId=p1');
    await click('restore-snapshot-8c1f882f');
    expect(fake.last('GET', `${BASE}/repositories/r1/snapshots/8c1f882f1ded/tree`)?.search).toBe('?path=%2Fsrv%2Fphotos');
    await click('restore-choose-2024');
    expect(byTestId('restore-chosen')?.textContent).toContain('/srv/photos/2024');
    // A snapshot the host took has no original in the machine's repository: no restore into the machine.
    expect(byTestId('restore-in-machine')).toBeNull();
    await click('restore-submit');
    await click('confirm-ok');
    expect(fake.last('POST', `${BASE}/repositories/r1/snapshots/8c1f882f1ded/restore`)?.body).toEqual({ path: '/srv/photos/2024' });
    expect(byTestId('task-progress')).not.toBeNull();
  });
  it('restores a path of a machine snapshot into the running machine, and shows the refusal when it is not running', async () => {
    const IN_MACHINE = `${BASE}/repositories/r1/snapshots/5d2e0c7a9b11/restore-in-machine`;
    fake
      .on('GET', `${BASE}/repositories/r1/snapshots`, {
        body: {
          items: [
            {
              id: '5d2e0c7a9b11',
              shortId: '5d2e0c7a',
              time: ago(HOUR),
              hostname: 'nas',
              paths: ['/state/data'],
              tags: [],
              policyId: 'p1',
              part: 'machine-files',
            },
          ],
          total: 1,
        },
      })
      .on('GET', `${BASE}/repositories/r1/snapshots/5d2e0c7a9b11/tree`, (req) => ({
        body: {
          snapshotId: '5d2e0c7a9b11',
          path: new URLSearchParams(req.search).get('path'),
          entries: [{ name: 'notes.txt', path: '/state/data/notes.txt', type: 'file', size: 97, mtime: null, permissions: null }],
        },
      }))
      .on('POST', IN_MACHINE, {
        body: { machine: 'nas', snapshotId: '5d2e0c7a9b11', machineSnapshotId: 'a0b1c2d3e4f5', restored: '/state/data/notes.txt' },
      });
    await click('backup-restore-nas');
    await click('restore-snapshot-5d2e0c7a');
    const input = () => byTestId('restore-in-machine-path') as HTMLInputElement;
    // The path starts as the browsed folder, then follows what is chosen.
    expect(input().value).toBe('/state/data');
    await click('restore-choose-notes.txt');
    expect(input().value).toBe('/state/data/notes.txt');
    expect(byTestId('restore-in-machine-submit')?.textContent).toContain('Restore into nas');
    await click('restore-in-machine-submit');
    expect((confirmHost.nativeElement as HTMLElement).textContent).toContain('Restore /state/data/notes.txt into nas?');
    await click('confirm-ok');
    expect(fake.last('POST', IN_MACHINE)?.body).toEqual({ path: '/state/data/notes.txt' });
    expect(byTestId('restore-in-machine-done')?.textContent).toContain('nas restored /state/data/notes.txt from snapshot 5d2e0c7a.');
    expect(byTestId('task-progress')).toBeNull();

    // A typed path; the machine has stopped meanwhile: the API's sentence is shown.
    fake.on('POST', IN_MACHINE, apiError(409, 'CONFLICT', 'nas is not running, so nothing can be restored into it; start it first.'));
    input().value = '/state/data';
    input().dispatchEvent(new Event('input'));
    await settle();
    await click('restore-in-machine-submit');
    await click('confirm-ok');
    expect(fake.last('POST', IN_MACHINE)?.body).toEqual({ path: '/state/data' });
    expect(byTestId('error-message')?.textContent).toContain('nas is not running, so nothing can be restored into it; start it first.');
    expect(byTestId('restore-in-machine-done')).toBeNull();

    // A relative path cannot be sent.
    input().value = 'state/data';
    input().dispatchEvent(new Event('input'));
    await settle();
    expect((byTestId('restore-in-machine-submit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('brings a whole machine back to a snapshot that records its revision and generation', async () => {
    const RESTORE = '/api/networks/n1/machines/nas/restore';
    const snapshot = (id: string, tags: string[]) => ({
      id: `${id}9b11`,
      shortId: id,
      time: '2026-12-01T09:30:00Z',
      hostname: 'nas',
      paths: ['/nas-state.img'],
      tags,
      policyId: 'p1',
      part: 'state-disk',
    });
    fake
      .on('GET', `${BASE}/repositories/r1/snapshots`, {
        body: {
          items: [
            snapshot('5d2e0c7a', ['clan-policy:p1', 'clan-revision=0123abcd4567', 'clan-generation=3']),
            snapshot('77aa00bb', ['clan-policy:p1']),
          ],
          total: 2,
        },
      })
      .on('POST', RESTORE, { status: 202, body: { taskId: 't9' } });
    await click('backup-restore-nas');
    // Only the snapshot that names its point in time offers it; both can be browsed.
    expect(byTestId('restore-machine-5d2e0c7a')).not.toBeNull();
    expect(byTestId('restore-machine-77aa00bb')).toBeNull();
    expect(byTestId('restore-snapshots')?.textContent).toContain('Whole state disk');
    expect(byTestId('restore-snapshots')?.textContent).toContain('generation 3');
    expect(byTestId('restore-snapshots')?.textContent).not.toContain('2026-12-01T09:30:00Z');
    await click('restore-machine-5d2e0c7a');
    const question = (confirmHost.nativeElement as HTMLElement).textContent ?? '';
    expect(question).toContain('Bring nas back to');
    expect(question).toContain('revision 0123abcd and generation 3 boots');
    expect(question).toContain('kept aside');
    await click('confirm-ok');
    expect(fake.last('POST', RESTORE)?.body).toEqual({ repositoryId: 'r1', snapshotId: '5d2e0c7a9b11' });
    expect(byTestId('task-progress')).not.toBeNull();
  });

  it("creates a policy and puts the API's 400 messages on their fields", async () => {
    // Later registrations win: the 400 answers once, then the 201.
    fake.on('POST', `${BASE}/policies`, { status: 201, body: policy({ id: 'p3', subjectName: 'printer' }) });
    fake.on(
      'POST',
      `${BASE}/policies`,
      {
        status: 400,
        body: {
          code: 'VALIDATION_FAILED',
          message: 'paths must be absolute, normalised paths',
          fields: [{ field: 'paths', message: 'paths must be absolute, normalised paths (not "photos")' }],
          correlationId: 'none',
        },
      },
      1,
    );
    await click('backup-policy-new');
    const set = async (id: string, value: string, event: string) => {
      const input = byTestId(id) as HTMLInputElement | HTMLSelectElement;
      input.value = value;
      input.dispatchEvent(new Event(event));
      await settle();
    };
    await set('policy-subject', 'machine/printer', 'change');
    await set('policy-repository', 'r1', 'change');
    await set('policy-paths', 'photos', 'input');
    await click('policy-save');
    expect(byTestId('policy-form')?.textContent).toContain('paths must be absolute, normalised paths (not "photos")');
    expect(fake.last('POST', `${BASE}/policies`)?.body).toMatchObject({
      subjectKind: 'machine',
      subjectName: 'printer',
      repositoryId: 'r1',
      paths: ['photos'],
      schedule: '0 3 * * *',
    });

    await set('policy-paths', '/srv/scans', 'input');
    await click('policy-save');
    expect(fake.last('POST', `${BASE}/policies`)?.body).toMatchObject({ paths: ['/srv/scans'] });
    expect(byTestId('policy-form')).toBeNull();
  });

  it('is "protected" only after a backup succeeded, and says "never" once', () => {
    const state = (name: string) => byTestId(`backup-subject-${name}`)?.querySelector<HTMLElement>('[data-testid="backup-state"]');
    expect(state('nas')?.textContent?.trim()).toBe('protected');
    expect(state('nas')?.className).toContain('badge-ok');
    expect(state('tablet')?.textContent?.trim()).toBe('not yet backed up');
    expect(state('tablet')?.className).toContain('badge-warn');
    expect(state('printer')?.textContent?.trim()).toBe('not protected');
    expect(state('laptop-anna')?.textContent?.trim()).toBe('stale');
    // the policy of a subject never backed up: "never", once
    const last = byTestId('backup-policy-last-tablet')?.textContent?.replace(/\s+/g, ' ').trim();
    expect(last).toBe('never');
    // …and, for a machine, whether its latest snapshot was verified to boot.
    expect(byTestId('backup-policy-last-nas')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('ok 2 hours ago verified');
    expect(byTestId('backups-tab')?.textContent).not.toMatch(/never\s+never/);
  });

  it('guides through an empty network: New policy waits for a repository', async () => {
    fake.on('GET', `${BASE}/status`, () => ({ body: { ...status(), repositories: [] } }));
    fake.on('GET', `${BASE}/policies`, { body: { items: [], total: 0 } });
    await click('backups-refresh');
    expect(byTestId('backup-policy-new')?.hasAttribute('disabled')).toBe(true);
    expect(byTestId('backup-policy-new')?.getAttribute('title')).toBe('Add a repository first, under Repositories below.');
    const guide = byTestId('backup-policies-empty')?.textContent ?? '';
    expect(guide).toContain('Add a repository');
    expect(guide).toContain('Create a policy');
    expect(guide).not.toContain('clanctl');
    expect(byTestId('backup-repos-empty')).not.toBeNull();
    expect(byTestId('backup-repo-add')).not.toBeNull();
  });

  async function type(id: string, value: string): Promise<void> {
    const input = byTestId(id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  }

  it('adds an S3 repository (network admins get no host directory), shows its password once, then initialises it', async () => {
    fake
      .on('POST', `${BASE}/repositories`, {
        status: 201,
        body: {
          ...REPO,
          id: 'r2',
          name: 'offsite',
          kind: 's3',
          location: 's3:https://garage.example:3900/family',
          password: 'GENERATED-pw-1234',
        },
      })
      .on('POST', `${BASE}/repositories/r2/init`, { status: 202, body: { taskId: 't1' } });
    await click('backup-repo-add');
    expect(byTestId('backup-repo-kind-local')).toBeNull();
    expect((byTestId('backup-repo-kind-s3') as HTMLInputElement).checked).toBe(true);
    expect(byTestId('backup-repo-save')?.hasAttribute('disabled')).toBe(true);
    await type('backup-repo-name', 'offsite');
    await type('backup-repo-endpoint', 'garage.example:3900/');
    await type('backup-repo-bucket', 'family');
    await type('backup-repo-accessKeyId', 'GKabc');
    await type('backup-repo-secretAccessKey', 'very-secret');
    await click('backup-repo-save');
    expect(fake.last('POST', `${BASE}/repositories`)?.body).toEqual({
      name: 'offsite',
      kind: 's3',
      location: 's3:https://garage.example:3900/family',
      s3: { accessKeyId: 'GKabc', secretAccessKey: 'very-secret' },
    });
    expect(byTestId('backup-repo-password')?.textContent?.trim()).toBe('GENERATED-pw-1234');
    expect(byTestId('backup-repo-created')?.textContent).toContain(
      'Store this password somewhere safe: without it the backups cannot be restored.',
    );
    expect(fake.last('POST', `${BASE}/repositories/r2/init`)).toBeDefined();
    // Not closed before the password is stored: Done is disabled, and the close button does nothing.
    expect(byTestId('backup-repo-done')?.hasAttribute('disabled')).toBe(true);
    document.querySelector<HTMLElement>('[aria-label="Close dialog"]')?.click();
    await settle();
    expect(byTestId('backup-repo-password')).not.toBeNull();
    const stored = byTestId('backup-repo-stored') as HTMLInputElement;
    stored.checked = true;
    stored.dispatchEvent(new Event('change'));
    await settle();
    await click('backup-repo-done');
    expect(byTestId('backup-repo-password')).toBeNull();
  });

  it('offers host admins a host directory, and puts the API 400 on the path', async () => {
    TestBed.inject(Session).start({ id: 'u1', username: 'root', displayName: '', isHostAdmin: true, totpEnabled: false }, 'csrf-1');
    await settle();
    fake.on('POST', `${BASE}/repositories`, {
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: 'a local repository location "backups" is not an absolute path',
        fields: [{ field: 'location', message: 'a local repository location "backups" is not an absolute path' }],
        correlationId: 'none',
      },
    });
    await click('backup-repo-add');
    const local = byTestId('backup-repo-kind-local') as HTMLInputElement;
    local.checked = true;
    local.dispatchEvent(new Event('change'));
    await settle();
    await type('backup-repo-name', 'usb');
    await type('backup-repo-path', 'backups');
    await click('backup-repo-save');
    expect(fake.last('POST', `${BASE}/repositories`)?.body).toEqual({ name: 'usb', kind: 'local', location: 'backups' });
    expect(byTestId('backup-repo-form')?.textContent).toContain('"backups" is not an absolute path');
  });

  it('removes a repository after asking; a repository in use gets the API 409 sentence', async () => {
    fake.on(
      'DELETE',
      `${BASE}/repositories/r1`,
      apiError(409, 'CONFLICT', '1 backup policy uses the repository "nas"; delete or move them first.'),
    );
    await click('backup-repo-remove-nas');
    expect((confirmHost.nativeElement as HTMLElement).textContent).toContain('Remove repository nas?');
    await click('confirm-ok');
    expect(fake.last('DELETE', `${BASE}/repositories/r1`)).toBeDefined();
    expect(byTestId('error-message')?.textContent).toContain('1 backup policy uses the repository "nas"; delete or move them first.');
  });

  it('renames a repository, and sends new S3 keys only when typed', async () => {
    fake.on('PATCH', `${BASE}/repositories/r1`, { body: { ...REPO, name: 'usb' } });
    await click('backup-repo-edit-nas');
    await type('backup-repo-edit-name', 'usb');
    await click('backup-repo-edit-save');
    expect(fake.last('PATCH', `${BASE}/repositories/r1`)?.body).toEqual({ name: 'usb' });
    expect(byTestId('backup-repo-edit-form')).toBeNull();
  });
});
