import {
  allowanceRows,
  DEFAULT_RULES,
  describeFrom,
  describeTo,
  formsToRules,
  formToRule,
  type MeshRule,
  newRuleForm,
  parsePorts,
  routeRuleProblems,
  ruleSummary,
  ruleToForm,
  splitList,
} from './network-mesh-rules';

const full: MeshRule = {
  id: 'family-reaches-nas',
  from: { roles: ['owner', 'member'], groups: ['family'], peers: ['anna-phone', 'laptop'], kinds: ['device'] },
  to: { machines: ['nas'], groups: ['storage'] },
  ports: ['apps', 'ssh', { port: 8080, protocol: 'tcp' }, { port: 53, protocol: 'udp' }],
};

describe('rules form ↔ JSON', () => {
  it('shows a rule as a row: lists as comma text, roles checked, one kind, ports in words', () => {
    expect(ruleToForm(full)).toEqual({
      id: 'family-reaches-nas',
      roles: ['owner', 'member'],
      groups: 'family',
      peers: 'anna-phone, laptop',
      kinds: 'device',
      machines: 'nas',
      toGroups: 'storage',
      ports: 'apps, ssh, 8080/tcp, 53/udp',
    });
  });

  it('maps a row back to exactly the rule it came from', () => {
    expect(formToRule(ruleToForm(full))).toEqual({ rule: full, problems: [] });
    for (const rule of DEFAULT_RULES) expect(formToRule(ruleToForm(rule))).toEqual({ rule, problems: [] });
  });

  it('leaves empty criteria out (they match everyone) and reads both kinds as any', () => {
    const rule: MeshRule = { id: 'all', from: { roles: [], kinds: ['machine', 'device'] }, to: { machines: [] }, ports: ['apps'] };
    const form = ruleToForm(rule);
    expect(form.kinds).toBe('any');
    expect(formToRule(form).rule).toEqual({ id: 'all', from: {}, to: {}, ports: ['apps'] });
  });

  it('tidies what people type: spaces, doubled commas, duplicate roles, upper-case keywords, bare port numbers', () => {
    const { rule, problems } = formToRule({
      id: '  web ',
      roles: ['admin', 'admin'],
      groups: ' kids ,, friends ',
      peers: 'a b',
      kinds: 'machine',
      machines: '',
      toGroups: '',
      ports: 'SSH, 443 ,80/TCP',
    });
    expect(problems).toEqual([]);
    expect(rule).toEqual({
      id: 'web',
      from: { roles: ['admin'], groups: ['kids', 'friends'], peers: ['a', 'b'], kinds: ['machine'] },
      to: {},
      ports: ['ssh', { port: 443, protocol: 'tcp' }, { port: 80, protocol: 'tcp' }],
    });
  });

  it('says what is wrong with a row before sending it', () => {
    const { problems } = formToRule({ ...ruleToForm(full), id: ' ', ports: 'http, 70000, 22/icmp' });
    expect(problems).toEqual([
      'Id: give the rule a name, e.g. "family-reaches-nas".',
      'Ports: "http" is not "apps", "ssh" or a port 1–65535 like 8080/tcp or 53/udp.',
      'Ports: "70000" is not "apps", "ssh" or a port 1–65535 like 8080/tcp or 53/udp.',
      'Ports: "22/icmp" is not "apps", "ssh" or a port 1–65535 like 8080/tcp or 53/udp.',
    ]);
    expect(parsePorts('  ').problems).toEqual(['Ports: give "apps", "ssh" or a port like 8080/tcp.']);
    expect(parsePorts('0').problems).toHaveLength(1);
  });

  it('maps a whole list and reports per row', () => {
    const result = formsToRules([ruleToForm(DEFAULT_RULES[0]), { ...ruleToForm(DEFAULT_RULES[1]), ports: 'web' }]);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toEqual([]);
    expect(result.problems[1]).toHaveLength(1);
    expect(result.rules.map((r) => r.id)).toEqual(['members-reach-apps', 'admins-reach-ssh']);
  });

  it('gives a new row a free id and a useful start', () => {
    expect(newRuleForm(['members-reach-apps', 'admins-reach-ssh'])).toMatchObject({ id: 'rule-3', ports: 'apps', kinds: 'any' });
    expect(newRuleForm(['rule-2', 'x']).id).toBe('rule-3');
    expect(splitList(' a, ,b  c,')).toEqual(['a', 'b', 'c']);
  });

  it('describes rules in words for read-only viewers', () => {
    expect(describeFrom(DEFAULT_RULES[0])).toBe('everyone');
    expect(describeTo(DEFAULT_RULES[0])).toBe('every machine');
    expect(describeFrom(full)).toBe('roles owner, member · groups family · peers anna-phone, laptop · devices');
    expect(describeTo(full)).toBe('machines nas · groups storage');
  });
});

describe("routing the API's 400 to the rows", () => {
  it('puts the planner\'s "Rule "<id>"" sentences on the rows with that id, and keeps the rest general', () => {
    const message =
      'The reachability rules cannot be applied: Rule "web" names the peer "ghost", which is not in the network. ' +
      'Rule "dup" appears twice; rule ids are unique. "x y" is not a peer name (a DNS label: a–z, 0–9 and "-").';
    const routed = routeRuleProblems({ message: `rules: ${message}`, fields: [{ field: 'rules', message }] }, ['web', 'dup', 'ok', 'dup']);
    expect(routed.rows[0]).toEqual(['Rule "web" names the peer "ghost", which is not in the network.']);
    expect(routed.rows[1]).toEqual(['Rule "dup" appears twice; rule ids are unique.']);
    expect(routed.rows[2]).toEqual([]);
    expect(routed.rows[3]).toEqual(routed.rows[1]);
    expect(routed.general).toEqual(['"x y" is not a peer name (a DNS label: a–z, 0–9 and "-").']);
  });

  it('puts `rules[i]` fields on row i', () => {
    const routed = routeRuleProblems(
      {
        message: 'rules[1]: a rule is …',
        fields: [{ field: 'rules[1]', message: 'a rule is { id, from, to, ports } with lists of names.' }],
      },
      ['a', 'b'],
    );
    expect(routed.rows).toEqual([[], ['a rule is { id, from, to, ports } with lists of names.']]);
  });

  it('keeps what names no row as a general message', () => {
    expect(routeRuleProblems({ message: 'rules may list at most 200 rules', fields: [] }, ['a']).general).toEqual([
      'rules may list at most 200 rules',
    ]);
    const unknown = routeRuleProblems({ message: 'x', fields: [{ field: 'rules', message: 'Rule "gone" names nothing.' }] }, ['a']);
    expect(unknown.general).toEqual(['Rule "gone" names nothing.']);
    expect(unknown.rows).toEqual([[]]);
  });
});

describe('allowances per machine', () => {
  it('lists every allowed port with its sources and rules, machines by name, and says when a machine allows nothing', () => {
    expect(
      allowanceRows({
        nas: [
          { port: 22, protocol: 'tcp', sources: ['anna-laptop'], rules: ['admins-reach-ssh'] },
          { port: 8384, protocol: 'tcp', sources: ['anna-laptop', 'phone'], rules: ['members-reach-apps'] },
        ],
        backup: [],
      }),
    ).toEqual([
      { machine: 'backup', port: '—', sources: 'nobody (every new connection over the mesh is dropped)', rules: '' },
      { machine: 'nas', port: '22/tcp', sources: 'anna-laptop', rules: 'admins-reach-ssh' },
      { machine: 'nas', port: '8384/tcp', sources: 'anna-laptop, phone', rules: 'members-reach-apps' },
    ]);
  });

  it('a machine with no concrete allowance yet under the default rules is reachable by everyone in the network, not "nobody"', () => {
    expect(allowanceRows({ files: [] }, DEFAULT_RULES)).toEqual([
      { machine: 'files', port: 'apps', sources: 'everyone in the network', rules: 'members-reach-apps' },
      { machine: 'files', port: 'ssh', sources: 'roles owner, admin', rules: 'admins-reach-ssh' },
    ]);
    const onlyNas: MeshRule[] = [{ id: 'nas-only', from: { kinds: ['device'] }, to: { machines: ['nas'] }, ports: ['ssh'] }];
    expect(allowanceRows({ files: [], nas: [] }, onlyNas)).toEqual([
      { machine: 'files', port: '—', sources: 'nobody (every new connection over the mesh is dropped)', rules: '' },
      { machine: 'nas', port: 'ssh', sources: 'devices', rules: 'nas-only' },
    ]);
  });
});

describe('groups in rules', () => {
  it('refuses group names the API would refuse, naming the side', () => {
    const { problems } = formToRule({ ...newRuleForm([]), groups: 'kids, Big Kids', toGroups: 'media_room' });
    expect(problems).toEqual([
      'From groups: "Big" is not a group name: use a lower-case word (a–z, 0–9 and inner "-", at most 32 characters), e.g. "kids".',
      'From groups: "Kids" is not a group name: use a lower-case word (a–z, 0–9 and inner "-", at most 32 characters), e.g. "kids".',
      'To groups: "media_room" is not a group name: use a lower-case word (a–z, 0–9 and inner "-", at most 32 characters), e.g. "kids".',
    ]);
  });

  it('sums a rule up in one line that names its groups', () => {
    expect(ruleSummary({ id: 'k', from: { groups: ['kids'] }, to: { groups: ['media'] }, ports: ['apps'] })).toBe('kids → media: apps');
    expect(ruleSummary(DEFAULT_RULES[0])).toBe('everyone → every machine: apps');
    expect(ruleSummary(DEFAULT_RULES[1])).toBe('owner, admin (roles) → every machine: ssh');
    expect(
      ruleSummary({
        id: 'x',
        from: { groups: ['office'], kinds: ['device'] },
        to: { machines: ['nas'] },
        ports: ['ssh', { port: 8080, protocol: 'tcp' }],
      }),
    ).toBe('office · devices → nas: ssh, 8080/tcp');
  });

  it('a rule to a group reaches the machines in it (and only those), as libs/vpn decides', () => {
    const rules: MeshRule[] = [
      { id: 'kids-media', from: { groups: ['kids'] }, to: { groups: ['media'] }, ports: ['apps'] },
      { id: 'nas-in-media', from: {}, to: { machines: ['nas'], groups: ['media'] }, ports: ['ssh'] },
    ];
    expect(allowanceRows({ tv: [], nas: [], files: [] }, rules, { tv: ['media'], nas: ['media', 'storage'], files: ['storage'] })).toEqual([
      { machine: 'files', port: '—', sources: 'nobody (every new connection over the mesh is dropped)', rules: '' },
      { machine: 'nas', port: 'apps', sources: 'groups kids', rules: 'kids-media' },
      { machine: 'nas', port: 'ssh', sources: 'everyone in the network', rules: 'nas-in-media' },
      { machine: 'tv', port: 'apps', sources: 'groups kids', rules: 'kids-media' },
    ]);
  });
});
