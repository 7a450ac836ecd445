import type { Layers } from '../../configs/layers';
import { asideName, machineLayersAt, restoreMessage, restorePointOf, snapshotWhen } from './machine-restore-plan';

const POLICY = '11111111-2222-3333-4444-555555555555';
const OTHER = '66666666-7777-8888-9999-000000000000';
const policies = [
  { id: POLICY, subjectKind: 'machine', subjectName: 'web' },
  { id: OTHER, subjectKind: 'machine', subjectName: 'db' },
];
const snap = (tags: string[]) => ({ shortId: 'abcd1234', tags });

describe('restorePointOf (which snapshot may bring a machine back)', () => {
  it('takes a snapshot of one of the machine policies with revision and generation', () => {
    expect(restorePointOf(snap([`clan-policy:${POLICY}`, 'clan-revision=0123456789abcdef', 'clan-generation=4']), 'web', policies)).toEqual(
      {
        ok: true,
        policyId: POLICY,
        revision: '0123456789abcdef',
        generation: 4,
      },
    );
  });

  it("refuses another machine's snapshot with a sentence", () => {
    const r = restorePointOf(snap([`clan-policy:${OTHER}`, 'clan-revision=0123456789abcdef', 'clan-generation=4']), 'web', policies);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('is not a backup of web') });
  });

  it('refuses a snapshot without policy tag', () => {
    expect(restorePointOf(snap(['clan-revision=0123456789abcdef', 'clan-generation=4']), 'web', policies).ok).toBe(false);
  });

  it('names the missing tags', () => {
    const r = restorePointOf(snap([`clan-policy:${POLICY}`, 'clan-generation=4']), 'web', policies);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('no clan-revision tag') });
    const both = restorePointOf(snap([`clan-policy:${POLICY}`]), 'web', policies);
    expect(both).toEqual({ ok: false, reason: expect.stringContaining('no clan-revision and clan-generation tag') });
  });
});

describe('asideName and restoreMessage', () => {
  it('keeps the old disk under a sortable UTC time', () => {
    expect(asideName(new Date('2026-12-01T09:08:07.123Z'))).toBe('state.img.before-restore-20261201T090807Z');
  });

  it('names the date in the subject and the revision in the body', () => {
    const m = restoreMessage('web', '2026-12-01T09:08:07.1+00:00', '0123456789abcdef');
    expect(m.split('\n')[0]).toBe('Restore web as of 2026-12-01');
    expect(m).toContain('revision 01234567');
  });
});

describe('machineLayersAt (the machine as the recorded revision had it)', () => {
  const now: Layers = {
    configs: { web: { apps: ['b'], mesh: { ip: 'new' } }, db: { apps: ['x'] } },
    overrides: { web: { memory: 2 } },
    localAdmins: { web: ['anna'] },
  };
  const then: Layers = {
    configs: { web: { apps: ['a'], mesh: { ip: 'old' } }, db: { apps: ['y'] } },
    overrides: {},
    localAdmins: {},
  };

  it("takes the machine's layers from then, other machines and the mesh section from now", () => {
    expect(machineLayersAt(now, then, 'web')).toEqual({
      configs: { web: { apps: ['a'], mesh: { ip: 'new' } }, db: { apps: ['x'] } },
      overrides: {},
      localAdmins: {},
    });
  });

  it('is null when nothing would change (no commit)', () => {
    const same: Layers = {
      configs: { web: { mesh: { ip: 'other' }, apps: ['b'] } },
      overrides: { web: { memory: 2 } },
      localAdmins: { web: ['anna'] },
    };
    expect(machineLayersAt(now, same, 'web')).toBeNull();
  });

  it('is null when the revision had no such machine', () => {
    expect(machineLayersAt(now, then, 'mail')).toBeNull();
  });
});

describe('snapshotWhen', () => {
  it('says a restic time to the minute in UTC, and passes anything else through', () => {
    expect(snapshotWhen('2026-12-07T07:57:30.207645765Z')).toBe('2026-12-07 07:57 UTC');
    expect(snapshotWhen('2026-12-07T08:57:30+01:00')).toBe('2026-12-07 07:57 UTC');
    expect(snapshotWhen('yesterday')).toBe('yesterday');
  });
});
