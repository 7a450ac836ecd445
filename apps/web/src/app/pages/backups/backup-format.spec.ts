import {
  backupStateBadge,
  backupStateWords,
  coverageBadge,
  familyBackupLine,
  familyState,
  freshnessBadge,
  integrityBadge,
  lastBackupText,
  lastSuccessCell,
  parentPath,
  pathCrumbs,
  restorePoint,
  snapshotContents,
  snapshotTime,
  usageChart,
  verificationBadge,
} from './backup-format';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const before = (ms: number) => new Date(NOW - ms).toISOString();
const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('lastBackupText', () => {
  it('says "never" when there was no backup or the time is unreadable', () => {
    expect(lastBackupText(null, NOW)).toBe('never');
    expect(lastBackupText(undefined, NOW)).toBe('never');
    expect(lastBackupText('not a date', NOW)).toBe('never');
  });

  it('says recent times in words', () => {
    expect(lastBackupText(before(10_000), NOW)).toBe('just now');
    expect(lastBackupText(before(2 * HOUR), NOW)).toBe('2 hours ago');
    expect(lastBackupText(before(DAY), NOW)).toBe('yesterday');
    expect(lastBackupText(before(3 * DAY), NOW)).toBe('3 days ago');
  });

  it('gives the date for anything older than a month', () => {
    expect(lastBackupText('2026-09-01T08:00:00Z', NOW)).toBe('on 2026-09-01');
  });
});

describe('familyState', () => {
  it('is green "Safe" when the API says safe', () => {
    expect(familyState({ state: 'safe', freshness: 'ok' })).toMatchObject({ label: 'Safe', tone: 'ok' });
  });

  it('is amber when late or not yet backed up, red when stale or unprotected', () => {
    expect(familyState({ state: 'needs-attention', freshness: 'late' })).toMatchObject({ label: 'Needs attention', tone: 'warn' });
    expect(familyState({ state: 'needs-attention', freshness: 'stale' }).tone).toBe('danger');
    expect(familyState({ state: 'needs-attention', freshness: 'never' }).tone).toBe('warn');
    expect(familyState({ state: 'needs-attention', freshness: null }).tone).toBe('danger');
  });

  it('is amber when fresh but otherwise in trouble (a failed check)', () => {
    expect(familyState({ state: 'needs-attention', freshness: 'ok' }).tone).toBe('warn');
  });
});

describe('status badges', () => {
  it('maps coverage; "not yet backed up" is amber, never green', () => {
    expect(coverageBadge('protected')).toMatchObject({ label: 'protected', tone: 'ok' });
    expect(coverageBadge('not-yet-backed-up')).toMatchObject({ label: 'not yet backed up', tone: 'warn' });
    expect(coverageBadge('not-protected')).toMatchObject({ label: 'not protected', tone: 'danger' });
  });

  it('maps every state; only a succeeded, fresh backup is green', () => {
    expect(backupStateBadge('not-protected')).toMatchObject({ label: 'not protected', tone: 'danger' });
    expect(backupStateBadge('first-backup-pending')).toMatchObject({ label: 'not yet backed up', tone: 'warn' });
    expect(backupStateBadge('first-backup-running')).toMatchObject({ label: 'first backup running', tone: 'info' });
    expect(backupStateBadge('first-backup-failed')).toMatchObject({ label: 'first backup failed', tone: 'danger' });
    expect(backupStateBadge('protected')).toMatchObject({ label: 'protected', tone: 'ok' });
    expect(backupStateBadge('late')).toMatchObject({ label: 'late', tone: 'warn' });
    expect(backupStateBadge('stale')).toMatchObject({ label: 'stale', tone: 'danger' });
    expect(backupStateWords('first-backup-pending')).toBe('not yet backed up');
  });

  it('says "never" once in a last-success cell, else the badge and the time', () => {
    expect(lastSuccessCell('never', null, NOW)).toEqual({ badge: null, text: 'never' });
    expect(lastSuccessCell('ok', before(2 * HOUR), NOW)).toMatchObject({ badge: { label: 'ok', tone: 'ok' }, text: '2 hours ago' });
    expect(lastSuccessCell('stale', before(3 * DAY), NOW)).toMatchObject({ badge: { label: 'stale' }, text: '3 days ago' });
  });

  it('maps every freshness value, null being "not protected"', () => {
    expect(freshnessBadge('ok')).toMatchObject({ label: 'ok', tone: 'ok' });
    expect(freshnessBadge('late')).toMatchObject({ label: 'late', tone: 'warn' });
    expect(freshnessBadge('stale')).toMatchObject({ label: 'stale', tone: 'danger' });
    expect(freshnessBadge('never')).toMatchObject({ label: 'never', tone: 'warn' });
    expect(freshnessBadge(null)).toMatchObject({ label: 'not protected', tone: 'danger' });
  });

  it('maps integrity results and says the age of a passed check', () => {
    const ok = integrityBadge({ result: 'ok', lastCheckAt: before(3 * DAY) }, NOW);
    expect(ok).toMatchObject({ label: 'checked', tone: 'ok' });
    expect(ok.hint).toContain('3 days ago');
    expect(integrityBadge({ result: 'failed', lastCheckAt: before(HOUR) }, NOW)).toMatchObject({ label: 'check failed', tone: 'danger' });
    expect(integrityBadge({ result: 'unknown', lastCheckAt: null }, NOW)).toMatchObject({ label: 'not checked', tone: 'muted' });
  });
});

describe('usageChart', () => {
  it('turns samples into size and free lines, oldest first, dropping bad dates', () => {
    const chart = usageChart(
      [
        { at: before(DAY), sizeBytes: 2000, freeBytes: 9000 },
        { at: 'garbage', sizeBytes: 5, freeBytes: null },
        { at: before(2 * DAY), sizeBytes: 1000, freeBytes: null },
      ],
      NOW,
    );
    expect(chart.size).toEqual([
      { t: NOW - 2 * DAY, avg: 1000, max: 1000 },
      { t: NOW - DAY, avg: 2000, max: 2000 },
    ]);
    expect(chart.free).toEqual([{ t: NOW - DAY, avg: 9000, max: 9000 }]);
  });

  it('shows the last 30 days, widened to samples outside, as one unbroken line', () => {
    const chart = usageChart([{ at: before(40 * DAY), sizeBytes: 1, freeBytes: null }], NOW);
    expect(chart.from).toBe(NOW - 40 * DAY);
    expect(chart.to).toBe(NOW);
    expect(chart.stepSeconds).toBe(40 * 24 * 3600);
    const empty = usageChart([], NOW);
    expect(empty).toMatchObject({ size: [], free: [], from: NOW - 30 * DAY, to: NOW });
  });
});

describe('snapshot paths', () => {
  it('goes up one directory, never above "/"', () => {
    expect(parentPath('/srv/photos/2024')).toBe('/srv/photos');
    expect(parentPath('/srv/')).toBe('/');
    expect(parentPath('/')).toBe('/');
  });

  it('lists the breadcrumb from the root', () => {
    expect(pathCrumbs('/srv/photos')).toEqual([
      { name: '/', path: '/' },
      { name: 'srv', path: '/srv' },
      { name: 'photos', path: '/srv/photos' },
    ]);
    expect(pathCrumbs('/')).toEqual([{ name: '/', path: '/' }]);
  });
});

describe('verified restores', () => {
  it('badges a machine policy verified, not restorable (with what failed) or not verified; nothing for devices', () => {
    const v = (
      verification: 'verified' | 'not-restorable' | 'unverified' | null,
      verifiedAt: string | null = null,
      detail: string | null = null,
    ) => verificationBadge({ verification, verifiedAt, verificationDetail: detail }, NOW);
    expect(v('verified', before(2 * HOUR))).toMatchObject({ label: 'verified', tone: 'ok' });
    expect(v('verified', before(2 * HOUR))?.hint).toContain('2 hours ago');
    expect(v('not-restorable', before(HOUR), 'Snapshot 8c1f882f did not come up healthy.')).toEqual({
      label: 'not restorable',
      tone: 'danger',
      hint: 'Snapshot 8c1f882f did not come up healthy.',
    });
    expect(v('unverified')).toMatchObject({ label: 'not verified', tone: 'muted' });
    expect(v('unverified')?.hint).toContain('Verify now');
    expect(v('unverified', before(9 * DAY))?.hint).toContain('older than the backups');
    expect(v(null)).toBeNull();
  });

  it("puts the API's words on the family card with a tone", () => {
    expect(familyBackupLine({ words: 'backed up and verified 2026-11-23', restorability: 'verified' })).toEqual({
      text: 'Backed up and verified 2026-11-23',
      tone: 'ok',
    });
    expect(familyBackupLine({ words: 'not restorable', restorability: 'not-restorable' })).toEqual({
      text: 'Not restorable',
      tone: 'danger',
    });
    expect(familyBackupLine({ words: 'backed up', restorability: null })).toEqual({ text: 'Backed up', tone: 'muted' });
    expect(familyBackupLine({ words: null, restorability: null })).toBeNull();
  });
});

describe('restorePoint', () => {
  it('reads the revision and generation a machine snapshot records', () => {
    const tags = ['clan-policy:1b2c', 'clan-part:machine-files', 'clan-revision=0123abcd4567', 'clan-generation=3'];
    expect(restorePoint(tags)).toEqual({ revision: '0123abcd4567', generation: 3 });
  });

  it('is null without either tag or with a value that is not one', () => {
    expect(restorePoint(['clan-part:machine-files', 'clan-generation=3'])).toBeNull();
    expect(restorePoint(['clan-revision=0123abcd4567'])).toBeNull();
    expect(restorePoint(['clan-revision=not-a-sha', 'clan-generation=3'])).toBeNull();
    expect(restorePoint(['clan-revision=0123abcd4567', 'clan-generation=two'])).toBeNull();
    expect(restorePoint(['clan-revision=0123abcd4567', 'clan-generation=-1'])).toBeNull();
  });
});

describe('snapshot words', () => {
  it('names what a snapshot holds', () => {
    expect(snapshotContents('machine-files')).toBe('Files from inside the machine');
    expect(snapshotContents('state-disk')).toBe('Whole state disk');
    expect(snapshotContents('dump:nextcloud-db')).toBe('Database dump (nextcloud-db)');
    expect(snapshotContents('files')).toBe('Files');
  });

  it("says when it was taken in the reader's locale and zone, not as an ISO string", () => {
    expect(snapshotTime('2026-12-07T07:42:01.314538961Z', 'en-GB', 'UTC')).toBe('7 Dec 2026, 07:42');
    expect(snapshotTime('2026-12-07T07:42:01Z', 'en-US', 'America/New_York')).toBe('Dec 7, 2026, 2:42 AM');
    expect(snapshotTime('not a time')).toBe('not a time');
  });
});
