import { Component, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeApi, flush, type RecordedRequest } from '../../testing/fake-api';
import { FETCH } from '../core/api/api';
import { Session } from '../core/auth/session';
import { ConfigHistory } from './config-history';

const sha = (c: string) => c.repeat(40);
const commit = (c: string, subject: string, date: string) => ({
  sha: sha(c),
  parents: [],
  authorName: 'Alice',
  authorEmail: 'alice@users.clan.invalid',
  date,
  subject,
  body: '',
});
const COMMITS = [
  commit('c', 'Set nas resources', '2026-11-23T12:00:00Z'),
  commit('b', 'Add syncthing to nas', '2026-11-23T11:00:00Z'),
  commit('a', 'Add machine nas', '2026-11-23T10:00:00Z'),
];
const PATCH = `diff --git a/configs.json b/configs.json
--- a/configs.json
+++ b/configs.json
@@ -1,2 +1,2 @@
 {
-  "old": 1
+  "new": 2
`;

@Component({
  imports: [ConfigHistory],
  template: `<clan-config-history networkId="n1" [path]="path()" [canRevert]="true" (reverted)="reverted.set($event)" />`,
})
class Host {
  readonly path = signal<string | undefined>(undefined);
  readonly reverted = signal<string | null | undefined>(undefined);
}

describe('ConfigHistory', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<Host>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
  }
  async function click(target: HTMLElement | null | undefined): Promise<void> {
    target?.click();
    await settle();
  }
  function query(r: RecordedRequest | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    new URLSearchParams(r?.search).forEach((value, key) => (out[key] = value));
    return out;
  }

  beforeEach(async () => {
    fake = new FakeApi()
      .on('GET', '/api/networks/n1/config/history', { body: { items: COMMITS, total: 3 } })
      .on('GET', '/api/networks/n1/config/diff', { body: { patch: PATCH, files: [{ path: 'configs.json', status: 'modified' }] } })
      .on('GET', '/api/networks/n1/machines', { body: { items: [], total: 0 } })
      .on('POST', '/api/networks/n1/config/revert', (r: RecordedRequest) => {
        const dryRun = (r.body as { dryRun: boolean }).dryRun;
        return { body: { revision: dryRun ? null : sha('d'), committed: !dryRun, basedOn: sha('c'), diff: { patch: PATCH, files: [] } } };
      });
    TestBed.configureTestingModule({ imports: [Host], providers: [provideRouter([]), { provide: FETCH, useValue: fake.fetch }] });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: true, totpEnabled: false }, 'csrf-1');
    fixture = TestBed.createComponent(Host);
    await settle();
  });

  it('lists commits with author, date and subject, newest first', () => {
    expect(byTestId('history-row-0')?.textContent).toContain('Set nas resources');
    expect(byTestId('history-row-0')?.textContent).toContain('cccccc');
    expect(byTestId('history-row-0')?.textContent).toContain('current');
    expect(byTestId('history-row-2')?.textContent).toContain('Alice');
    expect(byTestId('history-row-2')?.textContent).toContain('2026-11-23');
    expect(query(fake.last('GET', '/api/networks/n1/config/history'))).toEqual({ limit: '25', offset: '0' });
  });

  it('shows one revision against its parent, side by side', async () => {
    await click(byTestId('history-row-1'));
    expect(query(fake.last('GET', '/api/networks/n1/config/diff'))).toEqual({ to: sha('b') });
    const diff = byTestId('history-diff') as HTMLElement;
    expect(diff.textContent).toContain('Changes in');
    const row = diff.querySelector('table.diff-split tbody tr:nth-child(3)') as HTMLElement;
    const cells = Array.from(row.querySelectorAll('td'));
    expect(
      cells.map((c) =>
        c.className
          .split(' ')
          .filter((n) => n.startsWith('diff-'))
          .join(' '),
      ),
    ).toEqual(['diff-no diff-del', 'diff-code diff-del', 'diff-no diff-add', 'diff-code diff-add']);
    expect(cells[0].textContent?.trim()).toBe('2');
    expect(cells[1].textContent).toContain('"old": 1');
    expect(cells[3].textContent).toContain('"new": 2');
  });

  it('compares two ticked revisions, older to newer, whatever order they were ticked in', async () => {
    await click(byTestId('history-compare-0'));
    await click(byTestId('history-compare-2'));
    expect(query(fake.last('GET', '/api/networks/n1/config/diff'))).toEqual({ from: sha('a'), to: sha('c') });
    expect(byTestId('history-diff')?.textContent).toContain('Compare');
    expect(byTestId('history-revert')).toBeNull(); // reverting is for one revision
  });

  it('reverts to a revision after previewing the exact change, and reloads', async () => {
    await click(byTestId('history-row-0'));
    expect(byTestId('history-revert')).toBeNull(); // the current revision is there already
    await click(byTestId('history-row-2'));
    await click(byTestId('history-revert'));
    const dryRun = fake.last('POST', '/api/networks/n1/config/revert');
    expect(dryRun?.body).toEqual({ revision: sha('a'), dryRun: true });
    expect(byTestId('diff-preview')?.textContent).toContain('"new": 2');
    expect(el().querySelector('.dialog')?.textContent).toContain('Nothing is erased');
    const historyLoads = fake.requests.filter((r) => r.path === '/api/networks/n1/config/history').length;
    await click(byTestId('config-apply'));
    expect(fake.last('POST', '/api/networks/n1/config/revert')?.body).toEqual({
      revision: sha('a'),
      dryRun: false,
      baseRevision: sha('c'),
    });
    expect(fixture.componentInstance.reverted()).toBe(sha('d'));
    expect(fake.requests.filter((r) => r.path === '/api/networks/n1/config/history').length).toBe(historyLoads + 1);
    expect(byTestId('diff-preview')).toBeNull();
  });

  it('asks only for the commits touching a path when given one', async () => {
    fixture.componentInstance.path.set('overrides/nas.json');
    await settle();
    expect(query(fake.last('GET', '/api/networks/n1/config/history'))).toEqual({ limit: '25', offset: '0', path: 'overrides/nas.json' });
  });
});
