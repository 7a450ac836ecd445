import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FakeEventSource } from '../../../testing/fake-event-source';
import { FETCH } from '../../core/api/api';
import { EVENT_SOURCE_FACTORY, FOLLOW_BACKOFF } from '../../core/logs/follow-stream';
import type { JournalEntryView } from '../../core/logs/journal';
import { HostLogsPage } from './host-logs.page';

function entry(n: number, over: Partial<JournalEntryView> = {}): JournalEntryView {
  return {
    cursor: `s=abc;i=${n}`,
    at: new Date(Date.UTC(2026, 2, 10, 14, 0, n)).toISOString(),
    realtimeUs: String(Date.UTC(2026, 2, 10, 14, 0, n) * 1000),
    unit: 'clan-panel.service',
    identifier: 'node',
    pid: 42,
    priority: 6,
    hostname: 'host',
    message: `message ${n}`,
    ...over,
  };
}

describe('HostLogsPage', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<HostLogsPage>;
  const root = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => root().querySelector<T>(`[data-testid="${id}"]`);
  const rows = () => Array.from(root().querySelectorAll<HTMLElement>('[data-testid="journal-row"]'));
  const query = () => new URLSearchParams(fake.last('GET', '/api/host/journal')?.search);

  async function settle(): Promise<void> {
    await flush();
    fixture.detectChanges();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    FakeEventSource.opened = [];
    fake = new FakeApi().on('GET', '/api/host/journal', (req) => {
      const q = new URLSearchParams(req.search);
      if (q.get('before') === 's=abc;i=1')
        return { body: { items: [entry(0, { priority: 3, message: 'disk failing' })], first: 's=abc;i=0', last: 's=abc;i=0' } };
      if (q.get('before')) return { body: { items: [], first: null, last: null } };
      if (q.get('after')) return { body: { items: [entry(9, { message: 'caught up' })], first: 's=abc;i=9', last: 's=abc;i=9' } };
      return {
        body: {
          items: [entry(1), entry(2, { priority: 4, unit: null, identifier: 'kernel', pid: null })],
          first: 's=abc;i=1',
          last: 's=abc;i=2',
        },
      };
    });
    TestBed.configureTestingModule({
      imports: [HostLogsPage],
      providers: [
        provideRouter([]),
        { provide: FETCH, useValue: fake.fetch },
        { provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) },
        { provide: FOLLOW_BACKOFF, useValue: { baseMs: 1, maxMs: 2 } },
      ],
    });
    fixture = TestBed.createComponent(HostLogsPage);
    await settle();
  });

  afterEach(() => fixture.destroy());

  it('shows the newest entries, oldest first, with time, unit, a coloured priority and the message', () => {
    expect(query().get('limit')).toBe('200');
    const [first, second] = rows();
    expect(rows()).toHaveLength(2);
    expect(first.textContent).toContain('clan-panel.service[42]');
    expect(first.textContent).toContain('message 1');
    expect(first.querySelector('.badge')?.textContent).toBe('info');
    expect(first.querySelector('.badge')?.className).toContain('badge-muted');
    expect(second.textContent).toContain('kernel');
    expect(second.querySelector('.badge')?.textContent).toBe('warning');
    expect(second.querySelector('.badge')?.className).toContain('badge-warn');
  });

  it('filters by unit on Enter and by priority on change', async () => {
    const unit = byTestId<HTMLInputElement>('journal-unit');
    if (!unit) throw new Error('no unit field');
    unit.value = 'nginx.service';
    unit.dispatchEvent(new Event('input'));
    unit.form?.dispatchEvent(new Event('submit'));
    await settle();
    expect(query().get('unit')).toBe('nginx.service');
    expect(query().has('priority')).toBe(false);

    const priority = byTestId<HTMLSelectElement>('journal-priority');
    if (!priority) throw new Error('no priority select');
    priority.value = '3';
    priority.dispatchEvent(new Event('change'));
    await settle();
    expect(query().get('priority')).toBe('3');
    expect(query().get('unit')).toBe('nginx.service');
    expect(Array.from(priority.options).map((o) => o.textContent?.trim())[4]).toBe('Error (err) or worse');
  });

  it('loads older entries before the first one shown', async () => {
    byTestId('journal-older')?.click();
    await settle();
    expect(query().get('before')).toBe('s=abc;i=1');
    expect(rows().map((r) => r.querySelector('.journal-message')?.textContent)).toEqual(['disk failing', 'message 1', 'message 2']);
    expect(rows()[0].querySelector('.badge')?.className).toContain('badge-danger');
    byTestId('journal-older')?.click();
    await settle();
    expect(byTestId<HTMLButtonElement>('journal-older')?.disabled).toBe(true);
  });

  it('follows new entries from the last one shown, and stops when toggled off', async () => {
    byTestId('journal-follow')?.click();
    await settle();
    const stream = FakeEventSource.opened[0];
    expect(stream.url).toBe('/api/host/journal/stream?after=s%3Dabc%3Bi%3D2');
    stream.open();
    stream.emit('entry', entry(3, { message: 'followed entry' }));
    stream.emit('entry', entry(3, { message: 'followed entry' })); // a repeat is shown once
    await settle();
    expect(byTestId('journal-follow')?.getAttribute('aria-pressed')).toBe('true');
    expect(rows().map((r) => r.querySelector('.journal-message')?.textContent)).toEqual(['message 1', 'message 2', 'followed entry']);
    byTestId('journal-follow')?.click();
    await settle();
    expect(stream.closed).toBe(true);
    expect(byTestId('journal-follow')?.getAttribute('aria-pressed')).toBe('false');
  });

  it('catches up after the stream drops, and reconnects after the newest entry', async () => {
    byTestId('journal-follow')?.click();
    await settle();
    FakeEventSource.opened[0].fail();
    await settle();
    await new Promise((r) => setTimeout(r, 10));
    await settle();
    expect(query().get('after')).toBe('s=abc;i=2');
    expect(rows().at(-1)?.textContent).toContain('caught up');
    expect(FakeEventSource.opened).toHaveLength(2);
    expect(FakeEventSource.opened[1].url).toBe('/api/host/journal/stream?after=s%3Dabc%3Bi%3D9');
  });

  it('shows the API’s error in words (journalctl missing, no privilege)', async () => {
    fake.on('GET', '/api/host/journal', apiError(500, 'INTERNAL', 'journalctl is not installed on the host (Debian package systemd).'));
    byTestId('journal-refresh')?.click();
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('journalctl is not installed on the host');
    expect(byTestId('journal-empty')?.textContent).toContain('could not be read');

    fake.on('GET', '/api/host/journal', apiError(403, 'FORBIDDEN', 'You need the Sys.Audit privilege.'));
    fixture.destroy();
    fixture = TestBed.createComponent(HostLogsPage);
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('Sys.Audit');
  });

  it('says the host keeps no journal (no journald) instead of calling it empty, and offers no following', async () => {
    const why = 'This host keeps no systemd journal (journalctl found no journal files: systemd-journald does not run here).';
    fake.on('GET', '/api/host/journal', () => ({ body: { items: [], first: null, last: null, noJournal: why } }));
    byTestId('journal-refresh')?.click();
    await settle();
    expect(byTestId('journal-none')?.textContent).toContain(why);
    expect(byTestId('journal-empty')?.textContent).not.toContain('The journal is empty');
    expect(byTestId<HTMLButtonElement>('journal-follow')?.disabled).toBe(true);

    fake.on('GET', '/api/host/journal', () => ({ body: { items: [], first: null, last: null, noJournal: null } }));
    byTestId('journal-refresh')?.click();
    await settle();
    expect(byTestId('journal-none')).toBeNull();
    expect(byTestId('journal-empty')?.textContent).toContain('The journal is empty.');
  });

  it('stops following when the panel refuses, and says why', async () => {
    byTestId('journal-follow')?.click();
    await settle();
    fake.on('GET', '/api/host/journal', apiError(403, 'FORBIDDEN', 'You need the Sys.Audit privilege.'));
    FakeEventSource.opened[0].fail();
    await settle();
    await new Promise((r) => setTimeout(r, 10));
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('Sys.Audit');
    expect(byTestId('journal-follow')?.getAttribute('aria-pressed')).toBe('false');
    expect(FakeEventSource.opened).toHaveLength(1);
    expect(rows()).toHaveLength(2); // what was shown stays
  });
});
