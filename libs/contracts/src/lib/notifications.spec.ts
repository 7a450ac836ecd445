import { kindMatches, NOTIFICATION_SEVERITIES, severityRank } from './notifications';

describe('notification contracts', () => {
  it('orders severities from info to critical', () => {
    expect(NOTIFICATION_SEVERITIES.map(severityRank)).toEqual([0, 1, 2]);
    expect(severityRank('critical')).toBeGreaterThan(severityRank('warning'));
  });

  it('matches kinds exactly, by dotted prefix, or all', () => {
    expect(kindMatches('backup.freshness', 'backup.freshness')).toBe(true);
    expect(kindMatches('backup.*', 'backup.freshness')).toBe(true);
    expect(kindMatches('backup.*', 'backups.freshness')).toBe(false);
    expect(kindMatches('backup.*', 'backup')).toBe(false);
    expect(kindMatches('*', 'vm.health')).toBe(true);
    expect(kindMatches('backup.run', 'backup.freshness')).toBe(false);
  });
});
