import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Confirm } from '../../core/ui/confirm';
import { REVISION, source } from './marketplace-fixtures';
import { MarketplaceSourcesPanel } from './marketplace-sources.panel';

const NEW_REVISION = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const FAILED =
  "git could not fetch the default branch of the source: '/srv/gone' does not appear to be a git repository. Entries of revision 57ca8d08786d stay listed.";

describe('MarketplaceSourcesPanel', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<MarketplaceSourcesPanel>;
  let changed: number;
  /** While set, every call waits for it (to see what a slow answer looks like). */
  let hold: Promise<void> | null;
  const root = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => root().querySelector<T>(`[data-testid="${id}"]`);

  async function settle(): Promise<void> {
    await flush();
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  function type(id: string, value: string): void {
    const input = byTestId<HTMLInputElement>(id)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }

  async function submit(): Promise<void> {
    byTestId<HTMLFormElement>('mkt-source-form')!.dispatchEvent(new Event('submit'));
    await settle();
  }

  beforeEach(async () => {
    hold = null;
    fake = new FakeApi().on('GET', '/api/marketplace/sources', {
      body: { items: [source(), source({ id: 'f3e1c7a2-0d4b-4e8e-8b1a-6c2d9f0e1a22', name: 'gone-apps', lastError: FAILED })] },
    });
    TestBed.configureTestingModule({
      imports: [MarketplaceSourcesPanel],
      providers: [
        provideRouter([]),
        {
          provide: FETCH,
          useValue: async (input: RequestInfo | URL, init?: RequestInit) => {
            if (hold) await hold;
            return fake.fetch(input, init);
          },
        },
      ],
    });
    fixture = TestBed.createComponent(MarketplaceSourcesPanel);
    changed = 0;
    fixture.componentRef.instance.changed.subscribe(() => changed++);
    await settle();
  });

  afterEach(() => fixture.destroy());

  it('lists each source with URL, ref, revision and refresh time, and its last error as an alert on its row', () => {
    const row = byTestId('mkt-source-example-apps')!;
    expect(row.textContent).toContain('https://git.example.org/author/clan-apps');
    expect(row.textContent).toContain('the default branch');
    expect(byTestId('mkt-source-revision-example-apps')?.textContent).toContain(REVISION.slice(0, 12));
    expect(byTestId('mkt-source-revision-example-apps')?.textContent).toContain('2 entries');
    expect(row.textContent).toMatch(/Dec 7, 2026/);
    expect(byTestId('mkt-source-error-example-apps')).toBeNull();
    const alert = byTestId('mkt-source-error-gone-apps')!;
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain(FAILED);
  });

  it('checks the form before asking the panel, field by field', async () => {
    byTestId('mkt-source-add')!.click();
    await settle();
    await submit();
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect(byTestId('mkt-source-name-error')?.textContent).toContain('The name of a source must be 1 to 64 lower-case letters');
    expect(byTestId('mkt-source-url-error')?.textContent).toContain('It is empty.');
    expect(byTestId<HTMLInputElement>('mkt-source-name')?.getAttribute('aria-invalid')).toBe('true');

    type('mkt-source-name', 'my-apps');
    type('mkt-source-url', 'https://ada:secret@git.example.org/a');
    await settle();
    expect(byTestId('mkt-source-name-error')).toBeNull();
    expect(byTestId('mkt-source-url-error')?.textContent).toContain('must not contain a user name, password or token');
  });

  it('shows the API’s 400 sentence under the field it names and a 409 under the name', async () => {
    byTestId('mkt-source-add')!.click();
    await settle();
    type('mkt-source-name', 'my-apps');
    type('mkt-source-url', 'https://git.example.org/a/../b');
    const refused = 'The path of the source must not contain "." or ".." segments.';
    fake.on(
      'POST',
      '/api/marketplace/sources',
      {
        status: 400,
        body: { code: 'VALIDATION_FAILED', message: refused, correlationId: 'c', fields: [{ field: 'url', message: refused }] },
      },
      1,
    );
    await submit();
    expect(fake.last('POST', '/api/marketplace/sources')?.body).toEqual({ name: 'my-apps', url: 'https://git.example.org/a/../b' });
    expect(byTestId('mkt-source-url-error')?.textContent).toContain(refused);
    expect(byTestId('error-message')).toBeNull();

    // Changing the field clears the API's sentence.
    type('mkt-source-url', 'https://git.example.org/a/b');
    await settle();
    expect(byTestId('mkt-source-url-error')).toBeNull();

    fake.on('POST', '/api/marketplace/sources', apiError(409, 'CONFLICT', 'A marketplace source named "my-apps" exists.'), 1);
    await submit();
    expect(byTestId('mkt-source-name-error')?.textContent).toContain('A marketplace source named "my-apps" exists.');
    expect(byTestId('mkt-source-form')).not.toBeNull();
  });

  it('adds a source with its ref, closes the dialog and lists it', async () => {
    byTestId('mkt-source-add')!.click();
    await settle();
    type('mkt-source-name', 'my-apps');
    type('mkt-source-url', '/srv/my-apps');
    type('mkt-source-ref', 'stable');
    const added = source({ id: '9d0c8b7a-6e5f-4a3b-9c2d-1e0f9a8b7c66', name: 'my-apps', url: '/srv/my-apps', ref: 'stable' });
    fake.on('POST', '/api/marketplace/sources', { status: 201, body: { ...added, revisions: [] } });
    fake.on('GET', '/api/marketplace/sources', { body: { items: [source(), added] } });
    await submit();
    expect(fake.last('POST', '/api/marketplace/sources')?.body).toEqual({ name: 'my-apps', url: '/srv/my-apps', ref: 'stable' });
    expect(byTestId('mkt-source-form')).toBeNull();
    expect(byTestId('mkt-source-my-apps')?.textContent).toContain('stable');
    expect(changed).toBe(1);
  });

  it('refreshes a row: progress while it runs, then the new revision', async () => {
    let release!: () => void;
    // Hold the refresh answer until the test has seen the progress.
    hold = new Promise<void>((resolve) => (release = resolve));
    fake.on('POST', `/api/marketplace/sources/${source().id}/refresh`, {
      body: { ...source({ revision: NEW_REVISION, entries: 3 }), revisions: [] },
    });
    byTestId('mkt-source-refresh-example-apps')!.click();
    await settle();
    expect(byTestId('mkt-source-refresh-example-apps')?.textContent).toContain('Refreshing…');
    expect(byTestId<HTMLButtonElement>('mkt-source-refresh-example-apps')?.disabled).toBe(true);
    expect(byTestId('mkt-source-progress-example-apps')?.textContent).toContain('Fetching and indexing with Nix');
    release();
    await settle();
    expect(byTestId('mkt-source-progress-example-apps')).toBeNull();
    expect(byTestId('mkt-source-outcome-example-apps')?.textContent).toContain(`Now at revision ${NEW_REVISION.slice(0, 12)}: 3 entries.`);
    expect(byTestId('mkt-source-revision-example-apps')?.textContent).toContain(NEW_REVISION.slice(0, 12));
    expect(changed).toBe(1);
  });

  it('shows a failed refresh as the row’s error, and a 409 in words', async () => {
    fake.on('POST', `/api/marketplace/sources/${source().id}/refresh`, { body: { ...source({ lastError: FAILED }), revisions: [] } }, 1);
    byTestId('mkt-source-refresh-example-apps')!.click();
    await settle();
    expect(byTestId('mkt-source-error-example-apps')?.textContent).toContain(FAILED);
    expect(byTestId('mkt-source-outcome-example-apps')?.textContent).toContain(
      'The refresh failed; the entries listed before stay listed.',
    );

    fake.on(
      'POST',
      `/api/marketplace/sources/${source().id}/refresh`,
      apiError(409, 'CONFLICT', 'A refresh of example-apps is running.'),
      1,
    );
    byTestId('mkt-source-refresh-example-apps')!.click();
    await settle();
    expect(byTestId('mkt-source-outcome-example-apps')?.textContent).toContain('A refresh of example-apps is running.');
  });

  it('removes a source only after confirmation', async () => {
    fake.on('DELETE', `/api/marketplace/sources/${source().id}`, { status: 204 });
    byTestId('mkt-source-remove-example-apps')!.click();
    await settle();
    const confirm = TestBed.inject(Confirm);
    expect(confirm.pending()?.title).toBe('Remove the source example-apps?');
    expect(confirm.pending()?.message).toContain('Its 2 entries leave the marketplace');
    confirm.answer(false);
    await settle();
    expect(fake.requests.some((r) => r.method === 'DELETE')).toBe(false);

    byTestId('mkt-source-remove-example-apps')!.click();
    await settle();
    confirm.answer(true);
    await settle();
    expect(fake.last('DELETE', `/api/marketplace/sources/${source().id}`)).toBeDefined();
    expect(byTestId('mkt-source-example-apps')).toBeNull();
    expect(changed).toBe(1);
  });
});
