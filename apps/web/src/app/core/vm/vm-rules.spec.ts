import type { VmState } from '../api/vm-types';
import {
  POWER_ACTIONS,
  deployAvailability,
  formatUptime,
  needsConfirmation,
  powerAvailability,
  rollbackAvailability,
  timeAgo,
  type PowerContext,
} from './vm-rules';

type Vm = NonNullable<PowerContext['vm']>;

function vm(state: VmState | 'host-offline', patch: Partial<Vm> = {}): Vm {
  return {
    state,
    host: { id: 'h1', name: 'nuc', state: state === 'host-offline' ? 'offline' : 'online' },
    activeTask: null,
    currentGeneration: 1,
    healthyGeneration: 1,
    latestGeneration: 1,
    ...patch,
  };
}

/** The actions whose button is enabled. */
function enabled(context: PowerContext): string[] {
  return POWER_ACTIONS.filter((action) => powerAvailability(action, context).enabled);
}

describe('power buttons', () => {
  it('offers nothing while the machine’s host is offline, and says why', () => {
    expect(enabled({ vm: vm('host-offline'), canPower: true })).toEqual([]);
    expect(powerAvailability('start', { vm: vm('host-offline'), canPower: true }).reason).toBe(
      'Its host nuc is offline; power actions wait until it is back (see Hosts).',
    );
  });

  it('offers exactly the actions that make sense in each state', () => {
    const table: Record<VmState, string[]> = {
      undefined: ['start'],
      shutOff: ['start'],
      crashed: ['start', 'stop'],
      running: ['stop', 'reboot', 'suspend'],
      blocked: ['stop', 'reboot', 'suspend'],
      paused: ['stop', 'reboot', 'resume'],
      shuttingDown: ['stop'],
      pmSuspended: ['stop'],
      unknown: ['stop'],
    };
    for (const [state, actions] of Object.entries(table)) {
      expect({ state, actions: enabled({ vm: vm(state as VmState), canPower: true }) }).toEqual({ state, actions });
    }
  });

  it('says why a button is disabled', () => {
    expect(powerAvailability('suspend', { vm: vm('shutOff'), canPower: true })).toEqual({
      enabled: false,
      reason: 'Not possible while the VM is stopped.',
    });
  });

  it('cannot start a machine that was never built: it needs a deployment first', () => {
    const never = vm('undefined', { currentGeneration: null, healthyGeneration: null, latestGeneration: null });
    expect(powerAvailability('start', { vm: never, canPower: true })).toEqual({
      enabled: false,
      reason: 'Nothing to start yet: deploy the machine first.',
    });
    // A built generation whose domain is gone can be started: the panel defines it again.
    expect(
      powerAvailability('start', { vm: vm('undefined', { currentGeneration: null, healthyGeneration: null }), canPower: true }).enabled,
    ).toBe(true);
  });

  it('disables everything while another action runs on the VM (one action per VM), and while a request is on its way', () => {
    const busyVm = vm('running', { activeTask: { id: 't1', type: 'vm.deploy', status: 'running', progress: 40, message: null } });
    expect(enabled({ vm: busyVm, canPower: true })).toEqual([]);
    expect(powerAvailability('stop', { vm: busyVm, canPower: true }).reason).toContain('vm.deploy');
    expect(deployAvailability({ vm: busyVm, canPower: true }).enabled).toBe(false);
    expect(enabled({ vm: vm('running'), canPower: true, busy: true })).toEqual([]);
  });

  it('disables everything without Machine.PowerMgmt, or before the state is known', () => {
    expect(enabled({ vm: vm('running'), canPower: false })).toEqual([]);
    expect(powerAvailability('stop', { vm: vm('running'), canPower: false }).reason).toContain('Machine.PowerMgmt');
    expect(deployAvailability({ vm: vm('running'), canPower: false }).enabled).toBe(false);
    expect(enabled({ vm: null, canPower: true })).toEqual([]);
  });

  it('deploys from any state, a machine never deployed included', () => {
    for (const state of ['undefined', 'shutOff', 'running', 'crashed'] as VmState[]) {
      expect(deployAvailability({ vm: vm(state, { latestGeneration: null }), canPower: true }).enabled).toBe(true);
    }
  });

  it('asks before stop and reboot only', () => {
    expect(POWER_ACTIONS.filter(needsConfirmation)).toEqual(['stop', 'reboot']);
  });
});

describe('rollback button', () => {
  const context: PowerContext = { vm: vm('running', { currentGeneration: 3 }), canPower: true };

  it('rolls back to an older generation that still exists', () => {
    expect(rollbackAvailability({ number: 2, status: 'healthy', current: false }, context).enabled).toBe(true);
    expect(rollbackAvailability({ number: 1, status: 'rolled-back', current: false }, context).enabled).toBe(true);
  });

  it('refuses the current generation, a collected one, and while another action runs', () => {
    expect(rollbackAvailability({ number: 3, status: 'healthy', current: true }, context).reason).toBe(
      'The VM runs this generation already.',
    );
    expect(rollbackAvailability({ number: 1, status: 'collected', current: false }, context).reason).toContain('Garbage-collected');
    const busy = {
      ...context,
      vm: vm('running', { activeTask: { id: 't', type: 'vm.power', status: 'queued', progress: 0, message: null } }),
    };
    expect(rollbackAvailability({ number: 2, status: 'healthy', current: false }, busy).enabled).toBe(false);
    expect(rollbackAvailability({ number: 2, status: 'healthy', current: false }, { ...context, canPower: false }).enabled).toBe(false);
  });
});

describe('time in words', () => {
  it('writes uptimes in the two largest units', () => {
    expect(formatUptime(42)).toBe('42 s');
    expect(formatUptime(125)).toBe('2 min 5 s');
    expect(formatUptime(3725)).toBe('1 h 2 min');
    expect(formatUptime(90_061)).toBe('1 d 1 h');
    expect(formatUptime(null)).toBe('—');
    expect(formatUptime(-1)).toBe('—');
  });

  it('says how long ago something happened', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    expect(timeAgo('2026-03-10T11:59:40Z', now)).toBe('just now');
    expect(timeAgo('2026-03-10T11:55:00Z', now)).toBe('5 minutes ago');
    expect(timeAgo('2026-03-10T10:00:00Z', now)).toBe('2 hours ago');
    expect(timeAgo('2026-03-09T12:00:00Z', now)).toBe('yesterday');
    expect(timeAgo('2026-03-01T12:00:00Z', now)).toBe('9 days ago');
    expect(timeAgo('2025-12-01T12:00:00Z', now)).toBe('2025-12-01');
    expect(timeAgo(null, now)).toBe('—');
  });
});
