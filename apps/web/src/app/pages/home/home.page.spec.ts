import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import type { HomeNetworkView, HomeView } from './home.api';
import { HomePage } from './home.page';

const NET = '11111111-1111-4111-8111-111111111111';

function family(over: Partial<HomeNetworkView> = {}): HomeNetworkView {
  return {
    id: NET,
    name: 'family',
    description: '',
    role: 'member',
    system: 'nixos',
    apps: [
      {
        app: 'syncthing',
        title: 'Syncthing',
        description: 'Continuous, peer-to-peer folder synchronisation between the machines of the network.',
        machine: 'files',
        meshName: 'files.family.clan',
        url: 'https://syncthing.files.family.clan/',
      },
    ],
    machines: [
      {
        name: 'files',
        meshName: 'files.family.clan',
        state: 'running',
        stateWords: 'running',
        apps: ['Syncthing'],
        backup: { state: 'not-yet-backed-up', tone: 'warn', words: 'not yet backed up' },
      },
    ],
    devices: [],
    admins: [{ name: 'Bob Builder', role: 'admin' }],
    ca: {
      pem: `/api/networks/${NET}/ca.pem`,
      crt: `/api/networks/${NET}/ca.crt`,
      mobileconfig: `/api/networks/${NET}/ca.mobileconfig`,
      signed: { pem: `/api/ca/${NET}/pem?s`, crt: `/api/ca/${NET}/crt?s`, mobileconfig: `/api/ca/${NET}/mobileconfig?s` },
    },
    problem: null,
    ...over,
  };
}

describe('HomePage', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<HomePage>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const allByTestId = (id: string) => Array.from(el().querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));

  async function render(home: HomeView | null, options: { hostAdmin?: boolean; status?: number } = {}): Promise<void> {
    fake = new FakeApi().on(
      'GET',
      '/api/me/home',
      home ? { body: home } : apiError(options.status ?? 500, 'INTERNAL', 'The panel could not read your home; try again.'),
    );
    TestBed.configureTestingModule({ imports: [HomePage], providers: [provideRouter([]), { provide: FETCH, useValue: fake.fetch }] });
    TestBed.inject(Session).start(
      { id: 'u1', username: 'anna', displayName: 'Anna', isHostAdmin: options.hostAdmin ?? false, totpEnabled: false },
      'csrf',
    );
    fixture = TestBed.createComponent(HomePage);
    await flush();
    await fixture.whenStable();
  }

  it("greets the member and shows the network's app with its link, its services' backups and who the admins are", async () => {
    await render({ displayName: 'Anna', networks: [family()] });
    expect(byTestId('home-page')?.textContent).toContain('Hello, Anna');
    const app = byTestId('home-app-syncthing') as HTMLElement;
    expect(app.textContent).toContain('Syncthing');
    expect(app.textContent).toContain('Continuous, peer-to-peer folder synchronisation');
    expect(app.textContent).toContain('on files.family.clan');
    const open = byTestId('home-app-open-syncthing') as HTMLAnchorElement;
    expect(open.getAttribute('href')).toBe('https://syncthing.files.family.clan/');
    expect(open.getAttribute('target')).toBe('_blank');
    expect(el().textContent).toContain('The links work on your devices connected to family.');
    expect(byTestId('home-machine-state-files')?.textContent).toContain('running');
    const [backup] = allByTestId('home-backup-state');
    expect(backup.textContent?.trim()).toBe('not yet backed up');
    expect(backup.getAttribute('data-tone')).toBe('warn');
    expect(byTestId('home-no-devices-family')?.textContent).toContain('Ask an admin for an invite link');
    expect(byTestId('home-admins-family')?.textContent).toContain('Bob Builder looks after family.');
    const ca = byTestId('home-ca-family') as HTMLElement;
    expect(ca.textContent).toContain("Install the network's certificate");
    expect(byTestId('ca-file-mobileconfig')?.getAttribute('href')).toBe(`/api/networks/${NET}/ca.mobileconfig`);
    // Friendly, not technical: no Nix, no host pages.
    expect(el().textContent).not.toMatch(/nix|configs\.json|Host shell/i);
  });

  it('says that the links of a demo network open nothing yet', async () => {
    await render({ displayName: 'Anna', networks: [family({ system: 'demo' })] });
    expect(byTestId('home-demo-family')?.textContent).toContain('family is a demo network');
    expect(el().textContent).not.toContain('The links work on your devices');
  });

  it("lists the member's devices with their backup state in words", async () => {
    await render({
      displayName: 'Anna',
      networks: [
        family({
          devices: [
            {
              name: 'laptop-anna',
              meshName: 'laptop-anna.family.clan',
              backup: { state: 'failed', tone: 'danger', words: 'last backup failed 3 days ago — the admins know' },
            },
          ],
        }),
      ],
    });
    expect(byTestId('home-device-laptop-anna')?.textContent).toContain('last backup failed 3 days ago — the admins know');
    expect(byTestId('home-no-devices-family')).toBeNull();
  });

  it('says what to do when the member is in no network yet', async () => {
    await render({ displayName: 'Anna', networks: [] });
    expect(byTestId('home-empty')?.textContent).toContain('You are not in a network yet: ask an admin for an invite link.');
  });

  it('asks the admins for remote help and shows who was told', async () => {
    await render({ displayName: 'Anna', networks: [family()] });
    fake.on('POST', `/api/networks/${NET}/help-requests`, {
      status: 201,
      body: { id: '22222222-2222-4222-8222-222222222222', message: 'Bob Builder has been told; they will get in touch with you.' },
    });
    byTestId('home-ask-help')?.click();
    await fixture.whenStable();
    const send = byTestId('home-help-send') as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    const message = byTestId('home-help-message') as HTMLTextAreaElement;
    message.value = 'The photos do not sync to my phone.';
    message.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(send.disabled).toBe(false);
    send.click();
    await flush();
    await fixture.whenStable();
    expect(fake.last('POST', `/api/networks/${NET}/help-requests`)?.body).toEqual({ message: 'The photos do not sync to my phone.' });
    expect(byTestId('home-help-sent')?.textContent).toContain('Bob Builder has been told; they will get in touch with you.');
  });

  it("shows the API's sentence when the home cannot be read", async () => {
    await render(null);
    expect(el().textContent).toContain('The panel could not read your home; try again.');
  });
});
