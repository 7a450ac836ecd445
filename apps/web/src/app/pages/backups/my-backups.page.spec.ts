import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import type { FamilyDeviceView } from './backups.api';
import { MyBackupsPage } from './my-backups.page';

const HOUR = 3600_000;

function device(name: string, over: Partial<FamilyDeviceView> = {}): FamilyDeviceView {
  return {
    networkId: 'n1',
    networkName: 'family',
    kind: 'device',
    name,
    state: 'safe',
    lastBackupAt: new Date(Date.now() - 2 * HOUR).toISOString(),
    freshness: 'ok',
    restorability: null,
    verifiedAt: null,
    words: 'backed up',
    advice: 'Nothing to do.',
    ...over,
  };
}

describe('MyBackupsPage', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<MyBackupsPage>;
  const byTestId = (id: string) => (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>(`[data-testid="${id}"]`);

  async function render(items: FamilyDeviceView[]): Promise<void> {
    fake = new FakeApi().on('GET', '/api/backups/mine', { body: { items } });
    TestBed.configureTestingModule({ imports: [MyBackupsPage], providers: [provideRouter([]), { provide: FETCH, useValue: fake.fetch }] });
    fixture = TestBed.createComponent(MyBackupsPage);
    await flush();
    await fixture.whenStable();
  }

  it('shows each device as safe or needing attention, the last backup in words and what to do', async () => {
    await render([
      device('laptop-anna', {
        state: 'needs-attention',
        freshness: 'stale',
        lastBackupAt: new Date(Date.now() - 3 * 24 * HOUR).toISOString(),
        advice: 'Turn laptop-anna on and connect it to the network so its backup can run.',
      }),
      device('phone-anna'),
      device('tablet-anna', { state: 'needs-attention', freshness: 'never', lastBackupAt: null, advice: 'Set up its backup.' }),
    ]);
    expect(byTestId('my-backups-summary')?.textContent).toContain('2 of 3 devices need attention.');
    expect(byTestId('family-state-laptop-anna')?.textContent?.trim()).toBe('Needs attention');
    expect(byTestId('family-state-laptop-anna')?.getAttribute('data-tone')).toBe('danger');
    expect(byTestId('family-last-laptop-anna')?.textContent).toContain('3 days ago');
    expect(byTestId('family-advice-laptop-anna')?.textContent).toContain('Turn laptop-anna on and connect it');
    expect(byTestId('family-state-phone-anna')?.textContent?.trim()).toBe('Safe');
    expect(byTestId('family-state-phone-anna')?.getAttribute('data-tone')).toBe('ok');
    expect(byTestId('family-last-phone-anna')?.textContent).toContain('2 hours ago');
    expect(byTestId('family-last-tablet-anna')?.textContent).toContain('never');
    // No admin controls on the family view.
    expect((fixture.nativeElement as HTMLElement).textContent).not.toMatch(/Run now|Restore/);
  });

  it('says "backed up and verified" for a machine whose restore test passed, and "not restorable" in red when it failed', async () => {
    await render([
      device('nas', {
        kind: 'machine',
        restorability: 'verified',
        verifiedAt: '2026-12-07T04:31:00Z',
        words: 'backed up and verified 2026-12-07',
      }),
      device('web', {
        kind: 'machine',
        state: 'needs-attention',
        restorability: 'not-restorable',
        words: 'not restorable',
        advice: 'A test restore of the backup of web did not start up. Tell your network admin.',
      }),
      device('phone-anna'),
      device('tablet-anna', { state: 'needs-attention', freshness: 'never', lastBackupAt: null, words: null }),
    ]);
    expect(byTestId('family-verified-nas')?.textContent?.trim()).toBe('Backed up and verified 2026-12-07');
    expect(byTestId('family-verified-nas')?.getAttribute('data-tone')).toBe('ok');
    expect(byTestId('family-verified-web')?.textContent?.trim()).toBe('Not restorable');
    expect(byTestId('family-verified-web')?.getAttribute('data-tone')).toBe('danger');
    expect(byTestId('family-advice-web')?.textContent).toContain('did not start up');
    expect(byTestId('family-verified-phone-anna')?.textContent?.trim()).toBe('Backed up');
    expect(byTestId('family-verified-tablet-anna')).toBeNull();
    // Members see the verdict, not the admin's "Verify now".
    expect((fixture.nativeElement as HTMLElement).textContent).not.toContain('Verify now');
  });

  it('says so when the member has no backed-up device', async () => {
    await render([]);
    expect(byTestId('my-backups-empty')?.textContent).toContain('No device of yours is backed up');
    expect(byTestId('my-backups')).toBeNull();
  });
});
