import { type TargetMatchers, targetMatches } from './matchers';

const NET_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const NET_B = 'bbbbbbbb-0000-4000-8000-000000000002';
const host = (over: Partial<TargetMatchers> = {}): TargetMatchers => ({
  networkId: null,
  minSeverity: 'info',
  networkIds: null,
  kinds: null,
  ...over,
});

describe('targetMatches', () => {
  const stale = { severity: 'warning' as const, networkId: NET_A, kind: 'backup.freshness' };

  it('filters by minimum severity', () => {
    expect(targetMatches(host({ minSeverity: 'warning' }), stale)).toBe(true);
    expect(targetMatches(host({ minSeverity: 'critical' }), stale)).toBe(false);
    expect(targetMatches(host({ minSeverity: 'info' }), { ...stale, severity: 'info' })).toBe(true);
  });

  it('host-level targets take every network unless narrowed; narrowed ones skip host-wide notifications', () => {
    expect(targetMatches(host(), { ...stale, networkId: null })).toBe(true);
    expect(targetMatches(host({ networkIds: [NET_A] }), stale)).toBe(true);
    expect(targetMatches(host({ networkIds: [NET_B] }), stale)).toBe(false);
    expect(targetMatches(host({ networkIds: [NET_A] }), { ...stale, networkId: null })).toBe(false);
    expect(targetMatches(host({ networkIds: [] }), stale)).toBe(true);
  });

  it('network targets take their own network only', () => {
    expect(targetMatches(host({ networkId: NET_A }), stale)).toBe(true);
    expect(targetMatches(host({ networkId: NET_B }), stale)).toBe(false);
    expect(targetMatches(host({ networkId: NET_A }), { ...stale, networkId: null })).toBe(false);
  });

  it('filters by kind: exact, prefix.* and *', () => {
    expect(targetMatches(host({ kinds: ['backup.freshness'] }), stale)).toBe(true);
    expect(targetMatches(host({ kinds: ['backup.*'] }), stale)).toBe(true);
    expect(targetMatches(host({ kinds: ['backup.check'] }), stale)).toBe(false);
    expect(targetMatches(host({ kinds: ['vm.*'] }), stale)).toBe(false);
    expect(targetMatches(host({ kinds: ['*'] }), stale)).toBe(true);
    expect(targetMatches(host({ kinds: ['backup.*'] }), { ...stale, kind: 'backupx.freshness' })).toBe(false);
    expect(targetMatches(host({ kinds: [] }), stale)).toBe(true);
  });
});
