import { Privilege } from '@clan/contracts';
import { networkOf, parseTargetKey, privilegeFor, targetKey } from './console-target';

const NET = '7d3f6b8e-2c1a-4b5d-9e8f-0a1b2c3d4e5f';

describe('console targets', () => {
  it('round-trips every kind through its key', () => {
    for (const t of [
      { kind: 'serial', networkId: NET, machine: 'web-1' },
      { kind: 'vnc', networkId: NET, machine: 'desk' },
      { kind: 'host', sessionId: null },
      { kind: 'host', sessionId: '0b6f5c3e-8a51-4d6b-9a65-2f1d3c4b5a69' },
    ] as const) {
      expect(parseTargetKey(targetKey(t))).toEqual(t);
    }
    expect(targetKey({ kind: 'host', sessionId: null })).toBe('host:new');
  });

  it('rejects anything else', () => {
    for (const bad of [
      null,
      '',
      'serial:',
      `serial:${NET}`,
      `serial:${NET}/`,
      `serial:${NET}/Web`,
      `serial:${NET}/../x`,
      `tty:${NET}/web`,
      'serial:not-a-uuid-not-a-uuid-not-a-uuid-xx/web',
      'host:',
      'host:old',
      `host:${NET}x`,
      'x'.repeat(300),
    ]) {
      expect(parseTargetKey(bad)).toBeNull();
    }
  });

  it('needs Machine.Console on the network for machines and Sys.Terminal on the host for a shell', () => {
    expect(privilegeFor({ kind: 'serial', networkId: NET, machine: 'a' })).toBe(Privilege.MachineConsole);
    expect(privilegeFor({ kind: 'vnc', networkId: NET, machine: 'a' })).toBe(Privilege.MachineConsole);
    expect(privilegeFor({ kind: 'host', sessionId: null })).toBe(Privilege.SysTerminal);
    expect(networkOf({ kind: 'vnc', networkId: NET, machine: 'a' })).toBe(NET);
    expect(networkOf({ kind: 'host', sessionId: null })).toBeNull();
  });
});
