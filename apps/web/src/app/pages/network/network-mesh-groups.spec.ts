import { GROUP_PATTERN, groupProblem, groupsProblems, knownGroups, MAX_GROUPS, parseGroups, suggestionsFor } from './network-mesh-groups';

describe('group names, as the API checks them', () => {
  it.each(['kids', 'media', 'a', '1', 'office-2', 'a'.repeat(32), 'x-y-z'])('accepts "%s"', (name) => {
    expect(groupProblem(name)).toBeNull();
  });

  it.each(['', 'Kids', '-kids', 'kids-', 'a'.repeat(33), 'kids room', 'kïds', 'kids_room', 'kids.'])('refuses "%s" in words', (name) => {
    expect(groupProblem(name)).toBe(
      `"${name}" is not a group name: use a lower-case word (a–z, 0–9 and inner "-", at most 32 characters), e.g. "kids".`,
    );
  });

  it('is the API pattern exactly', () => {
    expect(GROUP_PATTERN.source).toBe('^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$');
    expect(MAX_GROUPS).toBe(16);
  });

  it(`allows at most ${MAX_GROUPS} groups per peer`, () => {
    const sixteen = Array.from({ length: 16 }, (_, i) => `g${i}`);
    expect(groupsProblems(sixteen)).toEqual([]);
    expect(groupsProblems([...sixteen, 'g16'])).toEqual(['A peer may have at most 16 groups; this has 17.']);
    expect(groupsProblems(['kids', 'Bad'])).toHaveLength(1);
  });
});

describe('typing and suggesting groups', () => {
  it('splits on commas and spaces, lower-cases, drops repeats and blanks', () => {
    expect(parseGroups(' Kids , media  kids,,')).toEqual(['kids', 'media']);
    expect(parseGroups('   ')).toEqual([]);
  });

  it("suggests the network's groups, sorted, without those already chosen", () => {
    const known = knownGroups([{ groups: ['media', 'kids'] }, { groups: ['kids', 'office'] }, { groups: [] }]);
    expect(known).toEqual(['kids', 'media', 'office']);
    expect(suggestionsFor(['kids'], known)).toEqual(['media', 'office']);
  });
});
