import {
  backupWords,
  coverageOf,
  familyVerdict,
  freshnessMessage,
  freshnessOf,
  humanAge,
  integrityOf,
  type StatePolicyInput,
  subjectStateOf,
  worstFreshness,
  worstRestorability,
} from './backup-status';

const NOW = new Date('2026-01-10T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000);
const policy = (lastSuccessAt: Date | null) => ({ lastSuccessAt, lateAfterHours: 26, staleAfterHours: 72 });

describe('freshnessOf', () => {
  it('is never without a success, then ok / late / stale by the thresholds (inclusive)', () => {
    expect(freshnessOf(policy(null), NOW)).toBe('never');
    expect(freshnessOf(policy(hoursAgo(1)), NOW)).toBe('ok');
    expect(freshnessOf(policy(hoursAgo(26)), NOW)).toBe('ok');
    expect(freshnessOf(policy(hoursAgo(26.01)), NOW)).toBe('late');
    expect(freshnessOf(policy(hoursAgo(72)), NOW)).toBe('late');
    expect(freshnessOf(policy(hoursAgo(73)), NOW)).toBe('stale');
  });

  it('takes the worst of several policies', () => {
    expect(worstFreshness([])).toBeNull();
    expect(worstFreshness(['ok', 'late'])).toBe('late');
    expect(worstFreshness(['ok', 'never'])).toBe('never');
    expect(worstFreshness(['never', 'stale', 'ok'])).toBe('stale');
  });
});

describe('subjectStateOf', () => {
  const p = (over: Partial<StatePolicyInput> = {}): StatePolicyInput => ({
    ...policy(null),
    enabled: true,
    lastRunStatus: null,
    running: false,
    ...over,
  });

  it('is not protected without an enabled policy', () => {
    expect(subjectStateOf([], NOW)).toBe('not-protected');
    expect(subjectStateOf([p({ enabled: false, lastSuccessAt: hoursAgo(1), lastRunStatus: 'succeeded' })], NOW)).toBe('not-protected');
  });

  it('is not yet backed up while the first backup has not succeeded: pending, running, failed', () => {
    expect(subjectStateOf([p()], NOW)).toBe('first-backup-pending');
    expect(subjectStateOf([p({ running: true })], NOW)).toBe('first-backup-running');
    expect(subjectStateOf([p({ lastRunStatus: 'failed' })], NOW)).toBe('first-backup-failed');
    // a retry of a failed first backup is running
    expect(subjectStateOf([p({ lastRunStatus: 'failed', running: true })], NOW)).toBe('first-backup-running');
  });

  it('is protected once a backup succeeded, then late or stale by the thresholds', () => {
    expect(subjectStateOf([p({ lastSuccessAt: hoursAgo(1), lastRunStatus: 'succeeded' })], NOW)).toBe('protected');
    // a later failure does not undo the backup that exists
    expect(subjectStateOf([p({ lastSuccessAt: hoursAgo(2), lastRunStatus: 'failed' })], NOW)).toBe('protected');
    expect(subjectStateOf([p({ lastSuccessAt: hoursAgo(30), lastRunStatus: 'succeeded' })], NOW)).toBe('late');
    expect(subjectStateOf([p({ lastSuccessAt: hoursAgo(100), lastRunStatus: 'succeeded' })], NOW)).toBe('stale');
  });

  it('counts a success of any enabled policy, and the worst freshness among the successful ones', () => {
    expect(subjectStateOf([p(), p({ lastSuccessAt: hoursAgo(1) })], NOW)).toBe('protected');
    expect(subjectStateOf([p({ lastSuccessAt: hoursAgo(1) }), p({ lastSuccessAt: hoursAgo(100) })], NOW)).toBe('stale');
    expect(subjectStateOf([p({ enabled: false, lastSuccessAt: hoursAgo(1) }), p({ running: true })], NOW)).toBe('first-backup-running');
  });

  it('maps every state to its coverage', () => {
    expect(coverageOf('not-protected')).toBe('not-protected');
    for (const s of ['first-backup-pending', 'first-backup-running', 'first-backup-failed'] as const)
      expect(coverageOf(s)).toBe('not-yet-backed-up');
    for (const s of ['protected', 'late', 'stale'] as const) expect(coverageOf(s)).toBe('protected');
  });
});

describe('integrityOf', () => {
  it('is unknown until a check ran', () => {
    expect(integrityOf({ lastCheckAt: null, lastCheckOk: null })).toBe('unknown');
    expect(integrityOf({ lastCheckAt: NOW, lastCheckOk: true })).toBe('ok');
    expect(integrityOf({ lastCheckAt: NOW, lastCheckOk: false })).toBe('failed');
  });
});

describe('words', () => {
  it('says ages in the largest whole unit', () => {
    expect(humanAge(30_000)).toBe('0 minutes');
    expect(humanAge(60_000)).toBe('1 minute');
    expect(humanAge(5 * 3600_000)).toBe('5 hours');
    expect(humanAge(47 * 3600_000)).toBe('47 hours');
    expect(humanAge(3 * 86_400_000 + 5 * 3600_000)).toBe('3 days');
  });

  it('writes the notification sentence', () => {
    expect(freshnessMessage('laptop-anna', 'stale', hoursAgo(3 * 24 + 2), NOW)).toBe('laptop-anna has not been backed up for 3 days.');
    expect(freshnessMessage('laptop-anna', 'never', null, NOW)).toBe('laptop-anna has never been backed up.');
    expect(freshnessMessage('laptop-anna', 'ok', hoursAgo(2), NOW)).toBe('laptop-anna is backed up again (last backup 2 hours ago).');
  });

  it('gives members a verdict and one thing to do', () => {
    const base = {
      subject: 'laptop-anna',
      coverage: 'protected' as const,
      lastSuccessAt: NOW,
      integrity: 'ok' as const,
      lastErrorClass: null,
    };
    expect(familyVerdict({ ...base, freshness: 'ok', runner: 'device' })).toEqual({ state: 'safe', advice: 'Nothing to do.' });
    expect(familyVerdict({ ...base, freshness: 'stale', runner: 'device' }).state).toBe('needs-attention');
    expect(familyVerdict({ ...base, freshness: 'stale', runner: 'device' }).advice).toMatch(/^Turn laptop-anna on/);
    expect(familyVerdict({ ...base, coverage: 'not-protected', freshness: null, runner: null }).advice).toMatch(/not backed up at all/);
    expect(familyVerdict({ ...base, freshness: 'ok', integrity: 'failed', runner: 'panel' }).state).toBe('needs-attention');
  });
});

describe('verified restores in the status', () => {
  it('says "backed up and verified <date>", "backed up" or "not restorable"', () => {
    expect(backupWords('protected', 'verified', NOW)).toBe('backed up and verified 2026-01-10');
    expect(backupWords('protected', 'unverified', NOW)).toBe('backed up');
    expect(backupWords('protected', null, null)).toBe('backed up');
    expect(backupWords('protected', 'not-restorable', NOW)).toBe('not restorable');
    expect(backupWords('not-yet-backed-up', null, null)).toBeNull();
    expect(backupWords('not-yet-backed-up', 'not-restorable', NOW)).toBe('not restorable');
  });

  it("takes the worst of a subject's machine policies", () => {
    expect(worstRestorability([])).toBeNull();
    expect(worstRestorability([null])).toBeNull();
    expect(worstRestorability(['verified', null])).toBe('verified');
    expect(worstRestorability(['verified', 'unverified'])).toBe('unverified');
    expect(worstRestorability(['verified', 'not-restorable'])).toBe('not-restorable');
  });

  it('makes a failed restore test need attention even when the backup is fresh', () => {
    const base = { subject: 'web', coverage: 'protected' as const, lastSuccessAt: NOW, integrity: 'ok' as const, lastErrorClass: null };
    expect(familyVerdict({ ...base, freshness: 'ok', runner: 'panel', restorability: 'verified' })).toEqual({
      state: 'safe',
      advice: 'Nothing to do.',
    });
    const failed = familyVerdict({ ...base, freshness: 'ok', runner: 'panel', restorability: 'not-restorable' });
    expect(failed.state).toBe('needs-attention');
    expect(failed.advice).toMatch(/test restore of the backup of web did not start up/);
  });
});
