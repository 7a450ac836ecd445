import { VmState } from '@clan/libvirt-client';
import { keepArgs } from './machine-backups.service';
import { buildTags, CONTROLLER_TAG, controllerTags, parseControllerBackupResult, parseControllerProgress } from './machine-backup-tags';
import { placeOf } from './machine-vm';

const POLICY = '3f2c1b7e-8d4a-4c61-9a0b-5e6f7a8b9c0d';
const SHA = 'a'.repeat(40);

describe('machine backup tags', () => {
  it('sends the policy, the part and the build in the controller charset', () => {
    const tags = controllerTags(POLICY, { revision: SHA, generation: 7 });
    expect(tags).toEqual([`clan-policy=${POLICY}`, 'clan-part=machine-files', `clan-revision=${SHA}`, 'clan-generation=7']);
    for (const t of tags) expect(t).toMatch(CONTROLLER_TAG);
  });

  it('leaves out what is not known, or not a revision and a generation', () => {
    expect(buildTags({ revision: null, generation: null })).toEqual([]);
    expect(buildTags({ revision: 'main; rm -rf /', generation: -1 })).toEqual([]);
    expect(buildTags({ revision: SHA, generation: 0 })).toEqual([`clan-revision=${SHA}`, 'clan-generation=0']);
  });

  it('refuses a policy id the controller would refuse', () => {
    expect(() => controllerTags('x y', { revision: null, generation: null })).toThrow(/cannot be sent to the VM controller/);
  });
});

describe('controller lines', () => {
  it('reads progress lines and nothing else', () => {
    expect(parseControllerProgress('progress 42 1048576 2097152')).toEqual({ percent: 42, bytesDone: 1048576, totalBytes: 2097152 });
    expect(parseControllerProgress('progress 100 5 5')).toEqual({ percent: 100, bytesDone: 5, totalBytes: 5 });
    expect(parseControllerProgress('running the dump hook demo-dump')).toBeNull();
    expect(parseControllerProgress('progress soon')).toBeNull();
  });

  it('checks the END of BACKUP', () => {
    const id = 'b'.repeat(64);
    expect(parseControllerBackupResult({ snapshotId: id, filesNew: 2, dataAdded: 10, totalBytes: 20, complete: false })).toEqual({
      snapshotId: id,
      filesNew: 2,
      dataAdded: 10,
      totalBytes: 20,
      complete: false,
    });
    expect(parseControllerBackupResult({ snapshotId: id }).complete).toBe(true);
    expect(() => parseControllerBackupResult({ snapshotId: '../x' })).toThrow(/without a snapshot id/);
    expect(() => parseControllerBackupResult(null)).toThrow(/without a snapshot id/);
  });
});

describe('where a machine backup reads from', () => {
  it('asks a running VM, reads a stopped one, and refuses the rest', () => {
    expect(placeOf(VmState.Running, true)).toBe('running');
    expect(placeOf(VmState.Blocked, true)).toBe('running');
    expect(placeOf(VmState.ShutOff, true)).toBe('stopped');
    expect(placeOf(VmState.Crashed, true)).toBe('stopped');
    expect(placeOf(VmState.Undefined, true)).toBe('stopped');
    expect(placeOf(VmState.Paused, true)).toBe('paused');
    expect(placeOf(VmState.ShuttingDown, true)).toBe('paused');
    expect(placeOf(VmState.Undefined, false)).toBe('never-deployed');
  });

  it('prunes with the policy keep rules', () => {
    expect(keepArgs({ keepLast: 3, keepDaily: 0, keepWeekly: 2, keepMonthly: 0 })).toEqual(['--keep-last', '3', '--keep-weekly', '2']);
    expect(keepArgs({ keepLast: 0, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 })).toEqual([]);
  });
});
