import { isValidUsername, normalizeUsername } from './username';

describe('normalizeUsername', () => {
  it('lower-cases and trims', () => {
    expect(normalizeUsername('  Alice.Smith ')).toBe('alice.smith');
  });
});

describe('isValidUsername', () => {
  it.each(['bob', 'alice_1', 'a-b.c', 'x'.repeat(64), '007'])('accepts %s', (name) => {
    expect(isValidUsername(name)).toBe(true);
  });

  it.each(['ab', 'x'.repeat(65), 'Alice', 'al ice', 'al@ice', 'élodie', ''])('rejects %j', (name) => {
    expect(isValidUsername(name)).toBe(false);
  });

  it('accepts whatever normalizeUsername makes of a mixed-case name', () => {
    expect(isValidUsername(normalizeUsername('Carol-99'))).toBe(true);
  });
});
