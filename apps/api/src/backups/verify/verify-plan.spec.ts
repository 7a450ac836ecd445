import { STATE_DISK_PART } from '../machine/machine-backup-tags';
import { STATE_DISK_SOURCE_TAG } from '../machine/machine-backups.service';
import type { SnapshotInfo } from '../restic/restic-output';
import {
  checksSummary,
  diskPathOf,
  failedChecksSentence,
  generationOf,
  isStateDiskImage,
  latestSnapshot,
  restorabilityOf,
  revisionOf,
  stateDiskKiB,
  verificationDue,
  verifyDomainName,
} from './verify-plan';

const snap = (id: string, time: string, tags: string[] = []): SnapshotInfo => ({
  id: id.padEnd(64, '0'),
  shortId: id,
  time,
  hostname: 'web',
  paths: ['/state/data'],
  tags,
});
const DAY = 24 * 3600_000;

describe('verify plan', () => {
  it('takes the newest snapshot and reads its generation and revision from the tags', () => {
    const s = latestSnapshot([
      snap('aaaaaaaa', '2026-12-01T10:00:00Z', ['clan-generation=1']),
      snap('bbbbbbbb', '2026-12-03T10:00:00Z', ['clan-policy:p', 'clan-generation=4', 'clan-revision=0123abcd']),
      snap('cccccccc', '2026-12-02T10:00:00Z'),
    ]);
    expect(s?.shortId).toBe('bbbbbbbb');
    expect(generationOf(s as SnapshotInfo)).toBe(4);
    expect(revisionOf(s as SnapshotInfo)).toBe('0123abcd');
    expect(latestSnapshot([])).toBeNull();
    expect(generationOf(snap('x', 't', ['clan-generation=four']))).toBeNull();
    expect(revisionOf(snap('x', 't', ['clan-revision=NOTHEX']))).toBeNull();
  });

  it('tells a state-disk image from a file snapshot', () => {
    expect(isStateDiskImage(snap('x', 't', ['clan-source=state-disk']))).toBe(true);
    expect(isStateDiskImage(snap('x', 't', ['clan-part:machine-files']))).toBe(false);
    // The tag the machine backups write (machine/machine-backups.service.ts) is the one read here.
    expect(isStateDiskImage(snap('x', 't', [STATE_DISK_SOURCE_TAG, `clan-part:${STATE_DISK_PART}`]))).toBe(true);
  });

  it('maps /state of a demo guest to the disk root and leaves NixOS paths as they are', () => {
    expect(diskPathOf('/state/data/hello.txt')).toBe('/data/hello.txt');
    expect(diskPathOf('/state')).toBe('/');
    expect(diskPathOf('/stateful/x')).toBe('/stateful/x');
    expect(diskPathOf('/var/lib/nextcloud')).toBe('/var/lib/nextcloud');
  });

  it('names the throw-away domain outside the clan-<panelId>- namespace', () => {
    const name = verifyDomainName('abcd1234', '3f0c2a4e-8b1d-4c5e-9f60-7a8b9c0d1e2f', 'web');
    expect(name).toBe('clan-verify-abcd1234-3f0c2a4e-web');
    expect(name.startsWith('clan-abcd1234-')).toBe(false);
  });

  it('sizes the throw-away state disk with room to spare', () => {
    expect(stateDiskKiB(0)).toBe(64 * 1024);
    expect(stateDiskKiB(1024 ** 3)).toBeGreaterThan(1024 * 1024);
    expect(stateDiskKiB(12345) % 4).toBe(0);
  });

  it('says verified, not restorable or unverified', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    expect(restorabilityOf(null, now, 7)).toBe('unverified');
    expect(restorabilityOf({ ok: false, verifiedAt: now }, now, 7)).toBe('not-restorable');
    expect(restorabilityOf({ ok: true, verifiedAt: new Date(now.getTime() - 3 * DAY) }, now, 7)).toBe('verified');
    // The proof is more than one window older than the latest backup: it vouches for old data only.
    expect(restorabilityOf({ ok: true, verifiedAt: new Date(now.getTime() - 8 * DAY) }, now, 7)).toBe('unverified');
    expect(restorabilityOf({ ok: true, verifiedAt: now }, null, 7)).toBe('verified');
  });

  it('is due once a window has passed since the last verification, and only with a backup', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    expect(verificationDue(null, now, 7, now)).toBe(true);
    expect(verificationDue(null, null, 7, now)).toBe(false);
    expect(verificationDue(new Date(now.getTime() - 2 * DAY), now, 7, now)).toBe(false);
    expect(verificationDue(new Date(now.getTime() - 7 * DAY), now, 7, now)).toBe(true);
    expect(verificationDue(null, now, 0, now)).toBe(false);
  });

  it('names the failed app checks with what they said, and the passed ones in the success detail', () => {
    const what = 'Snapshot bbbbbbbb boots on generation 4';
    const passed = { name: 'check-syncthing', ok: true, detail: 'Syncthing answers on http://127.0.0.1:8384/rest/noauth/health.' };
    const state = { name: 'check-state', ok: false, detail: 'The state disk is not mounted at /state.' };
    expect(failedChecksSentence([passed], what)).toBeNull();
    expect(failedChecksSentence([], what)).toBeNull();
    expect(failedChecksSentence(null, what)).toBeNull();
    expect(failedChecksSentence([passed, state], what)).toBe(
      'Snapshot bbbbbbbb boots on generation 4, but its app check check-state (The state disk is not mounted at /state) failed.',
    );
    expect(failedChecksSentence([state, { name: 'check-forgejo', ok: false, detail: '' }], what)).toBe(
      'Snapshot bbbbbbbb boots on generation 4, but these app checks failed: check-state (The state disk is not mounted at /state); check-forgejo (no output).',
    );
    expect(checksSummary([passed, { ...state, ok: true }])).toBe(', app checks passed: check-syncthing, check-state');
    expect(checksSummary([])).toBe('; the machine declares no app checks');
    expect(checksSummary(null)).toBe(' (its controller is older than app checks: none were run)');
  });
});
