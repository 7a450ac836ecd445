import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeApi, apiError, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { Confirm } from '../../core/ui/confirm';
import { HostsPage } from './hosts.page';
import { WORKER_OFFLINE, hostFixture } from './hosts-fixtures';

const COMMANDS = [
  'curl -fsSL https://panel.example/api/hosts/node/install.sh -o /tmp/clan-node-install.sh',
  'sh /tmp/clan-node-install.sh --panel https://panel.example --token clanhost_0123456789abcdef',
];

describe('HostsPage', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<HostsPage>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);

  async function settle(): Promise<void> {
    await flush();
    fixture.detectChanges();
    await fixture.whenStable();
  }

  async function type(id: string, value: string): Promise<void> {
    const input = byTestId(id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  }

  async function render(hosts = [hostFixture(), WORKER_OFFLINE], enrolments: unknown[] = []): Promise<void> {
    fake = new FakeApi()
      .on('GET', '/api/hosts', { body: { items: hosts } })
      .on('GET', '/api/hosts/enrolments', { body: { items: enrolments } });
    TestBed.configureTestingModule({
      imports: [HostsPage],
      providers: [provideRouter([]), { provide: FETCH, useValue: fake.fetch }],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'root', displayName: '', isHostAdmin: true, totpEnabled: false }, 'csrf-1');
    fixture = TestBed.createComponent(HostsPage);
    await settle();
  }

  it('shows each host with its role, and online or offline with when it was last seen', async () => {
    await render();
    expect(byTestId('host-role-panel-host')?.textContent?.trim()).toBe('Panel host');
    expect(byTestId('host-role-worker-1')?.textContent?.trim()).toBe('Worker');
    expect(byTestId('host-state-panel-host')?.textContent?.trim()).toBe('Online');
    expect(byTestId('host-state-panel-host')?.className).toContain('badge-ok');
    expect(byTestId('host-state-worker-1')?.textContent?.trim()).toBe('Offline');
    expect(byTestId('host-state-worker-1')?.className).toContain('badge-danger');
    expect(byTestId('host-seen-worker-1')?.textContent?.trim()).toBe('last seen 3 minutes ago');
    expect(byTestId('host-link-worker-1')?.getAttribute('href')).toBe('/hosts/h-worker');
    // Memory: 16 GiB total, 10 GiB available → 6 GiB used, as a bar and in words.
    const memory = byTestId('host-meters-h-panel')?.querySelector('[data-testid="host-meter-memory"]');
    expect(memory?.querySelector('[role="meter"]')?.getAttribute('aria-valuenow')).toBe('38');
    expect(memory?.textContent).toContain('6 GiB of 16 GiB');
    expect(byTestId('fleet-empty')).toBeNull();
  });

  it('explains what a fleet is while there is no other host than the panel’s', async () => {
    await render([hostFixture()]);
    expect(byTestId('fleet-empty')?.textContent).toContain('A fleet is several computers');
    expect(byTestId('fleet-empty-add')).not.toBeNull();
  });

  it('says what is wrong with a name before anything is sent', async () => {
    await render();
    byTestId('add-host')?.click();
    await settle();
    await type('add-host-name', 'Worker_2');
    expect(byTestId('add-host-name-error')?.textContent?.trim()).toBe('Use only lower-case letters, digits and dashes, e.g. worker-1.');
    await type('add-host-name', 'worker-1');
    expect(byTestId('add-host-name-error')?.textContent).toContain('already exists');
    byTestId('add-host-submit')?.click();
    await settle();
    expect(fake.last('POST', '/api/hosts/enrolments')).toBeUndefined();
    await type('add-host-name', '-edge');
    expect(byTestId('add-host-name-error')?.textContent?.trim()).toBe('Start and end the name with a letter or digit.');
  });

  it('shows the one-time commands and token after the enrolment is made, and lists it as waiting', async () => {
    await render();
    const expiresAt = new Date(Date.now() + 24 * 3600_000).toISOString();
    fake.on('POST', '/api/hosts/enrolments', {
      status: 201,
      body: { id: 'e1', name: 'worker-2', token: 'clanhost_0123456789abcdef', expiresAt, commands: COMMANDS },
    });
    fake.on('GET', '/api/hosts/enrolments', {
      body: { items: [{ id: 'e1', name: 'worker-2', expiresAt, usedAt: null, hostId: null, createdAt: new Date().toISOString() }] },
    });

    byTestId('add-host')?.click();
    await settle();
    await type('add-host-name', 'worker-2');
    const expiry = byTestId('add-host-expiry') as HTMLSelectElement;
    expect(expiry.value).toBe('60');
    expiry.value = '1440';
    expiry.dispatchEvent(new Event('change'));
    byTestId('add-host-submit')?.click();
    await settle();

    const sent = fake.last('POST', '/api/hosts/enrolments');
    expect(sent?.body).toEqual({ name: 'worker-2', expiresInMinutes: 1440 });
    expect(sent?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(byTestId('add-host-command-0')?.textContent?.trim()).toBe(COMMANDS[0]);
    expect(byTestId('add-host-command-1')?.textContent?.trim()).toBe(COMMANDS[1]);
    expect(byTestId('add-host-token')?.textContent?.trim()).toBe('clanhost_0123456789abcdef');
    expect(byTestId('add-host-once')?.textContent).toMatch(/works once/);
    expect(byTestId('add-host-once')?.textContent).toContain('in 24 hours');
    expect(byTestId('host-enrolment-e1')?.textContent).toContain('worker-2');

    byTestId('add-host-done')?.click();
    await settle();
    expect(byTestId('add-host-result')).toBeNull();
  });

  it('shows the API’s sentence when the enrolment is refused', async () => {
    await render();
    fake.on('POST', '/api/hosts/enrolments', apiError(409, 'CONFLICT', 'A host enrolment named worker-2 is already waiting.'));
    byTestId('add-host')?.click();
    await settle();
    await type('add-host-name', 'worker-2');
    byTestId('add-host-submit')?.click();
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('A host enrolment named worker-2 is already waiting.');
    expect(byTestId('add-host-result')).toBeNull();
  });

  it('revokes a waiting enrolment after asking', async () => {
    const expiresAt = new Date(Date.now() + 42 * 60_000 + 10_000).toISOString();
    await render(undefined, [
      { id: 'e1', name: 'worker-2', expiresAt, usedAt: null, hostId: null, createdAt: new Date().toISOString() },
      { id: 'e0', name: 'old', expiresAt: new Date(Date.now() - 60_000).toISOString(), usedAt: null, hostId: null, createdAt: '' },
    ]);
    expect(byTestId('host-enrolment-e1')?.textContent).toContain('in 43 minutes');
    expect(byTestId('host-enrolment-e0')).toBeNull();
    fake.on('DELETE', '/api/hosts/enrolments/e1', { status: 204 });
    fake.on('GET', '/api/hosts/enrolments', { body: { items: [] } });
    byTestId('host-enrolment-revoke-e1')?.click();
    await settle();
    TestBed.inject(Confirm).answer(true);
    await settle();
    expect(fake.last('DELETE', '/api/hosts/enrolments/e1')).toBeDefined();
    expect(byTestId('host-enrolments')).toBeNull();
  });
});
