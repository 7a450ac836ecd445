import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { NetworkRole } from '@clan/contracts';
import { FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import type { ResolvedLink } from '../../core/api/network-marketplace.service';
import { Session } from '../../core/auth/session';
import { source } from '../marketplace/marketplace-fixtures';
import { OpenLinkPage } from './open-link.page';

@Component({ template: '' })
class Blank {}

const RESOLVE = '/api/marketplace/resolve';
const GIT_URL = 'https://panel.example.org/api/published/5a1c0e2b.git';
const LINK = 'nix://https-panel.example.org/api/published/5a1c0e2b.git';
const NETWORK = { id: 'n1', name: 'home' };

function resolved(over: Partial<ResolvedLink> = {}): ResolvedLink {
  return { kind: 'template', gitUrl: GIT_URL, network: null, source: null, templates: [], ...over };
}

describe('OpenLinkPage', () => {
  let fake: FakeApi;
  let harness: RouterTestingHarness;
  const root = () => harness.routeNativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => root().querySelector<T>(`[data-testid="${id}"]`);

  async function settle(): Promise<void> {
    await flush();
    harness.detectChanges();
    await harness.fixture.whenStable();
    harness.detectChanges();
  }

  async function open(url: string, hostAdmin = false): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'open', component: OpenLinkPage },
          { path: 'networks/:networkId', component: Blank },
          { path: 'marketplace/:source/:kind/:key', component: Blank },
        ]),
        { provide: FETCH, useValue: fake.fetch },
      ],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'bob', displayName: '', isHostAdmin: hostAdmin, totpEnabled: false }, 'csrf-1', [
      { networkId: NETWORK.id, networkName: NETWORK.name, role: 'member' as NetworkRole },
    ]);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url, OpenLinkPage);
    await settle();
  }

  const withLink = (link = LINK) => `/open?link=${encodeURIComponent(link)}`;

  beforeEach(() => {
    fake = new FakeApi();
  });

  it('without a link: a box to paste one, and no request', async () => {
    await open('/open');
    expect(byTestId('open-link-input')).not.toBeNull();
    expect(byTestId<HTMLButtonElement>('open-link-submit')?.disabled).toBe(true);
    expect(fake.requests).toEqual([]);
  });

  it('looks up a pasted link and keeps it in the URL', async () => {
    fake.on('GET', RESOLVE, { body: resolved({ kind: 'network', network: { ...NETWORK, member: true } }) });
    await open('/open');
    const input = byTestId<HTMLInputElement>('open-link-input')!;
    input.value = `  ${LINK} `;
    input.dispatchEvent(new Event('input'));
    await settle();
    byTestId<HTMLFormElement>('open-link-form')!.dispatchEvent(new Event('submit'));
    await settle();
    const router = TestBed.inject(Router);
    const url = router.parseUrl(router.url);
    expect(url.root.children['primary']?.segments.map((s) => s.path)).toEqual(['open']);
    expect(url.queryParams['link']).toBe(LINK);
    expect(fake.last('GET', RESOLVE)?.search).toBe(`?link=${encodeURIComponent(LINK)}`);
    expect(byTestId('open-link-member')).not.toBeNull();
  });

  it('opens a network you are a member of', async () => {
    fake.on('GET', RESOLVE, { body: resolved({ kind: 'network', network: { ...NETWORK, member: true } }) });
    await open(withLink());
    expect(byTestId<HTMLInputElement>('open-link-input')?.value).toBe(LINK);
    expect(byTestId('open-link-member')?.textContent).toContain('You are a member of home.');
    expect(byTestId('open-link-open-network')?.getAttribute('href')).toBe('/networks/n1');
    expect(byTestId('open-link-git-url')?.textContent).toBe(GIT_URL);
  });

  it('says whom to ask when you are not a member, and offers host admins to open it', async () => {
    fake.on('GET', RESOLVE, { body: resolved({ kind: 'network', network: { id: 'n2', name: 'office', member: false } }) });
    await open(withLink());
    expect(byTestId('open-link-not-member')?.textContent).toContain('Ask an admin of office for an invite');
    expect(byTestId('open-link-open-network')).toBeNull();
  });

  it('lets a host admin open a network they are not a member of', async () => {
    fake.on('GET', RESOLVE, { body: resolved({ kind: 'network', network: { id: 'n2', name: 'office', member: false } }) });
    await open(withLink(), true);
    expect(byTestId('open-link-open-network')?.getAttribute('href')).toBe('/networks/n2');
  });

  it('says a network of another panel needs an invite link from its admin', async () => {
    fake.on('GET', RESOLVE, { body: resolved({ kind: 'network' }) });
    await open(withLink());
    expect(byTestId('open-link-elsewhere')?.textContent).toContain('This network is on another panel: ask its admin for an invite link.');
  });

  it('lists a source’s templates; host admins create a network from one', async () => {
    fake
      .on('GET', RESOLVE, {
        body: resolved({ source: { id: 's1', name: 'family' }, templates: [{ source: 'family', key: 'homeLab', title: 'Home lab' }] }),
      })
      .on('GET', '/api/networks', { body: { items: [], total: 0 } });
    await open(withLink(), true);
    const row = byTestId('open-link-template-homeLab')!;
    expect(row.textContent).toContain('Home lab');
    expect(row.querySelector('a')?.getAttribute('href')).toBe('/marketplace/family/template/homeLab');
    expect(byTestId('open-link-create-note')).toBeNull();
    byTestId('open-link-create-homeLab')!.click();
    await settle();
    expect(byTestId<HTMLInputElement>('mkt-template-name')?.value).toBe('home-lab');
    fake.on('POST', '/api/marketplace/entries/family/template/homeLab/networks', {
      status: 201,
      body: { network: { id: 'n9', name: 'home-lab' }, machines: [], reviews: [], skipped: [] },
    });
    byTestId<HTMLFormElement>('mkt-template-form')!.dispatchEvent(new Event('submit'));
    await settle();
    expect(fake.last('POST', '/api/marketplace/entries/family/template/homeLab/networks')?.body).toEqual({
      name: 'home-lab',
      system: 'nixos',
    });
    expect(TestBed.inject(Router).url).toBe('/networks/n9');
  });

  it('tells others creating a network is for host admins', async () => {
    fake.on('GET', RESOLVE, {
      body: resolved({ source: { id: 's1', name: 'family' }, templates: [{ source: 'family', key: 'homeLab', title: 'Home lab' }] }),
    });
    await open(withLink());
    expect(byTestId<HTMLButtonElement>('open-link-create-homeLab')?.disabled).toBe(true);
    expect(byTestId('open-link-create-note')?.textContent).toContain('Only host admins create networks');
  });

  it('lets a host admin add the repository as a source, then looks the link up again', async () => {
    fake
      .on('GET', RESOLVE, { body: resolved({ source: source(), templates: [{ source: 'example-apps', key: 'home', title: 'Home' }] }) })
      .on('GET', RESOLVE, { body: resolved() }, 1)
      .on('POST', '/api/marketplace/sources', { status: 201, body: source({ name: 'published-5a1c0e2b', url: GIT_URL }) });
    await open(withLink(), true);
    expect(byTestId('open-link-no-source')?.textContent).toContain(`Add ${GIT_URL} as a marketplace source`);
    byTestId('open-link-add-source')!.click();
    await settle();
    // The source dialog starts from the link: a name from the published network's id, the git URL; both editable.
    expect(byTestId<HTMLInputElement>('mkt-source-name')?.value).toBe('published-5a1c0e2b');
    expect(byTestId<HTMLInputElement>('mkt-source-url')?.value).toBe(GIT_URL);
    const name = byTestId<HTMLInputElement>('mkt-source-name')!;
    name.value = 'family';
    name.dispatchEvent(new Event('input'));
    await settle();
    byTestId<HTMLFormElement>('mkt-source-form')!.dispatchEvent(new Event('submit'));
    await settle();
    const sent = fake.last('POST', '/api/marketplace/sources');
    expect(sent?.body).toEqual({ name: 'family', url: GIT_URL });
    expect(sent?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(fake.requests.filter((r) => r.path === RESOLVE)).toHaveLength(2);
    expect(byTestId('mkt-source-form')).toBeNull();
    expect(byTestId('open-link-template-home')).not.toBeNull();
  });

  it('tells others to ask a host admin to add the source', async () => {
    fake.on('GET', RESOLVE, { body: resolved() });
    await open(withLink());
    expect(byTestId('open-link-add-source')).toBeNull();
    expect(byTestId('open-link-ask-admin')?.textContent).toContain('Ask a host admin to add it');
  });

  it('says when a source has the URL but lists no templates', async () => {
    fake.on('GET', RESOLVE, { body: resolved({ source: { id: 's1', name: 'family' } }) });
    await open(withLink());
    expect(byTestId('open-link-no-templates')?.textContent).toContain('The source family has this URL but lists no templates');
  });

  it('shows the API’s sentence for a link that is not one', async () => {
    fake.on('GET', RESOLVE, { status: 400, body: { message: 'That is not a nix:// link: it must start with nix://.' } });
    await open(withLink('https://example.org'));
    expect(byTestId('error-message')?.textContent).toContain('That is not a nix:// link');
    expect(byTestId('open-link-result')).toBeNull();
  });
});
