import { painter } from '../lib/format';
import {
  enabledApps,
  parseOffset,
  parseRevision,
  renderConfigSummary,
  renderHistory,
  renderStatus,
  renderWriteResult,
  shortDate,
} from './config';

const plain = painter(false);
const commit = (sha: string, date: string, authorName: string, subject: string) => ({
  sha,
  parents: [],
  authorName,
  authorEmail: `${authorName}@clan.invalid`,
  date,
  subject,
  body: '',
});

describe('renderHistory', () => {
  const items = [
    commit('5b6e8a2c1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c', '2025-11-23T10:49:12Z', 'admin', 'Add machine anna'),
    commit(
      '0d1d7fc4aa0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c',
      '2025-11-22T08:05:00+01:00',
      'cLAN panel',
      'Create the network configuration repository',
    ),
  ];

  it('is a table of short sha, UTC date, author and subject', () => {
    expect(renderHistory({ items, total: 2 }, 0, plain).split('\n')).toEqual([
      'REVISION  DATE (UTC)        AUTHOR      SUBJECT',
      '5b6e8a2   2025-11-23 10:49  admin       Add machine anna',
      '0d1d7fc   2025-11-22 07:05  cLAN panel  Create the network configuration repository',
    ]);
  });

  it('says how to page on', () => {
    expect(renderHistory({ items, total: 9 }, 4, plain)).toMatch(/\n\nShowing 5–6 of 9 revisions; use --offset 6 to see more\.$/);
    expect(renderHistory({ items: [], total: 2 }, 2, plain)).toBe('No revisions after the first 2.');
  });

  it('keeps dates short', () => {
    expect(shortDate('2025-11-23T10:49:12.345Z')).toBe('2025-11-23 10:49');
    expect(shortDate('not a date')).toBe('—');
  });
});

describe('renderWriteResult', () => {
  const diff = {
    patch: 'diff --git a/configs.json b/configs.json\n--- a/configs.json\n+++ b/configs.json\n@@ -1 +1 @@\n-{}\n+{"anna":{}}\n',
    files: [{ path: 'configs.json', status: 'modified' as const }],
  };

  it('shows the patch for a dry run and says nothing was committed', () => {
    const r = renderWriteResult({ revision: null, committed: false, diff }, true, plain);
    expect(r.out).toBe(diff.patch.trimEnd());
    expect(r.note).toBe('Dry run: nothing was committed (1 file changed: configs.json). Run again without --dry-run to commit.');
  });

  it('says when a dry run would change nothing', () => {
    expect(renderWriteResult({ revision: null, committed: false, diff: { patch: '', files: [] } }, true, plain)).toEqual({
      out: '',
      note: 'Dry run: nothing would change.',
    });
  });

  it('names the new revision', () => {
    expect(renderWriteResult({ revision: '5b6e8a2c1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c', committed: true, diff }, false, plain).out).toBe(
      'Committed 5b6e8a2 (1 file changed: configs.json).',
    );
    expect(renderWriteResult({ revision: null, committed: false, diff: { patch: '', files: [] } }, false, plain).out).toBe(
      'Nothing changed; no revision was made.',
    );
  });
});

describe('renderStatus', () => {
  it('shows the head, the link and each machine', () => {
    const out = renderStatus(
      'family',
      {
        head: '5b6e8a2c1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c',
        link: 'nix://https-panel.example/family',
        machines: [
          { name: 'anna', revision: '5b6e8a2c1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c', deployedRevision: null, drift: 'not-deployed' },
          {
            name: 'bob',
            revision: '0d1d7fc4aa0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c',
            deployedRevision: '0d1d7fc4aa0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c',
            drift: 'in-sync',
          },
        ],
      },
      plain,
    );
    expect(out.split('\n')).toEqual([
      'Network family is at revision 5b6e8a2.',
      'Link: nix://https-panel.example/family',
      '',
      'MACHINE  LAST CHANGE  DEPLOYED  DRIFT',
      'anna     5b6e8a2      —         not-deployed',
      'bob      0d1d7fc      0d1d7fc   in-sync',
    ]);
    expect(renderStatus('x', { head: 'a'.repeat(40), link: null, machines: [] }, plain)).toBe(
      'Network x is at revision aaaaaaa.\n\nNo machines yet.',
    );
  });
});

describe('renderConfigSummary', () => {
  it('is one row per machine', () => {
    const content = JSON.stringify({
      anna: {
        system: 'x86_64-linux',
        adminMode: 'shared',
        networkLayer: 'wireguard',
        applications: { syncthing: { enable: true }, nextcloud: { enable: false }, mumbleClient: { server: 'm' } },
      },
    });
    expect(renderConfigSummary(content).split('\n')).toEqual([
      'MACHINE  SYSTEM        MODE    LAYER      APPS',
      'anna     x86_64-linux  shared  wireguard  syncthing, mumbleClient',
    ]);
    expect(renderConfigSummary('{}\n')).toMatch(/^No machines/);
    expect(renderConfigSummary('not json')).toBe('not json');
    expect(enabledApps(undefined)).toEqual([]);
  });
});

describe('parseOffset', () => {
  it('takes whole numbers from 0', () => {
    expect(parseOffset('0')).toBe(0);
    expect(parseOffset(undefined)).toBeUndefined();
    expect(() => parseOffset('-1')).toThrow('--offset: "-1" must be a whole number, 0 or more');
  });
});

describe('parseRevision', () => {
  it('counts HEAD and HEAD~n, passes shas on in lower case', () => {
    expect(parseRevision('HEAD')).toEqual({ back: 0 });
    expect(parseRevision('head~3')).toEqual({ back: 3 });
    expect(parseRevision('5B6E8A2')).toEqual({ sha: '5b6e8a2' });
    expect(parseRevision('HEAD^')).toEqual({ sha: 'head^' });
  });
});
