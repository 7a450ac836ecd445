import { VmState } from '@clan/libvirt-client';
import { notRunningWords } from './vms.service';

describe('notRunningWords', () => {
  it('says in words why a machine cannot be looked into, never an enum value', () => {
    expect(`files ${notRunningWords(VmState.Undefined)}`).toBe('files has no VM yet (it was never deployed, or its VM was removed)');
    expect(`files ${notRunningWords(VmState.ShutOff)}`).toBe('files is shut off');
    expect(`files ${notRunningWords(VmState.Crashed)}`).toBe('files has crashed');
    expect(`files ${notRunningWords('missing')}`).toBe('files is not running (libvirt says missing)');
  });
});
