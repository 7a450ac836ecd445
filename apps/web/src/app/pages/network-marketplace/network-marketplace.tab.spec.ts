import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { NetworkRole } from '@clan/contracts';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { ConfirmHost } from '../../shared/confirm-host';
import { NetworkContext } from '../network/network-context';
import { NetworkMarketplaceTab } from './network-marketplace.tab';
import { FROM_REV, NETWORK_ID, pinnedApp, review, SOURCE, TO_REV } from './network-marketplace-fixtures';

const BASE = `/api/networks/${NETWORK_ID}/marketplace`;

describe('NetworkMarketplaceTab', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<NetworkMarketplaceTab>;
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

  async function open(role: NetworkRole = 'admin' as NetworkRole): Promise<void> {
    TestBed.configureTestingModule({
      imports: [NetworkMarketplaceTab, ConfirmHost],
      providers: [provideRouter([{ path: '**', children: [] }]), NetworkContext, { provide: FETCH, useValue: fake.fetch }],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: false, totpEnabled: false }, 'csrf-1', [
      { networkId: NETWORK_ID, networkName: 'home', role },
    ]);
    await TestBed.inject(NetworkContext).load(NETWORK_ID);
    confirmHost = TestBed.createComponent(ConfirmHost);
    fixture = TestBed.createComponent(NetworkMarketplaceTab);
    await settle();
  }

  beforeEach(() => {
    fake = new FakeApi().on('GET', `/api/networks/${NETWORK_ID}/publish`, { body: { published: null } }).on('GET', BASE, {
      body: {
        apps: [
          pinnedApp({ machines: ['server', 'laptop'], update: { rev: TO_REV, reviewId: null } }),
          pinnedApp({ key: 'notes', title: 'Notes', machines: [], update: { rev: TO_REV, reviewId: 'rev-9' } }),
        ],
        reviews: [{ ...review({ id: 'rev-9', app: 'notes', title: 'Notes' }) }, { ...review({ id: 'rev-old', status: 'rejected' }) }],
      },
    });
  });

  it('lists pinned apps with source, revision, who accepted them and the machines using them', async () => {
    await open();
    const row = byTestId('nmk-app-pinBoard')!;
    expect(row.textContent).toContain('Pin board');
    expect(row.textContent).toContain('example-apps');
    expect(row.textContent).toContain(SOURCE.url);
    expect(row.querySelector(`code[title="${FROM_REV}"]`)?.textContent).toBe(FROM_REV.slice(0, 12));
    expect(row.textContent).toContain('by alice');
    expect(Array.from(row.querySelectorAll('.nmk-machines a')).map((a) => a.getAttribute('href'))).toEqual([
      `/networks/${NETWORK_ID}/machines/server/config`,
      `/networks/${NETWORK_ID}/machines/laptop/config`,
    ]);
    expect(byTestId('nmk-update-pinBoard')?.textContent).toContain(TO_REV.slice(0, 12));
    // Only pending reviews are waiting.
    expect(byTestId('nmk-review-rev-9')?.querySelector('a')?.getAttribute('href')).toBe(
      `/networks/${NETWORK_ID}/marketplace/reviews/rev-9`,
    );
    expect(byTestId('nmk-review-rev-old')).toBeNull();
  });

  it('starts the review of an update without a machine and opens it; an update already under review is a link', async () => {
    fake.on('POST', `${BASE}/reviews`, { status: 201, body: review({ id: 'rev-10' }) });
    await open();
    expect(byTestId('nmk-open-update-notes')?.getAttribute('href')).toBe(`/networks/${NETWORK_ID}/marketplace/reviews/rev-9`);
    byTestId('nmk-review-update-pinBoard')!.click();
    await settle();
    expect(fake.last('POST', `${BASE}/reviews`)?.body).toEqual({ sourceId: SOURCE.id, app: 'pinBoard' });
    expect(TestBed.inject(Router).url).toBe(`/networks/${NETWORK_ID}/marketplace/reviews/rev-10`);
  });

  it('keeps Remove disabled, with the reason, while machines use the app; removes one no machine uses after confirming', async () => {
    fake.on('DELETE', `${BASE}/apps/notes`, { status: 204 });
    await open();
    const blocked = byTestId<HTMLButtonElement>('nmk-remove-pinBoard')!;
    expect(blocked.disabled).toBe(true);
    expect(blocked.parentElement?.getAttribute('title')).toBe('server, laptop use Pin board: remove it from those machines first.');
    expect(el().querySelector('#' + blocked.getAttribute('aria-describedby'))?.textContent).toContain(
      'remove it from those machines first',
    );

    fake.on('GET', BASE, { body: { apps: [pinnedApp({ machines: ['server'] })], reviews: [] } });
    byTestId<HTMLButtonElement>('nmk-remove-notes')!.click();
    await settle();
    (confirmHost.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('[data-testid="confirm-ok"]')!.click();
    await settle();
    expect(fake.last('DELETE', `${BASE}/apps/notes`)?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(byTestId('nmk-app-notes')).toBeNull();
  });

  it('shows the API’s sentence when removing is refused', async () => {
    fake.on('DELETE', `${BASE}/apps/notes`, apiError(409, 'CONFLICT', 'Notes is used by server: remove it there first.'));
    await open();
    byTestId<HTMLButtonElement>('nmk-remove-notes')!.click();
    await settle();
    (confirmHost.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('[data-testid="confirm-ok"]')!.click();
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('Notes is used by server');
  });

  it('shows members the list without actions', async () => {
    fake.on('GET', `/api/networks/${NETWORK_ID}`, { body: { id: NETWORK_ID, name: 'home', description: '', myRole: 'member' } });
    await open('member' as NetworkRole);
    expect(byTestId('nmk-app-pinBoard')).not.toBeNull();
    expect(byTestId('nmk-remove-pinBoard')).toBeNull();
    expect(byTestId('nmk-review-update-pinBoard')).toBeNull();
    // Everyone who sees the network reads whether it is published; publishing is Network.Manage.
    expect(byTestId('publish-panel')?.textContent).toContain('Not published');
    expect(byTestId('publish-open')).toBeNull();
  });

  it('shows owners the Publish as template card with its button', async () => {
    await open('owner' as NetworkRole);
    expect(byTestId('publish-panel')?.textContent).toContain('Not published');
    expect(byTestId('publish-open')).not.toBeNull();
  });

  it('says so when nothing is pinned', async () => {
    fake.on('GET', BASE, { body: { apps: [], reviews: [] } });
    await open();
    expect(byTestId('nmk-none')?.textContent).toContain('No third-party apps are pinned');
  });
});
