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
});
