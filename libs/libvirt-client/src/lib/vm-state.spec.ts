import { canTransition, VM_ACTIONS, VM_TRANSITIONS, VmState, vmStateFromCode, vmStateFromVirsh, type VmAction } from './vm-state';

// The whole table written out, so any change to it has to change this test too.
const ALLOWED: Record<VmState, VmAction[]> = {
  [VmState.Undefined]: ['define'],
  [VmState.ShutOff]: ['define', 'undefine', 'start'],
  [VmState.Crashed]: ['define', 'undefine', 'start', 'destroy'],
  [VmState.Running]: ['define', 'shutdown', 'destroy', 'reboot', 'suspend'],
  [VmState.Blocked]: ['define', 'shutdown', 'destroy', 'reboot', 'suspend'],
  [VmState.Paused]: ['define', 'destroy', 'resume'],
  [VmState.ShuttingDown]: ['define', 'destroy'],
  [VmState.PmSuspended]: ['define', 'destroy'],
  [VmState.Unknown]: ['define', 'destroy'],
};

describe('VM transition table', () => {
  const cases = Object.values(VmState).flatMap((s) => VM_ACTIONS.map((a) => [s, a, ALLOWED[s].includes(a)] as const));

  it('covers every state', () => {
    expect(Object.keys(VM_TRANSITIONS).sort()).toEqual(Object.values(VmState).sort());
    expect(cases).toHaveLength(Object.values(VmState).length * 8);
  });

  it.each(cases)('%s → %s allowed: %s', (state, action, allowed) => {
    expect(canTransition(state, action)).toBe(allowed);
  });
});

describe('state mapping', () => {
  it.each([
    ['running', VmState.Running],
    ['idle', VmState.Blocked],
    ['paused', VmState.Paused],
    ['in shutdown', VmState.ShuttingDown],
    ['shut off', VmState.ShutOff],
    ['crashed', VmState.Crashed],
    ['pmsuspended', VmState.PmSuspended],
    ['something new', VmState.Unknown],
  ])('virsh "%s" is %s', (text, state) => {
    expect(vmStateFromVirsh(text)).toBe(state);
  });

  it('maps virDomainState numbers', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 99].map(vmStateFromCode)).toEqual([
      VmState.Unknown,
      VmState.Running,
      VmState.Blocked,
      VmState.Paused,
      VmState.ShuttingDown,
      VmState.ShutOff,
      VmState.Crashed,
      VmState.PmSuspended,
      VmState.Unknown,
    ]);
  });
});
