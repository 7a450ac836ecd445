import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { Confirm } from '../../core/ui/confirm';
import { RecordingsPage } from './recordings.page';
import type { RecordingView } from './recordings.api';

const MINUTE = 60_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

function recording(over: Partial<RecordingView> = {}): RecordingView {
  return {
    id: 'r1',
    kind: 'serial',
    networkId: 'n1',
    networkName: 'family',
    machine: 'web',
    sessionId: 's1',
    startedAt: ago(5 * MINUTE),
    endedAt: ago(4 * MINUTE),
    durationSeconds: 63,
    bytes: 4096,
    width: 80,
    height: 24,
    title: 'family/web serial console',
    startedBy: 'u1',
    startedByName: 'nadia',
    participants: [
      { userId: 'u1', username: 'nadia', joinedAt: ago(5 * MINUTE), leftAt: ago(4 * MINUTE) },
      { userId: 'u2', username: 'anna', joinedAt: ago(5 * MINUTE), leftAt: ago(4 * MINUTE) },
    ],
    ...over,
  };
}

const NETWORKS = {
  items: [{ id: 'n1', name: 'family', myRole: 'admin', memberCount: 2, description: '', createdAt: '', updatedAt: '' }],
  total: 1,
};

describe('RecordingsPage', () => {
  let fake: FakeApi;
  let harness: RouterTestingHarness;
  let items: RecordingView[];
  const root = () => harness.routeNativeElement as HTMLElement;
  const byTestId = (id: string) => root().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const all = (id: string) => Array.from(root().querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));

  async function open(url: string, hostAdmin: boolean): Promise<void> {
    TestBed.inject(Session).start({ id: 'u1', username: 'nadia', displayName: '', isHostAdmin: hostAdmin, totpEnabled: false }, 'csrf-1');
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    await settle();
  }

  async function settle(): Promise<void> {
    await flush();
    harness.detectChanges();
    await harness.fixture.whenStable();
  }

  beforeEach(() => {
    items = [
      recording(),
      recording({
        id: 'r2',
        kind: 'host',
        networkId: null,
        networkName: null,
        machine: null,
        endedAt: null,
        durationSeconds: null,
        bytes: 0,
        startedByName: 'root',
        startedBy: 'u9',
        participants: [],
      }),
    ];
    fake = new FakeApi()
      .on('GET', '/api/networks', { body: NETWORKS })
      .on('GET', '/api/networks/n1/machines', { body: { items: [{ name: 'web' }, { name: 'nas' }], total: 2 } })
      .on('GET', '/api/consoles/recordings', () => ({
        body: { items, total: items.length, retention: { keepDays: 90, keepCount: 1000 } },
      }));
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'recordings', component: RecordingsPage }], withComponentInputBinding()),
        { provide: FETCH, useValue: fake.fetch },
      ],
    });
  });

  it('lists each recording with its kind, target, people, start, length, size and a live badge', async () => {
    await open('/recordings', true);
    const rows = all('recording-row');
    expect(rows).toHaveLength(2);
    const serial = rows[0].textContent ?? '';
    expect(serial).toContain('serial console');
    expect(serial).toContain('family / web');
    expect(serial).toContain('nadia');
    expect(serial).toContain('with anna');
    expect(serial).toContain('5 minutes ago');
    expect(serial).toContain('1:03');
    expect(serial).toContain('4.0 KiB');
    expect(rows[0].querySelector('[data-testid="recording-live"]')).toBeNull();
    const host = rows[1].textContent ?? '';
    expect(host).toContain('host shell');
    expect(host).toContain('host');
    expect(rows[1].querySelector('[data-testid="recording-live"]')?.textContent).toContain('live');
    // The replay link carries the network, so a member's player knows which route to ask.
    const link = rows[0].querySelector<HTMLAnchorElement>('[data-testid="recording-open"]');
    expect(link?.getAttribute('href')).toBe('/recordings/r1?networkId=n1');
    expect(rows[1].querySelector('[data-testid="recording-open"]')?.getAttribute('href')).toBe('/recordings/r2');
    expect(byTestId('recordings-retention')?.textContent).toContain(
      'Finished recordings are deleted automatically after 90 days, and beyond the newest 1000.',
    );
  });

  it('passes the filters of the URL to the API, and changes them through the URL', async () => {
    await open('/recordings?networkId=n1&machine=web', false);
    const request = fake.last('GET', '/api/consoles/recordings');
    const query = new URLSearchParams(request?.search);
    expect(query.get('networkId')).toBe('n1');
    expect(query.get('machine')).toBe('web');
    expect(query.get('limit')).toBe('25');
    expect((byTestId('recordings-machine') as HTMLSelectElement).value).toBe('web');
    // Members see no kind filter (they only ever see serial consoles) and no delete buttons.
    expect(byTestId('recordings-kind')).toBeNull();
    expect(byTestId('recording-delete')).toBeNull();

    const machine = byTestId('recordings-machine') as HTMLSelectElement;
    machine.value = 'nas';
    machine.dispatchEvent(new Event('change'));
    await settle();
    expect(TestBed.inject(Router).url).toBe('/recordings?networkId=n1&machine=nas');
    expect(new URLSearchParams(fake.last('GET', '/api/consoles/recordings')?.search).get('machine')).toBe('nas');
  });

  it('says in words when there is nothing to replay, and when filters match nothing', async () => {
    items = [];
    await open('/recordings', false);
    expect(byTestId('recordings-empty')?.textContent).toContain('No recordings you may replay');
    await harness.navigateByUrl('/recordings?kind=serial&networkId=n1');
    await settle();
    expect(byTestId('recordings-empty')?.textContent).toContain('No recordings match these filters');
  });

  it('lets a host admin delete a recording after confirming, and shows a refusal in words', async () => {
    await open('/recordings', true);
    fake.on('DELETE', '/api/host/recordings/r1', apiError(403, 'FORBIDDEN', 'You need the Sys.Modify privilege.'), 1);
    all('recording-delete')[0].click();
    TestBed.inject(Confirm).answer(true);
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('You need the Sys.Modify privilege.');

    fake.on('DELETE', '/api/host/recordings/r1', { status: 204 });
    all('recording-delete')[0].click();
    TestBed.inject(Confirm).answer(false);
    await settle();
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);

    all('recording-delete')[0].click();
    items = items.slice(1);
    TestBed.inject(Confirm).answer(true);
    await settle();
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(2);
    expect(byTestId('error-message')).toBeNull();
    expect(all('recording-row')).toHaveLength(1);
  });
});
