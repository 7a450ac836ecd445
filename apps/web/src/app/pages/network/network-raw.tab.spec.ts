import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeApi, flush, type RecordedRequest } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { ConfirmHost } from '../../shared/confirm-host';
import { NetworkContext } from './network-context';
import { NetworkRawTab, RAW_VALIDATE_DELAY_MS } from './network-raw.tab';

const HEAD = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const CONTENT = `{
  "nas": {
    "adminMode": "local",
    "resources": {
      "vcpus": 1
    }
  }
}
`;
const PATCH = `diff --git a/configs.json b/configs.json
--- a/configs.json
+++ b/configs.json
@@ -4,3 +4,3 @@
     "resources": {
-      "vcpus": 1
+      "vcpus": 2
     }
`;

describe('NetworkRawTab', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<NetworkRawTab>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => el().querySelector<T>(`[data-testid="${id}"]`);
  const editor = () => byTestId<HTMLTextAreaElement>('raw-editor') as HTMLTextAreaElement;
  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
  }
  async function typeText(text: string): Promise<void> {
    editor().value = text;
    editor().dispatchEvent(new Event('input'));
    await settle();
  }
  async function click(id: string): Promise<void> {
    byTestId(id)?.click();
    await settle();
  }
  const puts = () => fake.requests.filter((r) => r.method === 'PUT' && r.path === '/api/networks/n1/config/raw');

  beforeEach(async () => {
    fake = new FakeApi()
      .on('GET', '/api/networks/n1', {
        body: { id: 'n1', name: 'family', myRole: 'owner', memberCount: 1, description: '', createdAt: '', updatedAt: '' },
      })
      .on('GET', '/api/networks/n1/config/raw', { body: { revision: HEAD, content: CONTENT } })
      .on('GET', '/api/networks/n1/machines', { body: { items: [], total: 0 } })
      .on('PUT', '/api/networks/n1/config/raw', (r: RecordedRequest) => {
        const body = r.body as { dryRun?: boolean };
        return {
          body: {
            revision: body.dryRun ? null : 'ffff',
            committed: !body.dryRun,
            diff: { patch: PATCH, files: [{ path: 'configs.json', status: 'modified' }] },
          },
        };
      });
    TestBed.configureTestingModule({
      imports: [NetworkRawTab, ConfirmHost],
      providers: [provideRouter([]), NetworkContext, { provide: FETCH, useValue: fake.fetch }],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: true, totpEnabled: false }, 'csrf-1');
    await TestBed.inject(NetworkContext).load('n1');
    fixture = TestBed.createComponent(NetworkRawTab);
    await settle();
  });

  it('shows configs.json at the head with line numbers, and nothing to save yet', () => {
    expect(editor().value).toBe(CONTENT);
    expect(el().querySelector('.code-gutter')?.textContent?.split('\n')).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(el().textContent).toContain(HEAD.slice(0, 7));
    expect(byTestId<HTMLButtonElement>('raw-save')?.disabled).toBe(true);
    expect(byTestId('raw-errors')?.hidden).toBe(true);
  });

  it('reports a syntax error with its line without asking the panel', async () => {
    await typeText('{\n  "nas": {\n    "adminMode": "local",\n  }\n}\n');
    await click('raw-validate');
    expect(puts()).toHaveLength(0);
    const errors = byTestId('raw-errors') as HTMLElement;
    expect(errors.hidden).toBe(false);
    expect(errors.textContent).toContain('Not valid JSON');
    expect(errors.textContent).toMatch(/line 4/);
    expect(byTestId<HTMLButtonElement>('raw-save')?.disabled).toBe(true);
  });

  it('places a syntax error the panel reports on `$` at the line it names', async () => {
    fake.on(
      'PUT',
      '/api/networks/n1/config/raw',
      {
        status: 400,
        body: {
          code: 'VALIDATION_FAILED',
          message: 'configs.json is not valid JSON.',
          correlationId: 'c',
          fields: [{ field: '$', message: 'Unexpected token at line 3 column 5.' }],
        },
      },
      1,
    );
    await typeText(CONTENT.replace('"vcpus": 1', '"vcpus": 2'));
    await click('raw-validate');
    expect(byTestId('raw-error-0')?.textContent).toContain('line 3');
  });

  it('validates after a pause in typing (a dry run) and shows what saving would commit', async () => {
    await typeText(CONTENT.replace('"vcpus": 1', '"vcpus": 2'));
    expect(puts()).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, RAW_VALIDATE_DELAY_MS + 50));
    await settle();
    expect(puts()).toHaveLength(1);
    expect(puts()[0].body).toEqual({ content: CONTENT.replace('"vcpus": 1', '"vcpus": 2'), baseRevision: HEAD, dryRun: true });
    expect(byTestId('diff-preview')?.textContent).toContain('"vcpus": 2');
    expect(el().querySelector('#raw-status')?.textContent).toContain('Valid.');
  });

  it('lists the panel’s errors with their path, and a click puts the cursor on that key', async () => {
    fake.on(
      'PUT',
      '/api/networks/n1/config/raw',
      {
        status: 400,
        body: {
          code: 'VALIDATION_FAILED',
          message: 'configs.json is not valid.',
          correlationId: 'c',
          fields: [
            { field: '$.nas.resources.vcpus', message: 'vCPUs must be a whole number from 1 to 64.' },
            { field: '$.nas.applications.mumbleClient.server', message: 'Server is required.' },
          ],
        },
      },
      1,
    );
    const text = CONTENT.replace('"vcpus": 1', '"vcpus": 99');
    await typeText(text);
    await click('raw-validate');
    const errors = byTestId('raw-errors') as HTMLElement;
    expect(errors.textContent).toContain('$.nas.resources.vcpus');
    expect(errors.textContent).toContain('vCPUs must be a whole number from 1 to 64.');
    expect(byTestId('raw-error-0')?.textContent).toContain('line 5');
    expect(byTestId('raw-error-1')?.textContent).toContain('line 2'); // missing key: its closest parent
    expect(byTestId<HTMLButtonElement>('raw-save')?.disabled).toBe(true);

    await click('raw-error-0');
    const offset = text.indexOf('"vcpus"');
    expect(document.activeElement).toBe(editor());
    expect(editor().selectionStart).toBe(offset);
    expect(editor().selectionEnd).toBe(offset + '"vcpus"'.length);
  });

  it('saves with the base revision and reloads the committed text', async () => {
    const edited = CONTENT.replace('"vcpus": 1', '"vcpus": 2');
    await typeText(edited);
    await click('raw-validate');
    fake.on('GET', '/api/networks/n1/config/raw', { body: { revision: 'ffff', content: edited } });
    await click('raw-save');
    const save = puts().at(-1);
    expect(save?.body).toEqual({ content: edited, baseRevision: HEAD, dryRun: false });
    expect(save?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(editor().value).toBe(edited);
    expect(byTestId<HTMLButtonElement>('raw-save')?.disabled).toBe(true);
  });

  it('says someone changed it meanwhile on 409, and reloads on request', async () => {
    await typeText(CONTENT.replace('"vcpus": 1', '"vcpus": 2'));
    await click('raw-validate');
    fake.on('PUT', '/api/networks/n1/config/raw', {
      status: 409,
      body: { code: 'CONFLICT', message: 'The configuration changed since 1a2b3c4.', correlationId: 'c' },
    });
    await click('raw-save');
    const conflict = byTestId('raw-conflict') as HTMLElement;
    expect(conflict.textContent).toContain('Someone changed the configuration meanwhile');
    expect(conflict.textContent).toContain('The configuration changed since 1a2b3c4.');
    fake.on('GET', '/api/networks/n1/config/raw', { body: { revision: 'eeee', content: '{}\n' } });
    conflict.querySelector<HTMLElement>('button')?.click();
    await settle();
    expect(editor().value).toBe('{}\n');
    expect(byTestId('raw-conflict')).toBeNull();
  });
});
