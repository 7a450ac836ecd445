import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { builtInApp, REVISION, source, template, thirdPartyApp } from './marketplace-fixtures';
import { MarketplacePage, SEARCH_DEBOUNCE_MS } from './marketplace.page';

describe('MarketplacePage', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<MarketplacePage>;
  const root = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => root().querySelector<T>(`[data-testid="${id}"]`);
  const entryQueries = () =>
    fake.requests.filter((r) => r.path === '/api/marketplace/entries').map((r) => Object.fromEntries(new URLSearchParams(r.search)));

  async function settle(): Promise<void> {
    await flush();
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  async function open(hostAdmin: boolean, url = '/marketplace'): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: 'marketplace', component: MarketplacePage }]), { provide: FETCH, useValue: fake.fetch }],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: hostAdmin, totpEnabled: false }, 'csrf-1');
    await TestBed.inject(Router).navigateByUrl(url);
    fixture = TestBed.createComponent(MarketplacePage);
    await settle();
  }

  beforeEach(() => {
    fake = new FakeApi()
      .on('GET', '/api/marketplace/entries', (req) => {
        const q = new URLSearchParams(req.search);
        if (q.get('kind') === 'template') return { body: { items: [template()] } };
        const all = [builtInApp(), builtInApp({ key: 'jellyfin', title: 'Jellyfin', category: 'media' }), thirdPartyApp()];
        const category = q.get('category');
        const words = q.get('q');
        return {
          body: {
            items: all.filter(
              (e) => (!category || e.category === category) && (!words || e.title.toLowerCase().includes(words.toLowerCase())),
            ),
          },
        };
      })
      .on('GET', '/api/marketplace/sources', { body: { items: [source()] } });
  });

  afterEach(() => fixture?.destroy());

  it('lists apps as cards: built-in ones plain, third-party ones marked with author, licence and revision', async () => {
    await open(false);
    expect(entryQueries()).toEqual([{ kind: 'app' }]);
    expect(byTestId('mkt-card-built-in-syncthing')?.textContent).toContain('Keeps folders in sync between devices.');
    expect(byTestId('mkt-badge-built-in-syncthing')?.textContent).toContain('Built-in');
    expect(byTestId('mkt-byline-built-in-syncthing')).toBeNull();
    const third = byTestId('mkt-card-example-apps-pinBoard');
    expect(byTestId('mkt-badge-example-apps-pinBoard')?.textContent).toContain('Third-party');
    expect(byTestId('mkt-byline-example-apps-pinBoard')?.textContent).toContain('by Ada Author <ada@example.org> · MIT');
    expect(third?.textContent).toContain(REVISION.slice(0, 12));
    expect(third?.textContent).toContain('example-apps');
    expect(third?.getAttribute('href')).toBe('/marketplace/example-apps/app/pinBoard');
    expect(third?.querySelector('.mkt-avatar')?.textContent?.trim()).toBe('P');
  });

  it('searches once typing rests, with the words in the query and the URL', async () => {
    await open(false);
    const input = byTestId<HTMLInputElement>('mkt-search')!;
    for (const value of ['j', 'je', 'jelly']) {
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    await settle();
    expect(entryQueries()).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, SEARCH_DEBOUNCE_MS + 50));
    await settle();
    expect(entryQueries().slice(1)).toEqual([{ kind: 'app', q: 'jelly' }]);
    expect(root().querySelectorAll('.mkt-card')).toHaveLength(1);
    expect(TestBed.inject(Router).url).toBe('/marketplace?q=jelly');
  });

  it('narrows by category chip and drops the category for network templates', async () => {
    await open(false);
    expect(byTestId('mkt-categories')?.textContent).toContain('files');
    byTestId('mkt-category-media')!.click();
    await settle();
    expect(entryQueries().at(-1)).toEqual({ kind: 'app', category: 'media' });
    expect(byTestId('mkt-category-media')?.getAttribute('aria-pressed')).toBe('true');
    // The other chips stay offered while one is chosen.
    expect(byTestId('mkt-category-files')).not.toBeNull();

    byTestId('mkt-kind-template')!.click();
    await settle();
    expect(entryQueries().at(-1)).toEqual({ kind: 'template' });
    expect(byTestId('mkt-categories')).toBeNull();
    expect(byTestId('mkt-card-example-apps-home')?.textContent).toContain('Home network');
    expect(TestBed.inject(Router).url).toBe('/marketplace?kind=template');
  });

  it('starts from the state in the URL', async () => {
    await open(false, '/marketplace?q=pin&category=productivity');
    expect(entryQueries()).toEqual([{ kind: 'app', q: 'pin', category: 'productivity' }]);
    expect(byTestId<HTMLInputElement>('mkt-search')?.value).toBe('pin');
  });

  it('says in a sentence when nothing matches, and shows everything again', async () => {
    await open(false, '/marketplace?q=nothing');
    expect(byTestId('mkt-empty')?.textContent).toContain('No app matches “nothing”. Try other words.');
    byTestId('mkt-clear')!.click();
    await settle();
    expect(entryQueries().at(-1)).toEqual({ kind: 'app' });
    expect(root().querySelectorAll('.mkt-card')).toHaveLength(3);
  });

  it('shows the API’s sentence when the list cannot be read, with Try again', async () => {
    fake.on(
      'GET',
      '/api/marketplace/entries',
      apiError(400, 'VALIDATION_FAILED', 'category must be lower-case letters, digits and "-"'),
      1,
    );
    await open(false);
    expect(byTestId('error-message')?.textContent).toContain('category must be lower-case letters');
    byTestId('mkt-retry')!.click();
    await settle();
    expect(byTestId('error-message')).toBeNull();
    expect(root().querySelectorAll('.mkt-card')).toHaveLength(3);
  });

  it('shows sources to host admins only', async () => {
    await open(false);
    expect(byTestId('mkt-sources')).toBeNull();
    expect(fake.requests.some((r) => r.path === '/api/marketplace/sources')).toBe(false);
    fixture.destroy();
    TestBed.resetTestingModule();

    await open(true);
    expect(byTestId('mkt-sources')).not.toBeNull();
    expect(byTestId('mkt-source-example-apps')?.textContent).toContain('https://git.example.org/author/clan-apps');
  });

  it('tells members where templates come from when there are none', async () => {
    fake.on('GET', '/api/marketplace/entries', { body: { items: [] } });
    await open(false, '/marketplace?kind=template');
    expect(byTestId('mkt-empty')?.textContent).toContain(
      'No network templates yet. Templates come from marketplace sources, which a host admin adds.',
    );
  });
});
