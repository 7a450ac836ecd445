import { CliError, UsageError } from './errors';
import { findNetwork, isUuid, parseMachineRef } from './refs';

describe('parseMachineRef', () => {
  it('splits <network>/<machine>', () => {
    expect(parseMachineRef('family/anna')).toEqual({ network: 'family', machine: 'anna' });
  });

  it.each(['family', '/anna', 'family/', 'a/b/c'])('refuses %j', (text) => {
    expect(() => parseMachineRef(text)).toThrow(UsageError);
    expect(() => parseMachineRef(text)).toThrow('must name a machine as <network>/<machine>, e.g. family/anna');
  });
});

describe('findNetwork', () => {
  const nets = [
    { id: '11111111-1111-4111-8111-111111111111', name: 'family' },
    { id: '22222222-2222-4222-8222-222222222222', name: 'work' },
  ];

  it('finds by name or id', () => {
    expect(findNetwork(nets, 'work')).toBe(nets[1]);
    expect(findNetwork(nets, '11111111-1111-4111-8111-111111111111'.toUpperCase())).toBe(nets[0]);
  });

  it('names the networks the caller can see when none matches', () => {
    expect(() => findNetwork(nets, 'fam')).toThrow(CliError);
    expect(() => findNetwork(nets, 'fam')).toThrow('No network "fam". You can see: family, work.');
    expect(() => findNetwork([], 'x')).toThrow('You belong to no network yet; create one with `clanctl network create <name>`.');
  });

  it('recognises ids', () => {
    expect(isUuid(nets[0].id)).toBe(true);
    expect(isUuid('family')).toBe(false);
  });
});
