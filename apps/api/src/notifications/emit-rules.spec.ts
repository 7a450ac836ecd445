import { classifyChange, matchSeverity, MESSAGE_MAX, normaliseEvent, TITLE_MAX } from './emit-rules';
import type { NotificationEvent } from './emit-rules';

const event = (over: Partial<NotificationEvent> = {}): NotificationEvent => ({
  kind: 'backup.freshness',
  severity: 'warning',
  networkId: '3f0c2a4e-8b1d-4c5e-9f60-7a8b9c0d1e2f',
  subject: 'backup:p1',
  state: 'stale',
  title: 'laptop-anna has not been backed up for 3 days',
  message: 'The last backup finished on Monday.',
  ...over,
});

describe('classifyChange (one notification per state change)', () => {
  it('treats the first non-ok state as news and the first ok as silent', () => {
    expect(classifyChange(null, 'stale')).toBe('notify');
    expect(classifyChange(null, 'never')).toBe('notify');
    expect(classifyChange(null, 'ok')).toBe('first-ok');
  });

  it('notifies on every change, including back to ok, and never on a repeat', () => {
    expect(classifyChange('ok', 'late')).toBe('notify');
    expect(classifyChange('late', 'stale')).toBe('notify');
    expect(classifyChange('stale', 'ok')).toBe('notify');
    expect(classifyChange('stale', 'stale')).toBe('unchanged');
    expect(classifyChange('ok', 'ok')).toBe('unchanged');
  });
});

describe('matchSeverity', () => {
  it('lets a recovery reach the targets that heard about the problem', () => {
    expect(matchSeverity('info', { state: 'stale', severity: 'critical' })).toBe('critical');
    expect(matchSeverity('info', { state: 'ok', severity: 'info' })).toBe('info');
    expect(matchSeverity('warning', null)).toBe('warning');
    expect(matchSeverity('critical', { state: 'late', severity: 'warning' })).toBe('critical');
  });
});

describe('normaliseEvent', () => {
  it('keeps a good event and lower-cases the network id', () => {
    const e = normaliseEvent(event({ networkId: '3F0C2A4E-8B1D-4C5E-9F60-7A8B9C0D1E2F', link: '/networks/x/backups' }));
    expect(e.networkId).toBe('3f0c2a4e-8b1d-4c5e-9f60-7a8b9c0d1e2f');
    expect(e.link).toBe('/networks/x/backups');
  });

  it('clips long free text instead of losing the notification', () => {
    const e = normaliseEvent(event({ title: `  ${'t'.repeat(500)}  `, message: 'm'.repeat(10_000) }));
    expect(e.title).toHaveLength(TITLE_MAX);
    expect(e.title.endsWith('…')).toBe(true);
    expect(e.message).toHaveLength(MESSAGE_MAX);
  });

  it('throws naming every wrong key (a programming error in the caller)', () => {
    expect(() =>
      normaliseEvent(
        event({ kind: 'Backup Stale', severity: 'fatal' as never, networkId: 'nope', state: '', link: 'javascript:alert(1)' }),
      ),
    ).toThrow(/kind "Backup Stale".*severity must be one of info, warning, critical.*networkId.*state.*link/);
    expect(() => normaliseEvent(event({ subject: 's'.repeat(201) }))).toThrow(/subject/);
  });
});
