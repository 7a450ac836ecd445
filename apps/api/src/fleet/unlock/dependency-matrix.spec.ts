import { bootsWith, coldStart, unlockMatrix, type UnlockNode } from './dependency-matrix';

const tang = (hostId: string, policy: UnlockNode['policy'] = null, tangServing = true): UnlockNode => ({ hostId, tangServing, policy });
const policy = (threshold: number, tangHostIds: string[], tpm = false) => ({ threshold, tangHostIds, tpm });
const byId = <T extends { hostId: string }>(items: T[], id: string): T => {
  const found = items.find((i) => i.hostId === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};

describe('unlockMatrix', () => {
  it('2 of 3 Tang pins: boots with any one pin host down, not with two; the minimal failure sets are the pairs', () => {
    const nodes = [tang('h', policy(2, ['a', 'b', 'c'])), tang('a'), tang('b'), tang('c')];
    const h = byId(unlockMatrix(nodes).hosts, 'h');
    expect(h.bootsWithAllUp).toBe(true);
    expect(h.spareFailures).toBe(1);
    expect(h.bootsIfDown).toEqual({ a: true, b: true, c: true });
    expect(h.minimalFailureSets).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
    ]);
    expect(h.pins).toBe(3);
  });

  it('the TPM counts as one pin that is always there', () => {
    const nodes = [tang('h', policy(2, ['a', 'b'], true)), tang('a'), tang('b')];
    const h = byId(unlockMatrix(nodes).hosts, 'h');
    expect(h.pins).toBe(3);
    expect(h.bootsIfDown).toEqual({ a: true, b: true });
    expect(h.minimalFailureSets).toEqual([['a', 'b']]);
    expect(bootsWith(nodes[0], new Set(), new Set(['a', 'b']))).toBe(false);
    expect(bootsWith(nodes[0], new Set(['b']), new Set(['a', 'b']))).toBe(true);
  });

  it('a threshold equal to the pins makes every pin host a single point of failure', () => {
    const nodes = [tang('h', policy(2, ['a', 'b'])), tang('a'), tang('b'), tang('c')];
    const m = unlockMatrix(nodes);
    const h = byId(m.hosts, 'h');
    expect(h.spareFailures).toBe(0);
    expect(h.bootsIfDown).toEqual({ a: false, b: false, c: true });
    expect(h.minimalFailureSets).toEqual([['a'], ['b']]);
    expect(byId(m.ifHostFails, 'a').strands).toEqual(['h']);
    expect(byId(m.ifHostFails, 'c').strands).toEqual([]);
  });

  it('a pin on a host that does not serve Tang never answers: a host short of pins is stuck with everyone up', () => {
    const nodes = [tang('h', policy(2, ['a', 'b'])), tang('a'), tang('b', null, false)];
    const h = byId(unlockMatrix(nodes).hosts, 'h');
    expect(h.deadPins).toEqual(['b']);
    expect(h.bootsWithAllUp).toBe(false);
    expect(h.spareFailures).toBe(-1);
    expect(h.minimalFailureSets).toEqual([[]]);
    expect(h.bootsIfDown).toEqual({ a: false, b: false });
  });

  it('a host without a policy is unmanaged: no answers for it, it strands nobody by itself', () => {
    const m = unlockMatrix([tang('h'), tang('a')]);
    expect(byId(m.hosts, 'h')).toMatchObject({ managed: false, bootsWithAllUp: null, minimalFailureSets: [] });
    expect(byId(m.ifHostFails, 'h').strands).toEqual([]);
  });

  it('ignores a pin on the host itself (it cannot serve Tang while it boots)', () => {
    const nodes = [tang('h', policy(1, ['h'])), tang('a')];
    expect(byId(unlockMatrix(nodes).hosts, 'h')).toMatchObject({ bootsWithAllUp: false, deadPins: ['h'] });
  });

  it('cuts the list of minimal failure sets at MAX_FAILURE_SETS', () => {
    const pinHosts = Array.from({ length: 24 }, (_, i) => `p${i}`);
    const nodes = [tang('h', policy(20, pinHosts)), ...pinHosts.map((id) => tang(id))];
    const h = byId(unlockMatrix(nodes).hosts, 'h');
    expect(h.minimalFailureSets).toHaveLength(200);
    expect(h.minimalFailureSetsTruncated).toBe(true);
    expect(h.minimalFailureSets[0]).toHaveLength(5);
  });
});

describe('coldStart', () => {
  it('brings hosts up round by round: TPM hosts first, then those whose pins are up', () => {
    const nodes = [
      tang('a', policy(1, ['b'], true)), // its TPM suffices
      tang('b', policy(1, ['a'])), // needs a
      tang('c', policy(2, ['a', 'b'])), // needs a and b
    ];
    expect(coldStart(nodes)).toEqual({ rounds: [['a'], ['b'], ['c']], stuck: [], unmanaged: [] });
  });

  it('two hosts that only unlock each other are both stuck after a power cut, though each boots while the other runs', () => {
    const nodes = [tang('a', policy(1, ['b'])), tang('b', policy(1, ['a'])), tang('c')];
    const m = unlockMatrix(nodes);
    expect(byId(m.hosts, 'a').bootsWithAllUp).toBe(true);
    expect(coldStart(nodes)).toEqual({ rounds: [], stuck: ['a', 'b'], unmanaged: ['c'] });
  });

  it('counts cascades: if the root fails in a power cut, everyone behind it is stranded', () => {
    const nodes = [
      tang('root'), // unmanaged: boots on its own
      tang('a', policy(1, ['root'])),
      tang('b', policy(1, ['a'])),
      tang('c', policy(1, ['b', 'x'])),
      tang('x', policy(1, ['root'], false)),
    ];
    const m = unlockMatrix(nodes);
    // While the rest runs, a failed root strands only the hosts pinned to it directly...
    expect(byId(m.ifHostFails, 'root').strands).toEqual(['a', 'x']);
    // ...but after a power cut without it nothing comes back.
    expect(byId(m.ifHostFails, 'root').strandsInColdStart).toEqual(['a', 'b', 'c', 'x']);
    expect(byId(m.ifHostFails, 'a').strandsInColdStart).toEqual(['b']);
    expect(coldStart(nodes, new Set(['a']))).toEqual({ rounds: [['x'], ['c']], stuck: ['b'], unmanaged: ['root'] });
  });
});

describe('minimal failure sets agree with bootsWith on every subset', () => {
  it('for every policy over five Tang hosts (t, pins, TPM): a down set strands the host exactly when it contains a minimal set', () => {
    const hosts = ['a', 'b', 'c', 'd', 'e'];
    const subsets = (items: string[]) => Array.from({ length: 1 << items.length }, (_, m) => items.filter((_x, i) => m & (1 << i)));
    let checked = 0;
    for (const pinHosts of subsets(hosts).filter((s) => s.length)) {
      for (const tpm of [false, true]) {
        for (let t = 1; t <= pinHosts.length + (tpm ? 1 : 0); t++) {
          const node = tang('h', policy(t, pinHosts, tpm));
          const nodes = [node, ...hosts.map((id) => tang(id))];
          const { minimalFailureSets } = byId(unlockMatrix(nodes).hosts, 'h');
          const serving = new Set(hosts);
          for (const down of subsets(hosts)) {
            const up = new Set(hosts.filter((id) => !down.includes(id)));
            const stranded = minimalFailureSets.some((set) => set.every((id) => down.includes(id)));
            expect(stranded).toBe(!bootsWith(node, up, serving));
            checked++;
          }
          // Minimal: no listed set contains another.
          for (const s of minimalFailureSets)
            for (const o of minimalFailureSets) if (s !== o) expect(o.every((id) => s.includes(id))).toBe(false);
        }
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });
});
