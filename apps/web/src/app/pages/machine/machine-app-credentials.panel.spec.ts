import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import type { MachineView } from '../../core/api/config-types';
import { Session } from '../../core/auth/session';
import { ConfirmHost } from '../../shared/confirm-host';
import { NetworkContext } from '../network/network-context';
import { MachineAppCredentialsPanel } from './machine-app-credentials.panel';
import { MachineContext } from './machine-context';

const BASE = '/api/networks/n1/machines/nas/app-credentials';

function credential(app: string, patch: Record<string, unknown> = {}) {
  return {
    app,
    kind: app === 'vaultwarden' ? 'token' : 'password',
    username: app === 'vaultwarden' ? null : 'admin',
    usage: `Sign in to ${app}.`,
    applies: app === 'jellyfin' ? 'first-boot' : 'every-deploy',
    files: [`/run/clan-secrets/apps/${app}/admin-password`],
    url: null,
    createdAt: '2026-03-10T10:00:00Z',
    rotatedAt: null,
    revealedAt: null,
    revealCount: 0,
    ...patch,
  };
}

describe('MachineAppCredentialsPanel', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<MachineAppCredentialsPanel>;
  let confirmHost: ComponentFixture<ConfirmHost>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
    await confirmHost.whenStable();
    await flush();
    await fixture.whenStable();
  }
  async function click(id: string): Promise<void> {
    (byTestId(id) as HTMLButtonElement).click();
    await settle();
  }
  async function answer(yes: boolean): Promise<void> {
    const host = confirmHost.nativeElement as HTMLElement;
    (yes
      ? host.querySelector<HTMLElement>('[data-testid="confirm-ok"]')
      : host.querySelector<HTMLElement>('.dialog-actions .btn:not([data-testid])')
    )?.click();
    await settle();
  }
  const confirmText = () => (confirmHost.nativeElement as HTMLElement).textContent ?? '';
  const posts = () => fake.requests.filter((r) => r.method === 'POST');

  async function render(items: unknown[]): Promise<void> {
    fake = new FakeApi()
      .on('GET', '/api/networks/n1', {
        body: { id: 'n1', name: 'family', myRole: 'admin', memberCount: 2, description: '', createdAt: '', updatedAt: '' },
      })
      .on('GET', BASE, { body: { items } });
    TestBed.configureTestingModule({
      imports: [MachineAppCredentialsPanel],
      providers: [provideRouter([]), NetworkContext, MachineContext, { provide: FETCH, useValue: fake.fetch }],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: false, totpEnabled: false }, 'csrf-1');
    await TestBed.inject(NetworkContext).load('n1');
    const context = TestBed.inject(MachineContext);
    context.name.set('nas');
    context.machine.set({ name: 'nas' } as MachineView);
    confirmHost = TestBed.createComponent(ConfirmHost);
    fixture = TestBed.createComponent(MachineAppCredentialsPanel);
    await settle();
  }

  it('lists each app’s credential with its user, and offers the ones nobody has seen yet', async () => {
    await render([
      credential('syncthing'),
      credential('vaultwarden', { url: 'https://vaultwarden.nas.family.clan/admin' }),
      credential('forgejo', { revealedAt: '2026-03-10T11:00:00Z', revealCount: 2 }),
    ]);
    // Where to use it: the app's HTTPS address on the mesh, once the machine is in it.
    const open = byTestId('app-credential-open-vaultwarden') as HTMLAnchorElement;
    expect([open.getAttribute('href'), open.getAttribute('target'), open.getAttribute('rel')]).toEqual([
      'https://vaultwarden.nas.family.clan/admin',
      '_blank',
      'noopener noreferrer',
    ]);
    expect(byTestId('app-credential-open-syncthing')).toBeNull();
    expect(byTestId('app-credential-syncthing')?.textContent).toContain('user admin');
    expect(byTestId('app-credential-vaultwarden')?.textContent).toContain('admin token');
    expect(byTestId('app-credential-new-syncthing')?.textContent).toContain('not shown yet');
    expect(byTestId('app-credential-shown-forgejo')?.textContent).toContain('shown 2 times');
    expect(byTestId('app-credentials-new')?.textContent).toContain('2 apps have a first admin credential nobody has seen yet');
    expect(byTestId('app-credential-show-syncthing')?.classList).toContain('btn-primary');
    expect(byTestId('app-credential-show-forgejo')?.classList).not.toContain('btn-primary');
    // Never a secret in the list.
    expect(el().textContent).not.toContain('s3cret');
  });

  it('shows a credential not seen yet at once, with a copy button, until “I have stored it”', async () => {
    await render([credential('syncthing')]);
    fake.on('POST', `${BASE}/syncthing/reveal`, {
      body: {
        ...credential('syncthing', { revealedAt: '2026-03-10T12:00:00Z', revealCount: 1, url: 'https://syncthing.nas.family.clan/' }),
        secret: 's3cret-token-value',
        firstReveal: true,
      },
    });
    await click('app-credential-show-syncthing');
    // The first showing is offered: no confirmation.
    expect(confirmText()).toBe('');
    expect(posts()).toHaveLength(1);
    expect(posts()[0].body).toEqual({});
    expect(posts()[0].headers.get('x-csrf-token')).toBe('csrf-1');
    expect(byTestId('app-credential-secret')?.textContent?.trim()).toBe('s3cret-token-value');
    expect(byTestId('app-credential-url')?.getAttribute('href')).toBe('https://syncthing.nas.family.clan/');
    expect(el().textContent).toContain('Copy');
    expect(el().textContent).toContain('showing it again later needs a confirmation');
    expect(byTestId('app-credential-shown-syncthing')?.textContent).toContain('shown once');
    expect(byTestId('app-credentials-new')).toBeNull();

    await click('app-credential-stored');
    expect(byTestId('app-credential-secret')).toBeNull();
    expect(el().textContent).not.toContain('s3cret-token-value');
  });

  it('asks before showing a credential again, and sends confirm: true only then', async () => {
    await render([credential('forgejo', { revealedAt: '2026-03-10T11:00:00Z', revealCount: 1 })]);
    fake.on('POST', `${BASE}/forgejo/reveal`, {
      body: {
        ...credential('forgejo', { revealedAt: '2026-03-10T11:00:00Z', revealCount: 2 }),
        secret: 'again-secret',
        firstReveal: false,
      },
    });
    await click('app-credential-show-forgejo');
    expect(confirmText()).toContain('Show the forgejo password again?');
    expect(confirmText()).toContain('recorded in the network’s audit log'.replace('’', "'"));
    await answer(false);
    expect(posts()).toEqual([]);

    await click('app-credential-show-forgejo');
    await answer(true);
    expect(posts().map((r) => r.body)).toEqual([{ confirm: true }]);
    expect(byTestId('app-credential-secret')?.textContent?.trim()).toBe('again-secret');
    expect(el().textContent).toContain('This showing is recorded in the audit log.');
  });

  it('rotates after a confirmation that says when the new secret applies, and tells what happens next', async () => {
    await render([credential('jellyfin', { revealedAt: '2026-03-10T11:00:00Z', revealCount: 1 })]);
    fake.on('POST', `${BASE}/jellyfin/rotate`, {
      body: {
        credential: credential('jellyfin', { rotatedAt: '2026-03-10T12:00:00Z' }),
        message: 'The new secret reaches nas with the next deployment, but jellyfin takes it only when it is set up afresh.',
      },
    });
    await click('app-credential-rotate-jellyfin');
    expect(confirmText()).toContain('Rotate the jellyfin password?');
    expect(confirmText()).toContain('only when it is set up afresh');
    await answer(true);
    expect(posts().map((r) => r.path)).toEqual([`${BASE}/jellyfin/rotate`]);
    expect(byTestId('app-credential-new-jellyfin')?.textContent).toContain('not shown yet');
  });

  it('shows the API’s sentence when a call is refused', async () => {
    await render([credential('paperless')]);
    fake.on('POST', `${BASE}/paperless/reveal`, apiError(404, 'NOT_FOUND', 'Machine "nas" has no credential for the app "paperless".'));
    await click('app-credential-show-paperless');
    expect(el().textContent).toContain('has no credential for the app "paperless"');
    expect(byTestId('app-credential-secret')).toBeNull();
  });
});
