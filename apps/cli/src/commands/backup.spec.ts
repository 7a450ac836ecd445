import { UsageError } from '../lib/errors';
import { painter } from '../lib/format';
import type { BackupSubjectStatus, FamilyView } from '../lib/api';
import { checkAbsolute, checkSnapshotId, freshnessCell, parseSubjectRef, renderFamily, renderStatus } from './backup';

const plain = painter(false);
const NOW = new Date('2026-01-10T12:00:00Z');

function subject(over: Partial<BackupSubjectStatus>): BackupSubjectStatus {
  return {
    kind: 'device',
    name: 'laptop-anna',
    coverage: 'protected',
    state: 'protected',
    freshness: 'ok',
    lastSuccessAt: '2026-01-10T09:00:00Z',
    ageSeconds: 10800,
    integrity: { result: 'ok', lastCheckAt: '2026-01-09T12:00:00Z', ageSeconds: 86400 },
    storage: [{ repositoryId: 'r', repositoryName: 'nas', sizeBytes: 5 * 1024 ** 3, freeBytes: null }],
    restorability: null,
    words: 'backed up',
    policies: [],
    ...over,
  };
}

describe('backup command arguments', () => {
  it('takes a network, or a network and a machine or device', () => {
    expect(parseSubjectRef('family', false)).toEqual({ network: 'family', subject: null });
    expect(parseSubjectRef('family/laptop-anna', true)).toEqual({ network: 'family', subject: 'laptop-anna' });
    expect(() => parseSubjectRef('family', true)).toThrow(UsageError);
    expect(() => parseSubjectRef('family/Laptop Anna', false)).toThrow(
      '"family/Laptop Anna" must name a network, or a machine or device as <network>/<name>',
    );
  });

  it('wants absolute paths and snapshot ids before asking the panel', () => {
    expect(checkAbsolute('<path>', '/srv/photos')).toBe('/srv/photos');
    expect(() => checkAbsolute('<path>', 'photos')).toThrow('<path>: "photos" must be an absolute path');
    expect(() => checkAbsolute('--target', '/srv/../etc')).toThrow(UsageError);
    expect(checkSnapshotId('8c1f882f')).toBe('8c1f882f');
    expect(() => checkSnapshotId('latest')).toThrow('<snapshot>: "latest" must be a snapshot id');
  });
});

describe('backup rendering', () => {
  it('shows coverage and freshness as one word', () => {
    expect(freshnessCell({ coverage: 'not-protected', freshness: null }, plain)).toBe('not protected');
    expect(freshnessCell({ coverage: 'protected', freshness: 'stale' }, plain)).toBe('stale');
    expect(freshnessCell({ coverage: 'not-yet-backed-up', freshness: 'never' }, plain)).toBe('not yet backed up');
  });

  it('renders the network table', () => {
    const lines = renderStatus(
      'family',
      [
        subject({
          freshness: 'stale',
          lastSuccessAt: '2026-01-06T12:00:00Z',
          policies: [{ lastRunStatus: 'failed', lastErrorClass: 'wrong-password' } as never],
        }),
        subject({
          kind: 'machine',
          name: 'anna',
          coverage: 'not-protected',
          freshness: null,
          lastSuccessAt: null,
          storage: [],
          integrity: { result: 'unknown', lastCheckAt: null, ageSeconds: null },
        }),
      ],
      NOW,
      plain,
    ).split('\n');
    expect(lines[0]).toMatch(/^SUBJECT\s+BACKUP\s+LAST SUCCESS\s+INTEGRITY\s+SIZE\s+PROBLEM$/);
    expect(lines[1]).toMatch(/^device laptop-anna\s+stale\s+4 d ago\s+ok, 1 d ago\s+5\.0 GiB\s+wrong-password$/);
    expect(lines[2]).toMatch(/^machine anna\s+not protected\s+—\s*$/);
  });

  it('renders the family view in plain words', () => {
    const view: FamilyView = {
      items: [
        {
          networkId: 'n',
          networkName: 'family',
          kind: 'device',
          name: 'laptop-anna',
          state: 'needs-attention',
          lastBackupAt: '2026-01-07T12:00:00Z',
          freshness: 'stale',
          restorability: null,
          verifiedAt: null,
          words: 'backed up',
          advice: 'Turn laptop-anna on and connect it to the network.',
        },
        {
          networkId: 'n',
          networkName: 'family',
          kind: 'machine',
          name: 'nas',
          state: 'safe',
          lastBackupAt: '2026-01-10T11:00:00Z',
          freshness: 'ok',
          restorability: 'verified',
          verifiedAt: '2026-01-10T04:30:00Z',
          words: 'backed up and verified 2026-01-10',
          advice: 'Nothing to do.',
        },
      ],
    };
    expect(renderFamily(view, NOW, plain).split('\n')).toEqual([
      'laptop-anna (family): needs attention, last backup 3 d ago.',
      '  Turn laptop-anna on and connect it to the network.',
      'nas (family): safe, last backup 1 h ago.',
    ]);
    expect(renderFamily({ items: [] }, NOW, plain)).toMatch(/^No devices of yours/);
  });
});
