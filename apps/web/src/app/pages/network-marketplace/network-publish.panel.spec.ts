import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { NetworkRole } from '@clan/contracts';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import type { PublishedTemplate } from '../../core/api/network-marketplace.service';
import { Session } from '../../core/auth/session';
import { Confirm } from '../../core/ui/confirm';
import { ConfirmHost } from '../../shared/confirm-host';
import { NetworkContext } from '../network/network-context';
import { NETWORK_ID, TO_REV } from './network-marketplace-fixtures';
import { DEFAULT_LICENCE, PUBLISH_SCOPE } from './network-publish.dialog';
import { NetworkPublishPanel } from './network-publish.panel';

const PUBLISH = `/api/networks/${NETWORK_ID}/publish`;
const GIT_URL = `https://panel.example.org/api/published/${NETWORK_ID}.git`;
const LINK = `nix://https-panel.example.org/api/published/${NETWORK_ID}.git`;

function published(over: Partial<PublishedTemplate> = {}): PublishedTemplate {
  return {
    networkId: NETWORK_ID,
    key: 'home',
    title: 'Home network',
    description: 'Our home server.',
    licence: DEFAULT_LICENCE,
    revision: TO_REV,
    publishedAt: '2026-12-07T10:00:00.000Z',
    publishedBy: 'alice',
    gitUrl: GIT_URL,
    link: LINK,
    machines: ['laptop', 'server'],
    apps: ['syncthing', 'pinBoard'],
    omitted: ['Keys and secrets of 2 machines.', 'The mesh section of configs.json.'],
    ...over,
  };
}

describe('NetworkPublishPanel', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<NetworkPublishPanel>;
  let confirmHost: ComponentFixture<ConfirmHost>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => el().querySelector<T>(`[data-testid="${id}"]`);

  async function settle(): Promise<void> {
    await flush();
    fixture.detectChanges();
    confirmHost.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  function type(id: string, value: string): void {
    const input = byTestId<HTMLInputElement | HTMLTextAreaElement>(id)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function open(role = 'owner' as NetworkRole): Promise<void> {
    TestBed.configureTestingModule({
      imports: [NetworkPublishPanel, ConfirmHost],
      providers: [provideRouter([{ path: '**', children: [] }]), NetworkContext, { provide: FETCH, useValue: fake.fetch }],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: false, totpEnabled: false }, 'csrf-1', [
      { networkId: NETWORK_ID, networkName: 'home', role },
    ]);
    await TestBed.inject(NetworkContext).load(NETWORK_ID);
    confirmHost = TestBed.createComponent(ConfirmHost);
    fixture = TestBed.createComponent(NetworkPublishPanel);
    await settle();
    await settle();
  }

  beforeEach(() => {
    fake = new FakeApi()
      .on('GET', `/api/networks/${NETWORK_ID}`, { body: { id: NETWORK_ID, name: 'home', description: 'Our home.', myRole: 'owner' } })
      .on('GET', PUBLISH, { body: { published: null } });
  });

  it('says what would be shared, and publishes with the licence CC0-1.0 by default', async () => {
    fake.on('POST', PUBLISH, { body: published() });
    await open();
    expect(byTestId('publish-none')?.textContent).toContain('Not published');
    expect(el().textContent).toContain('Never keys, secrets, members or local changes');
    byTestId('publish-open')!.click();
    await settle();
    // The dialog starts from the network: its name as the title, its description, the default licence.
    expect(byTestId('publish-scope')?.textContent?.trim()).toBe(PUBLISH_SCOPE);
    expect(byTestId<HTMLInputElement>('publish-title')?.value).toBe('home');
    expect(byTestId<HTMLTextAreaElement>('publish-description')?.value).toBe('Our home.');
    expect(byTestId<HTMLInputElement>('publish-licence')?.value).toBe('CC0-1.0');
    type('publish-title', ' Home network ');
    await settle();
    byTestId<HTMLFormElement>('publish-form')!.dispatchEvent(new Event('submit'));
    await settle();
    const sent = fake.last('POST', PUBLISH);
    expect(sent?.body).toEqual({ title: 'Home network', description: 'Our home.', licence: 'CC0-1.0' });
    expect(sent?.headers.get('x-csrf-token')).toBe('csrf-1');
    // Published: the link and git URL to copy, what it has, what was left out.
    expect(byTestId('publish-form')).toBeNull();
    expect(byTestId('publish-state')?.textContent).toContain('Home network');
    expect(byTestId('publish-state')?.textContent).toContain(TO_REV.slice(0, 12));
    expect(byTestId('publish-link')?.textContent).toBe(LINK);
    expect(byTestId('publish-git-url')?.textContent).toBe(GIT_URL);
    expect(byTestId('publish-machines')?.textContent).toContain('laptop, server');
    expect(byTestId('publish-apps')?.textContent).toContain('syncthing, pinBoard');
    expect(byTestId('publish-omitted')?.textContent).toContain('The mesh section of configs.json.');
  });

  it('copies the nix:// link', async () => {
    fake.on('GET', PUBLISH, { body: { published: published() } });
    await open();
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    byTestId('publish-link')!.parentElement!.querySelector<HTMLButtonElement>('button')!.click();
    await settle();
    expect(writeText).toHaveBeenCalledWith(LINK);
  });

  it('says when there is no nix:// link (the panel does not know its address)', async () => {
    fake.on('GET', PUBLISH, { body: { published: published({ link: null, omitted: [] }) } });
    await open();
    expect(byTestId('publish-link')).toBeNull();
    expect(byTestId('publish-no-link')?.textContent).toContain('Use the git URL');
    expect(byTestId('publish-omitted')).toBeNull();
  });

  it('publishes again from what is published, and shows the API’s sentence when it refuses', async () => {
    fake.on('GET', PUBLISH, { body: { published: published({ licence: 'MIT' }) } });
    fake.on('POST', PUBLISH, apiError(409, 'CONFLICT', 'home has no machines: add one before publishing.'), 1);
    await open();
    byTestId('publish-again')!.click();
    await settle();
    expect(byTestId<HTMLInputElement>('publish-title')?.value).toBe('Home network');
    expect(byTestId<HTMLInputElement>('publish-licence')?.value).toBe('MIT');
    expect(byTestId('publish-submit')?.textContent).toContain('Publish again');
    byTestId<HTMLFormElement>('publish-form')!.dispatchEvent(new Event('submit'));
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('add one before publishing');
    expect(byTestId('publish-form')).not.toBeNull();
    fake.on('POST', PUBLISH, { body: published({ licence: 'MIT', revision: 'abcdef0123456789' }) });
    byTestId<HTMLFormElement>('publish-form')!.dispatchEvent(new Event('submit'));
    await settle();
    expect(fake.last('POST', PUBLISH)?.body).toEqual({ title: 'Home network', description: 'Our home server.', licence: 'MIT' });
    expect(byTestId('publish-form')).toBeNull();
    expect(byTestId('publish-state')?.textContent).toContain('abcdef012345');
  });

  it('unpublishes only after confirmation', async () => {
    fake.on('GET', PUBLISH, { body: { published: published() } });
    fake.on('DELETE', PUBLISH, { status: 204 });
    await open();
    byTestId('publish-remove')!.click();
    await settle();
    TestBed.inject(Confirm).answer(false);
    await settle();
    expect(fake.last('DELETE', PUBLISH)).toBeUndefined();
    byTestId('publish-remove')!.click();
    await settle();
    expect((confirmHost.nativeElement as HTMLElement).textContent).toContain('Its link and git URL stop answering');
    (confirmHost.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('[data-testid="confirm-ok"]')!.click();
    await settle();
    expect(fake.last('DELETE', PUBLISH)?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(byTestId('publish-none')).not.toBeNull();
  });

  it('shows members what is published, without the buttons', async () => {
    fake.on('GET', `/api/networks/${NETWORK_ID}`, { body: { id: NETWORK_ID, name: 'home', description: '', myRole: 'member' } });
    fake.on('GET', PUBLISH, { body: { published: published() } });
    await open('member' as NetworkRole);
    expect(byTestId('publish-link')?.textContent).toBe(LINK);
    expect(byTestId('publish-again')).toBeNull();
    expect(byTestId('publish-remove')).toBeNull();
  });

  it('tells members who publishes', async () => {
    fake.on('GET', `/api/networks/${NETWORK_ID}`, { body: { id: NETWORK_ID, name: 'home', description: '', myRole: 'admin' } });
    await open('admin' as NetworkRole);
    expect(byTestId('publish-none')).not.toBeNull();
    expect(byTestId('publish-open')).toBeNull();
    expect(byTestId('publish-owners-only')?.textContent).toContain("The network's owners publish it.");
  });

  it('shows why the state cannot be read', async () => {
    fake.on('GET', PUBLISH, apiError(403, 'FORBIDDEN', 'Publishing needs Network.Manage in home.'));
    await open();
    expect(byTestId('error-message')?.textContent).toContain('Publishing needs Network.Manage');
    expect(byTestId('publish-open')).toBeNull();
  });
});
