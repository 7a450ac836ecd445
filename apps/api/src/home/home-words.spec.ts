import { appUrl, backupWords, httpsAppUrl, machineState, meshName, type PolicyFacts } from './home-words';

const now = new Date('2026-12-06T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);
const policy = (p: Partial<PolicyFacts> = {}): PolicyFacts => ({
  enabled: true,
  lastSuccessAt: null,
  lastRunAt: null,
  lastRunStatus: null,
  lateAfterHours: 26,
  ...p,
});

describe('backupWords', () => {
  it('says "not yet backed up" without a plan, and names the missing plan', () => {
    expect(backupWords([], now)).toEqual({
      state: 'no-plan',
      tone: 'danger',
      words: 'not yet backed up: there is no backup plan for it yet',
    });
    expect(backupWords([policy({ enabled: false, lastSuccessAt: hoursAgo(1) })], now).state).toBe('no-plan');
  });

  it('says "not yet backed up" until a first backup succeeds, and that the admins know of a failed first one', () => {
    expect(backupWords([policy()], now)).toEqual({ state: 'not-yet-backed-up', tone: 'warn', words: 'not yet backed up' });
    expect(backupWords([policy({ lastRunStatus: 'failed', lastRunAt: hoursAgo(2) })], now).words).toBe(
      'not yet backed up: the first backup failed — the admins know',
    );
    // Backed up to one place but not yet to the other: not backed up as planned.
    expect(backupWords([policy({ lastSuccessAt: hoursAgo(1), lastRunStatus: 'succeeded' }), policy()], now).state).toBe(
      'not-yet-backed-up',
    );
  });

  it('says a machine is backed up and verified while its latest restore test passed, and never calls a failed one safe', () => {
    const ran = { lastSuccessAt: hoursAgo(2), lastRunAt: hoursAgo(2), lastRunStatus: 'succeeded' };
    expect(backupWords([policy({ ...ran, verification: { ok: true, verifiedAt: hoursAgo(1) } })], now)).toEqual({
      state: 'verified',
      tone: 'ok',
      words: 'backed up 2 hours ago and verified 1 hour ago',
    });
    // Within the last minute: "just now", never "0 minutes ago".
    expect(
      backupWords(
        [policy({ lastSuccessAt: now, lastRunAt: now, lastRunStatus: 'succeeded', verification: { ok: true, verifiedAt: now } })],
        now,
      ).words,
    ).toBe('backed up just now and verified just now');
    // Never verified, or a proof older than the verification window before the backups: just "backed up".
    expect(backupWords([policy({ ...ran, verification: null })], now).words).toBe('backed up 2 hours ago');
    expect(backupWords([policy({ ...ran, verification: { ok: true, verifiedAt: hoursAgo(24 * 9) } })], now, 7).state).toBe('backed-up');
    expect(backupWords([policy({ ...ran, verification: { ok: false, verifiedAt: hoursAgo(1) } })], now)).toEqual({
      state: 'not-restorable',
      tone: 'danger',
      words: 'backed up 2 hours ago, but the last restore test failed — the admins know',
    });
    // Two machine policies: both must be proven.
    expect(
      backupWords([policy({ ...ran, verification: { ok: true, verifiedAt: hoursAgo(1) } }), policy({ ...ran, verification: null })], now)
        .state,
    ).toBe('backed-up');
  });

  it('says how long ago the backup ran, and when it is later than planned', () => {
    expect(backupWords([policy({ lastSuccessAt: hoursAgo(2), lastRunStatus: 'succeeded' })], now)).toEqual({
      state: 'backed-up',
      tone: 'ok',
      words: 'backed up 2 hours ago',
    });
    expect(backupWords([policy({ lastSuccessAt: hoursAgo(72), lastRunStatus: 'succeeded' })], now)).toEqual({
      state: 'late',
      tone: 'warn',
      words: 'backed up 3 days ago — later than planned',
    });
  });

  it('says when the last backup failed after earlier successes', () => {
    const failed = policy({ lastSuccessAt: hoursAgo(100), lastRunAt: hoursAgo(72), lastRunStatus: 'failed' });
    expect(backupWords([failed], now)).toEqual({
      state: 'failed',
      tone: 'danger',
      words: 'last backup failed 3 days ago — the admins know',
    });
  });
});

describe('machineState', () => {
  it('reads building first, then the VM state the manager last saw', () => {
    expect(machineState('running', true)).toEqual({ state: 'building', words: 'building' });
    expect(machineState('running', false)).toEqual({ state: 'running', words: 'running' });
    expect(machineState('blocked', false).state).toBe('running');
    expect(machineState('shutOff', false)).toEqual({ state: 'stopped', words: 'stopped' });
    expect(machineState('crashed', false).state).toBe('stopped');
    expect(machineState('paused', false).state).toBe('paused');
    expect(machineState('undefined', false)).toEqual({ state: 'not-started', words: 'not started yet' });
    expect(machineState(null, false).state).toBe('not-started');
  });
});

describe('names and links', () => {
  it('names a machine as the phonebook does and links its web page', () => {
    expect(meshName('files', 'family')).toBe('files.family.clan');
    expect(appUrl('files.family.clan', 8384)).toBe('http://files.family.clan:8384/');
    expect(appUrl('cloud.family.clan', 80)).toBe('http://cloud.family.clan/');
  });

  it('links an app of a machine in the mesh by its HTTPS name', () => {
    expect(httpsAppUrl('home-assistant', 'files.family.clan')).toBe('https://home-assistant.files.family.clan/');
  });
});
