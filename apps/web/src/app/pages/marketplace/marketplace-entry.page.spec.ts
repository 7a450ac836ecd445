import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { NetworkRole } from '@clan/contracts';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { builtInApp, REVISION, source, template, thirdPartyApp } from './marketplace-fixtures';
import { MarketplaceEntryPage, TEMPLATE_NOTE } from './marketplace-entry.page';

@Component({ template: '' })
class Blank {}

const NETWORK = { id: '5a1c0e2b-7d3f-4b6a-8e9c-0f1d2e3a4b55', name: 'home' };

describe('MarketplaceEntryPage', () => {
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
          { path: 'marketplace/:source/:kind/:key', component: MarketplaceEntryPage },
          { path: 'networks/:networkId/machines/:machine/config', component: Blank },
          { path: 'networks/:networkId/marketplace/reviews/:reviewId', component: Blank },
        ]),
        { provide: FETCH, useValue: fake.fetch },
      ],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: hostAdmin, totpEnabled: false }, 'csrf-1', [
      { networkId: NETWORK.id, networkName: NETWORK.name, role: 'admin' as NetworkRole },
    ]);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url, MarketplaceEntryPage);
    await settle();
  }

  beforeEach(() => {
    fake = new FakeApi()
      .on('GET', '/api/marketplace/entries/built-in/app/syncthing', { body: builtInApp() })
      .on('GET', '/api/marketplace/entries/example-apps/app/pinBoard', { body: thirdPartyApp() })
      .on('GET', '/api/marketplace/entries/example-apps/template/home', { body: template() })
      .on('GET', '/api/marketplace/sources', { body: { items: [source()] } })
      .on('GET', '/api/networks', { body: { items: [{ ...NETWORK, description: '', myRole: 'admin' }], total: 1 } })
      .on('GET', `/api/networks/${NETWORK.id}/machines`, {
        body: {
          items: [
            { name: 'server', apps: [], drift: 'in-sync' },
            { name: 'laptop', apps: ['syncthing'], drift: 'in-sync' },
          ],
          total: 2,
        },
      });
  });

  it('shows a built-in app: description, options read-only, mesh ports, and Install on machine… enabled', async () => {
    await open('/marketplace/built-in/app/syncthing');
    expect(byTestId('mkt-entry-title')?.textContent).toContain('Syncthing');
    expect(byTestId('mkt-entry-badge')?.textContent).toContain('Built-in');
    expect(byTestId('mkt-origin-source')?.textContent).toContain('built-in (shipped with the panel)');
    expect(byTestId('mkt-option-port')?.textContent).toContain('integer 1–65535');
    expect(byTestId('mkt-option-port')?.textContent).toContain('8384');
    expect(byTestId('mkt-option-gui.theme')?.textContent).toContain('Colours.');
    expect(root().querySelector('input, select, textarea')).toBeNull();
    expect(byTestId('mkt-ports')?.textContent).toContain('22000/tcp, 21027/udp');
    expect(byTestId<HTMLButtonElement>('mkt-install')?.disabled).toBe(false);
    expect(byTestId('mkt-install-note')).toBeNull();
    expect(byTestId('mkt-third-party-warning')).toBeNull();
  });

  it('installs through a machine picker that opens the machine’s Configuration tab with the app chosen', async () => {
    await open('/marketplace/built-in/app/syncthing');
    byTestId('mkt-install')!.click();
    await settle();
    await settle();
    // One network: already chosen; its machines are offered, the one that has it says so.
    const machine = byTestId<HTMLSelectElement>('mkt-install-machine')!;
    expect(machine.textContent).toContain('laptop (has it: edit its settings)');
    expect(byTestId<HTMLButtonElement>('mkt-install-open')?.disabled).toBe(true);
    machine.value = 'server';
    machine.dispatchEvent(new Event('change'));
    await settle();
    byTestId<HTMLFormElement>('mkt-install-form')!.dispatchEvent(new Event('submit'));
    await settle();
    expect(TestBed.inject(Router).url).toBe(`/networks/${NETWORK.id}/machines/server/config?app=syncthing`);
  });

  it('marks a third-party app and offers to install it in a network', async () => {
    await open('/marketplace/example-apps/app/pinBoard');
    expect(byTestId('mkt-entry-badge')?.textContent).toContain('Third-party');
    expect(byTestId('mkt-entry-byline')?.textContent).toContain('by Ada Author <ada@example.org> · MIT');
    expect(byTestId('mkt-third-party-warning')?.textContent).toContain('comes from example-apps');
    expect(byTestId('mkt-origin-revision')?.textContent).toContain(REVISION);
    expect(byTestId('mkt-origin-narhash')?.textContent).toContain('sha256-jv2U8YaWvz5q4A21yvnhPTWKIqFVRbAT6bg/l/b5iAc=');
    const install = byTestId<HTMLButtonElement>('mkt-install')!;
    expect(install.disabled).toBe(false);
    expect(install.textContent?.trim()).toBe('Install in a network…');
    expect(byTestId('mkt-install-note')).toBeNull();
    // Members do not list sources: the URL is for host admins, and no request is made for it.
    expect(byTestId('mkt-origin-url')).toBeNull();
    expect(byTestId('mkt-origin-admin-only')?.textContent).toContain('shown to host admins');
    expect(fake.requests.some((r) => r.path === '/api/marketplace/sources')).toBe(false);
  });

  it('starts a review of a third-party app in the chosen network, with a machine, and opens the review page', async () => {
    fake.on('POST', `/api/networks/${NETWORK.id}/marketplace/reviews`, { status: 201, body: { id: 'rev-1', app: 'pinBoard' } });
    await open('/marketplace/example-apps/app/pinBoard', true);
    byTestId('mkt-install')!.click();
    await settle();
    await settle();
    // One network: already chosen; a machine is optional.
    expect(byTestId<HTMLSelectElement>('mkt-review-network')?.value).toBe(NETWORK.id);
    expect(byTestId<HTMLButtonElement>('mkt-review-start')?.disabled).toBe(false);
    const machine = byTestId<HTMLSelectElement>('mkt-review-machine')!;
    machine.value = 'server';
    machine.dispatchEvent(new Event('change'));
    await settle();
    byTestId<HTMLFormElement>('mkt-review-form')!.dispatchEvent(new Event('submit'));
    await settle();
    const sent = fake.last('POST', `/api/networks/${NETWORK.id}/marketplace/reviews`);
    expect(sent?.body).toEqual({ sourceId: source().id, app: 'pinBoard', machine: 'server' });
    expect(sent?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(TestBed.inject(Router).url).toBe(`/networks/${NETWORK.id}/marketplace/reviews/rev-1`);
  });

  it('starts a review without a machine, and shows the API’s sentence when it refuses', async () => {
    fake.on(
      'POST',
      `/api/networks/${NETWORK.id}/marketplace/reviews`,
      apiError(409, 'CONFLICT', 'Pin board is already pinned at this revision in home: nothing to review.'),
    );
    await open('/marketplace/example-apps/app/pinBoard', true);
    byTestId('mkt-install')!.click();
    await settle();
    await settle();
    byTestId<HTMLFormElement>('mkt-review-form')!.dispatchEvent(new Event('submit'));
    await settle();
    expect(fake.last('POST', `/api/networks/${NETWORK.id}/marketplace/reviews`)?.body).toEqual({ sourceId: source().id, app: 'pinBoard' });
    expect(byTestId('error-message')?.textContent).toContain('already pinned at this revision');
    expect(TestBed.inject(Router).url).toBe('/marketplace/example-apps/app/pinBoard');
  });

  it('names the source by the entry’s own source id (network admins cannot list sources)', async () => {
    fake.on('POST', `/api/networks/${NETWORK.id}/marketplace/reviews`, { status: 201, body: { id: 'rev-2' } });
    fake.on('GET', '/api/marketplace/entries/example-apps/app/other', { body: { ...thirdPartyApp({ key: 'other' }), sourceId: 'src-9' } });
    await open('/marketplace/example-apps/app/other');
    byTestId('mkt-install')!.click();
    await settle();
    await settle();
    expect(byTestId('mkt-review-no-source')).toBeNull();
    byTestId<HTMLFormElement>('mkt-review-form')!.dispatchEvent(new Event('submit'));
    await settle();
    expect(fake.last('POST', `/api/networks/${NETWORK.id}/marketplace/reviews`)?.body).toEqual({ sourceId: 'src-9', app: 'other' });
    expect(TestBed.inject(Router).url).toBe(`/networks/${NETWORK.id}/marketplace/reviews/rev-2`);
  });

  it('shows host admins the source’s URL and refresh time', async () => {
    await open('/marketplace/example-apps/app/pinBoard', true);
    expect(byTestId('mkt-origin-url')?.textContent).toContain('https://git.example.org/author/clan-apps');
    expect(byTestId('mkt-origin-refreshed')?.textContent).toMatch(/Dec 7, 2026/);
  });

  it('shows a template’s machines and apps; its button is for host admins, others are told why', async () => {
    await open('/marketplace/example-apps/template/home');
    expect(byTestId('mkt-template')?.textContent).toContain('home-server');
    expect(byTestId('mkt-template')?.textContent).toContain('syncthing');
    expect(byTestId('mkt-options')).toBeNull();
    expect(byTestId<HTMLButtonElement>('mkt-install')?.textContent?.trim()).toBe('Create a network from this template…');
    expect(byTestId<HTMLButtonElement>('mkt-install')?.disabled).toBe(true);
    expect(byTestId<HTMLButtonElement>('mkt-install')?.getAttribute('aria-describedby')).toBe('mkt-install-note');
    expect(byTestId('mkt-install-note')?.textContent?.trim()).toBe(TEMPLATE_NOTE);
  });

  it('offers host admins to create a network from a template', async () => {
    await open('/marketplace/example-apps/template/home', true);
    expect(byTestId<HTMLButtonElement>('mkt-install')?.disabled).toBe(false);
    expect(byTestId('mkt-install-note')).toBeNull();
  });

  it('says in words when the entry is not there', async () => {
    fake.on('GET', '/api/marketplace/entries/example-apps/app/gone', apiError(404, 'NOT_FOUND', 'No app "gone" in example-apps.'));
    await open('/marketplace/example-apps/app/gone');
    expect(byTestId('error-message')?.textContent).toContain('There is no app “gone” in example-apps');
  });
});
