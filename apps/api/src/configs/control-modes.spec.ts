import { localLayerRefusal, type MachineAccess, networkLayerRefusal, networkOnlyFieldsRefusal, type Writer } from './control-modes';

const who = {
  netAdmin: { username: 'nadia', isHostAdmin: false, isNetworkAdmin: true },
  localAdmin: { username: 'lara', isHostAdmin: false, isNetworkAdmin: false },
  member: { username: 'mo', isHostAdmin: false, isNetworkAdmin: false },
  hostAdmin: { username: 'root', isHostAdmin: true, isNetworkAdmin: false },
} satisfies Record<string, Writer>;
const machine = (adminMode: MachineAccess['adminMode']): MachineAccess => ({ name: 'anna', adminMode, localAdmins: ['lara'] });
const allowed = (r: unknown) => (r === null ? 'yes' : (r as { kind: string }).kind);

describe('control modes (docs/api.md table)', () => {
  it.each([
    // mode, writer, network layer, local layer
    ['remote', 'netAdmin', 'yes', 'conflict'],
    ['remote', 'localAdmin', 'forbidden', 'conflict'],
    ['remote', 'member', 'forbidden', 'conflict'],
    ['remote', 'hostAdmin', 'yes', 'conflict'],
    ['local', 'netAdmin', 'yes', 'forbidden'],
    ['local', 'localAdmin', 'forbidden', 'yes'],
    ['local', 'member', 'forbidden', 'forbidden'],
    ['local', 'hostAdmin', 'yes', 'yes'],
    ['shared', 'netAdmin', 'yes', 'yes'],
    ['shared', 'localAdmin', 'yes', 'yes'],
    ['shared', 'member', 'forbidden', 'forbidden'],
    ['shared', 'hostAdmin', 'yes', 'yes'],
  ] as const)('%s machine, %s: network layer %s, local layer %s', (mode, writer, network, local) => {
    expect(allowed(networkLayerRefusal(who[writer], machine(mode)))).toBe(network);
    expect(allowed(localLayerRefusal(who[writer], machine(mode)))).toBe(local);
  });

  it('says why in a sentence', () => {
    expect(networkLayerRefusal(who.member, machine('remote'))?.message).toBe('anna is remotely managed: only network admins change it.');
    expect(localLayerRefusal(who.netAdmin, machine('local'))?.message).toBe(
      'anna is locally managed: only its local admins (lara) change its overrides.',
    );
  });

  it("keeps adminMode and localAdmins out of local admins' hands", () => {
    expect(networkOnlyFieldsRefusal(who.localAdmin, machine('shared'), { adminMode: true, localAdmins: false })?.message).toBe(
      'Local admins cannot change adminMode of anna; ask a network admin.',
    );
    expect(networkOnlyFieldsRefusal(who.localAdmin, machine('shared'), { adminMode: false, localAdmins: false })).toBeNull();
    expect(networkOnlyFieldsRefusal(who.netAdmin, machine('shared'), { adminMode: true, localAdmins: true })).toBeNull();
  });
});
