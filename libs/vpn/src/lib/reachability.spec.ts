import { VpnError } from './errors';
import { DEFAULT_REACHABILITY_RULES, planReachability, renderReachability, type ReachabilityInput } from './reachability';
import { nftCheck } from './testing/nft';

function input(overrides: Partial<ReachabilityInput> = {}): ReachabilityInput {
  return {
    sources: [
      { name: 'alice-laptop', kind: 'device', role: 'owner', groups: [], addresses: ['10.100.0.10', 'fd00::a'] },
      { name: 'bob-phone', kind: 'device', role: 'member', groups: ['family'], addresses: ['10.100.0.11', 'fd00::b'] },
      { name: 'carol-pc', kind: 'device', role: 'admin', groups: ['ops'], addresses: ['10.100.0.12', 'fd00::c'] },
      { name: 'dave-tab', kind: 'device', role: 'viewer', groups: ['family'], addresses: ['10.100.0.13', 'fd00::d'] },
      { name: 'nas', kind: 'machine', role: null, groups: ['storage'], addresses: ['10.100.0.2', 'fd00::2'] },
      { name: 'media', kind: 'machine', role: null, groups: [], addresses: ['10.100.0.3', 'fd00::3'] },
    ],
    machines: [
      {
        name: 'nas',
        groups: ['storage'],
        appPorts: [
          { port: 8384, protocol: 'tcp' },
          { port: 22000, protocol: 'udp' },
        ],
      },
      { name: 'media', groups: [], appPorts: [{ port: 8096, protocol: 'tcp' }] },
    ],
    ...overrides,
  };
}

describe('reachability rules', () => {
  it('by default: every member and machine reaches app ports, only owners and admins reach SSH', () => {
    const plan = planReachability(input());
    expect(plan.get('nas')).toEqual([
      { protocol: 'tcp', port: 22, sources: ['alice-laptop', 'carol-pc'], rules: ['admins-reach-ssh'] },
      {
        protocol: 'tcp',
        port: 8384,
        sources: ['alice-laptop', 'bob-phone', 'carol-pc', 'dave-tab', 'media'],
        rules: ['members-reach-apps'],
      },
      {
        protocol: 'udp',
        port: 22000,
        sources: ['alice-laptop', 'bob-phone', 'carol-pc', 'dave-tab', 'media'],
        rules: ['members-reach-apps'],
      },
    ]);
    expect(plan.get('media')!.map((a) => `${a.protocol}/${a.port}`)).toEqual(['tcp/22', 'tcp/8096']);
    expect(DEFAULT_REACHABILITY_RULES.map((r) => r.id)).toEqual(['members-reach-apps', 'admins-reach-ssh']);
  });

  it('applies custom rules by role, group, peer, kind and target group', () => {
    const plan = planReachability(
      input({
        rules: [
          { id: 'family-media', from: { groups: ['family'] }, to: { machines: ['media'] }, ports: ['apps'] },
          { id: 'ops-ssh-storage', from: { groups: ['ops'] }, to: { groups: ['storage'] }, ports: ['ssh'] },
          { id: 'machines-sync', from: { kinds: ['machine'] }, to: {}, ports: [{ port: 22000, protocol: 'udp' }] },
          {
            id: 'bob-web',
            from: { peers: ['bob-phone'], roles: ['member'] },
            to: { machines: ['nas'] },
            ports: [{ port: 443, protocol: 'tcp' }],
          },
          { id: 'nobody', from: { roles: ['admin'], groups: ['family'] }, to: {}, ports: ['ssh'] },
        ],
      }),
    );
    expect(plan.get('media')).toEqual([
      { protocol: 'tcp', port: 8096, sources: ['bob-phone', 'dave-tab'], rules: ['family-media'] },
      { protocol: 'udp', port: 22000, sources: ['nas'], rules: ['machines-sync'] },
    ]);
    expect(plan.get('nas')).toEqual([
      { protocol: 'tcp', port: 22, sources: ['carol-pc'], rules: ['ops-ssh-storage'] },
      { protocol: 'tcp', port: 443, sources: ['bob-phone'], rules: ['bob-web'] },
      // A machine never needs a rule for itself.
      { protocol: 'udp', port: 22000, sources: ['media'], rules: ['machines-sync'] },
    ]);
  });

  it('plans and renders only the targets asked for (one agent device), the same as in the whole render', () => {
    const all = renderReachability(input());
    const one = renderReachability(input(), { only: ['media'] });
    expect([...one.keys()]).toEqual(['media']);
    expect(one.get('media')).toEqual(all.get('media'));
    expect([...planReachability(input(), { only: [] }).keys()]).toEqual([]);
  });

  it('renders nftables that narrows the mesh interface to the allowed sources', () => {
    const fw = renderReachability(input()).get('media')!;
    expect(fw.nftables).toBe(
      [
        'table inet clan_reach',
        'delete table inet clan_reach',
        'table inet clan_reach {',
        '\tchain input {',
        '\t\ttype filter hook input priority filter - 5; policy accept;',
        '\t\tiifname != "clan-wg" return',
        '\t\tct state established,related accept',
        '\t\tct state invalid drop',
        '\t\tmeta l4proto { icmp, ipv6-icmp } accept',
        '\t\t# admins-reach-ssh: alice-laptop, carol-pc',
        '\t\tip saddr { 10.100.0.10, 10.100.0.12 } tcp dport 22 accept',
        '\t\tip6 saddr { fd00::a, fd00::c } tcp dport 22 accept',
        '\t\t# members-reach-apps: alice-laptop, bob-phone, carol-pc, dave-tab, nas',
        '\t\tip saddr { 10.100.0.10, 10.100.0.11, 10.100.0.12, 10.100.0.13, 10.100.0.2 } tcp dport 8096 accept',
        '\t\tip6 saddr { fd00::2, fd00::a, fd00::b, fd00::c, fd00::d } tcp dport 8096 accept',
        '\t\tdrop',
        '\t}',
        '}',
        '',
      ].join('\n'),
    );
    expect(fw.nixos).toEqual({
      networking: {
        nftables: { enable: true, tables: { clan_reach: { family: 'inet', content: expect.stringContaining('chain input') } } },
        firewall: { interfaces: { 'clan-wg': { allowedTCPPorts: [22, 8096], allowedUDPPorts: [] } } },
      },
    });
  });

  it('groups ports with the same sources into one line and works for Yggdrasil-only addresses', () => {
    const fw = renderReachability(
      input({
        interfaceName: 'clan-ygg',
        sources: [{ name: 'bob-phone', kind: 'device', role: 'member', groups: [], addresses: ['200:848a:604f:bb7e:4384:65db:8db6:6895'] }],
      }),
    ).get('nas')!;
    expect(fw.nftables).toContain('\t\tip6 saddr 200:848a:604f:bb7e:4384:65db:8db6:6895 tcp dport 8384 accept\n');
    expect(fw.nftables).toContain('iifname != "clan-ygg" return');
    expect(fw.nftables).not.toContain('ip saddr');
    expect(fw.nftables).not.toContain('dport 22 ');
  });

  it('renders scripts nft accepts, for every machine (needs Debian nftables, root)', () => {
    for (const fw of renderReachability(input()).values()) expect(nftCheck(fw.nftables)).toBeNull();
    const lonely = renderReachability(input({ sources: [] })).get('nas')!;
    expect(lonely.allows).toEqual([]);
    expect(nftCheck(lonely.nftables)).toBeNull();
  });

  it('refuses rules that name unknown peers or machines, or allow nothing', () => {
    let error: unknown;
    try {
      planReachability(
        input({
          rules: [
            { id: 'x', from: { peers: ['eve'] }, to: { machines: ['ghost'] }, ports: [] },
            { id: 'x', from: { kinds: ['robot' as never] }, to: {}, ports: [{ port: 0, protocol: 'tcp' }, 'web' as never] },
            { id: 'Bad Id', from: {}, to: {}, ports: ['ssh'] },
          ],
        }),
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(VpnError);
    expect((error as VpnError).code).toBe('INVALID_RULE');
    const message = (error as VpnError).message;
    for (const part of [
      'Rule "x" names the peer "eve", which is not in the network.',
      'Rule "x" names the machine "ghost", which is not a machine or agent device of the network',
      'Rule "x" allows no ports; give "apps", "ssh" or a port.',
      'Rule "x" appears twice; rule ids are unique.',
      'Rule "x": "robot" is not a peer kind (machine or device).',
      'Rule "x": {"port":0,"protocol":"tcp"} is not "apps", "ssh" or a port 1–65535 over tcp or udp.',
      'Rule "x": "web" is not "apps", "ssh" or a port',
      'Rule "Bad Id": a rule id is 1–63 of a–z, 0–9 and "-".',
    ]) {
      expect(message).toContain(part);
    }
  });

  it('refuses bad sources and machines', () => {
    expect(() =>
      planReachability(input({ sources: [{ name: 'x\ny', kind: 'device', role: 'member', groups: [], addresses: ['not-an-ip'] }] })),
    ).toThrow(/"x\\ny" is not a peer name.*has "not-an-ip", which is not an IP address/);
    expect(() =>
      planReachability(input({ machines: [{ name: 'nas', groups: [], appPorts: [{ port: 99999, protocol: 'tcp' }] }] })),
    ).toThrow('Machine "nas" has an app port {"port":99999,"protocol":"tcp"} that is not a port 1–65535 over tcp or udp.');
    expect(() => renderReachability(input({ interfaceName: 'bad"name' }))).toThrow('is not an interface name');
  });

  describe('groups, with agent devices as targets', () => {
    // A family network: kids' devices reach the media server, not the admin box; the parents' laptop runs the agent.
    const family = (rules: ReachabilityInput['rules']): ReachabilityInput => ({
      sources: [
        { name: 'kid-tablet', kind: 'device', role: 'member', groups: ['kids'], addresses: ['10.100.0.20', 'fd00::14'] },
        { name: 'parent-laptop', kind: 'device', role: 'owner', groups: ['parents'], addresses: ['10.100.0.21', 'fd00::15'] },
        { name: 'jellyfin', kind: 'machine', role: null, groups: ['media'], addresses: ['10.100.0.2', 'fd00::2'] },
        { name: 'admin-box', kind: 'machine', role: null, groups: ['admin'], addresses: ['10.100.0.3', 'fd00::3'] },
      ],
      machines: [
        { name: 'jellyfin', groups: ['media'], appPorts: [{ port: 8096, protocol: 'tcp' }] },
        { name: 'admin-box', groups: ['admin'], appPorts: [{ port: 9090, protocol: 'tcp' }] },
        // An agent device is a target without app ports.
        { name: 'parent-laptop', groups: ['parents'], appPorts: [] },
      ],
      rules,
    });

    it('a group reaches the targets of another group only', () => {
      const plan = planReachability(
        family([
          { id: 'kids-media', from: { groups: ['kids'] }, to: { groups: ['media'] }, ports: ['apps'] },
          { id: 'parents-everything', from: { groups: ['parents'] }, to: {}, ports: ['apps', 'ssh'] },
        ]),
      );
      expect(plan.get('jellyfin')).toEqual([
        { protocol: 'tcp', port: 22, sources: ['parent-laptop'], rules: ['parents-everything'] },
        { protocol: 'tcp', port: 8096, sources: ['kid-tablet', 'parent-laptop'], rules: ['kids-media', 'parents-everything'] },
      ]);
      expect(plan.get('admin-box')).toEqual([
        { protocol: 'tcp', port: 22, sources: ['parent-laptop'], rules: ['parents-everything'] },
        { protocol: 'tcp', port: 9090, sources: ['parent-laptop'], rules: ['parents-everything'] },
      ]);
      // The laptop is a target too: nobody else is given anything on it, and it never needs a rule for itself.
      expect(plan.get('parent-laptop')).toEqual([]);
    });

    it('an agent device can be given a port by group, and gets its own table for its interface', () => {
      const fw = renderReachability({
        ...family([
          { id: 'kids-game', from: { groups: ['kids'] }, to: { groups: ['parents'] }, ports: [{ port: 25565, protocol: 'tcp' }] },
        ]),
        interfaceName: 'clan-wg',
      }).get('parent-laptop')!;
      expect(fw.allows).toEqual([{ protocol: 'tcp', port: 25565, sources: ['kid-tablet'], rules: ['kids-game'] }]);
      expect(fw.nftables).toContain('iifname != "clan-wg" return');
      expect(fw.nftables).toContain('ip saddr 10.100.0.20 tcp dport 25565 accept');
      expect(fw.nftables).not.toContain('10.100.0.3');
    });

    it('names every bad group, in rules and on peers', () => {
      let message = '';
      try {
        const input = family([{ id: 'bad', from: { groups: ['Kids'] }, to: { groups: ['-x'] }, ports: ['apps'] }]);
        input.sources[0] = { ...input.sources[0], groups: ['UPPER'] };
        planReachability(input);
      } catch (error) {
        message = (error as VpnError).message;
      }
      expect(message).toContain(
        'Rule "bad": from.groups: "Kids" is not a group name (a lower-case word: a–z, 0–9 and inner "-", at most 32 characters).',
      );
      expect(message).toContain('Rule "bad": to.groups: "-x" is not a group name');
      expect(message).toContain('Peer "kid-tablet": "UPPER" is not a group name');
    });

    it('a rule may name a group nobody is in yet (it matches no one)', () => {
      const plan = planReachability(family([{ id: 'future', from: { groups: ['guests'] }, to: { groups: ['media'] }, ports: ['apps'] }]));
      expect(plan.get('jellyfin')).toEqual([]);
    });
  });
});
