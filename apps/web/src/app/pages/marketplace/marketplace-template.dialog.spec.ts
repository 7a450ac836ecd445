import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import type { TemplateNetwork } from '../../core/api/network-marketplace.service';
import { Session } from '../../core/auth/session';
import { template } from './marketplace-fixtures';
import { MarketplaceEntryPage } from './marketplace-entry.page';

@Component({ template: '' })
class Blank {}

const NETWORK_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const CREATE = '/api/marketplace/entries/example-apps/template/home/networks';

function created(over: Partial<TemplateNetwork> = {}): TemplateNetwork {
  return { network: { id: NETWORK_ID, name: 'home' }, machines: ['home-server'], reviews: [], skipped: [], ...over };
}

function pendingReview(id: string, app: string, title: string, machine: string | null = 'home-server') {
  return {
    id,
    app,
    title,
    kind: 'install' as const,
    fromRev: null,
    toRev: '9f0e1d2c3b4a59687766554433221100ffeeddcc',
    machine,
    status: 'pending' as const,
    createdAt: '2026-12-07T10:00:00.000Z',
    createdBy: 'anna',
  };
}

/** The "Create a network from this template" dialog, opened from a template's entry page as a host admin. */
describe('MarketplaceTemplateDialog', () => {
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

  async function openDialog(key = 'home'): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'marketplace/:source/:kind/:key', component: MarketplaceEntryPage },
          { path: 'networks/:networkId', component: Blank },
          { path: 'networks/:networkId/marketplace/reviews/:reviewId', component: Blank },
        ]),
        { provide: FETCH, useValue: fake.fetch },
      ],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'anna', displayName: '', isHostAdmin: true, totpEnabled: false }, 'csrf-1');
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/marketplace/example-apps/template/${key}`, MarketplaceEntryPage);
    await settle();
    byTestId('mkt-install')!.click();
    await settle();
  }

  function submit(): void {
    byTestId<HTMLFormElement>('mkt-template-form')!.dispatchEvent(new Event('submit'));
  }

  beforeEach(() => {
    fake = new FakeApi()
      .on('GET', '/api/marketplace/entries/example-apps/template/home', { body: template() })
      .on('GET', '/api/marketplace/sources', { body: { items: [] } })
      .on('GET', '/api/networks', { body: { items: [], total: 0 } });
  });

  it('starts from the template: its key as the name, its description, NixOS', async () => {
    await openDialog();
    expect(byTestId<HTMLInputElement>('mkt-template-name')?.value).toBe('home');
    expect(byTestId<HTMLInputElement>('mkt-template-description')?.value).toBe('A home server with Syncthing.');
    expect(byTestId<HTMLInputElement>('new-network-system-nixos')?.checked).toBe(true);
    expect(byTestId('new-network-system-nixos')?.parentElement?.textContent).toContain('NixOS');
    expect(byTestId('new-network-system-demo')?.parentElement?.textContent).toContain('Demo system (not NixOS)');
  });

  it('suggests a kebab-case name for a camelCase key', async () => {
    fake.on('GET', '/api/marketplace/entries/example-apps/template/homeServer', { body: template({ key: 'homeServer' }) });
    await openDialog('homeServer');
    expect(byTestId<HTMLInputElement>('mkt-template-name')?.value).toBe('home-server');
  });

  it('creates the network and opens it when nothing waits for a review', async () => {
    fake.on('POST', CREATE, { status: 201, body: created() });
    await openDialog();
    submit();
    await settle();
    const sent = fake.last('POST', CREATE);
    expect(sent?.body).toEqual({ name: 'home', description: 'A home server with Syncthing.', system: 'nixos' });
    expect(sent?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(TestBed.inject(Router).url).toBe(`/networks/${NETWORK_ID}`);
    // The tree learns about the new network.
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path === '/api/networks').length).toBeGreaterThan(0);
  });

  it('sends the edited name, no empty description, and the demo system', async () => {
    fake.on('POST', CREATE, { status: 201, body: created({ network: { id: NETWORK_ID, name: 'lab' } }) });
    await openDialog();
    const name = byTestId<HTMLInputElement>('mkt-template-name')!;
    name.value = ' lab ';
    name.dispatchEvent(new Event('input'));
    const description = byTestId<HTMLInputElement>('mkt-template-description')!;
    description.value = '  ';
    description.dispatchEvent(new Event('input'));
    byTestId<HTMLInputElement>('new-network-system-demo')!.click();
    await settle();
    submit();
    await settle();
    expect(fake.last('POST', CREATE)?.body).toEqual({ name: 'lab', system: 'demo' });
  });

  it('shows the reviews and the apps left out first, with links to the reviews', async () => {
    fake.on('POST', CREATE, {
      status: 201,
      body: created({
        reviews: [pendingReview('rev-1', 'pinBoard', 'Pin board'), pendingReview('rev-2', 'notes', 'Notes', null)],
        skipped: [{ app: 'wiki', reason: 'No source of this panel provides the app “wiki”: add the source that has it, then install it.' }],
      }),
    });
    await openDialog();
    submit();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/marketplace/example-apps/template/home');
    expect(byTestId('mkt-template-result')?.textContent).toContain('home has 1 machine from Home network: home-server');
    expect(byTestId('mkt-template-reviews-count')?.textContent).toContain('2 apps wait for your review');
    const review = byTestId('mkt-template-review-rev-1')!;
    expect(review.textContent).toContain('Pin board (for home-server) →');
    expect(review.querySelector('a')?.getAttribute('href')).toBe(`/networks/${NETWORK_ID}/marketplace/reviews/rev-1`);
    expect(byTestId('mkt-template-review-rev-2')?.textContent).not.toContain('(for');
    expect(byTestId('mkt-template-skipped-wiki')?.textContent).toContain('No source of this panel provides the app “wiki”');
    byTestId('mkt-template-open')!.click();
    await settle();
    expect(TestBed.inject(Router).url).toBe(`/networks/${NETWORK_ID}`);
  });

  it('follows a review link', async () => {
    fake.on('POST', CREATE, { status: 201, body: created({ reviews: [pendingReview('rev-1', 'pinBoard', 'Pin board')] }) });
    await openDialog();
    submit();
    await settle();
    expect(byTestId('mkt-template-reviews-count')?.textContent).toContain('1 app waits for your review');
    byTestId('mkt-template-review-rev-1')!.querySelector('a')!.click();
    await settle();
    expect(TestBed.inject(Router).url).toBe(`/networks/${NETWORK_ID}/marketplace/reviews/rev-1`);
  });

  it('shows the API’s sentence and stays open when it refuses', async () => {
    fake.on('POST', CREATE, apiError(409, 'CONFLICT', 'A network named “home” already exists: choose another name.'));
    await openDialog();
    submit();
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('already exists: choose another name');
    expect(byTestId('mkt-template-form')).not.toBeNull();
    expect(TestBed.inject(Router).url).toBe('/marketplace/example-apps/template/home');
  });
});
