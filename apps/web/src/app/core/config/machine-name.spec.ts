import { nameProblem } from '@clan/nix-schema';
import { configsSchema } from '../../../testing/schemas';
import { machineNameProblem, reservedNamesOf } from './machine-name';

describe('machineNameProblem', () => {
  it('accepts DNS labels', () => {
    for (const name of ['anna-laptop', 'nas', 'a', 'x1', 'a'.repeat(63)]) expect(machineNameProblem(name)).toBeNull();
  });

  it('explains each rule it enforces', () => {
    expect(machineNameProblem('')).toBe('Give the machine a name.');
    expect(machineNameProblem('a'.repeat(64))).toMatch(/at most 63 characters/);
    expect(machineNameProblem('Anna')).toBe('Use lower-case letters only.');
    expect(machineNameProblem('-anna')).toMatch(/start and end with a letter or digit/);
    expect(machineNameProblem('anna_laptop')).toMatch(/lower-case letters, digits and "-"/);
    expect(machineNameProblem('default')).toBe('“default” is reserved; choose another name.');
    expect(machineNameProblem('nas', { taken: ['nas'] })).toMatch(/already has a machine called “nas”/);
  });

  it('takes the reserved words from the configs schema', () => {
    expect(reservedNamesOf(configsSchema)).toContain('localhost');
    expect(reservedNamesOf({})).toContain('default');
    expect(machineNameProblem('custom', { reserved: ['custom'] })).toMatch(/reserved/);
  });

  it("agrees with the rule the API applies (libs/nix-schema), name by name, with the schema's reserved words", () => {
    const reserved = reservedNamesOf(configsSchema);
    const names = [
      'nas',
      'a',
      '9',
      'a-b',
      'a--b',
      '-a',
      'a-',
      'A',
      'nAs',
      'a_b',
      'a.b',
      'a b',
      'é',
      'a'.repeat(63),
      'a'.repeat(64),
      ...reserved,
    ];
    for (const name of names) {
      const api = nameProblem(name) === null && !reserved.includes(name);
      expect({ name, accepted: machineNameProblem(name, { reserved }) === null }).toEqual({ name, accepted: api });
    }
  });
});
