import { nameProblem } from './names';

describe('nameProblem', () => {
  it.each(['family', 'anna-laptop', 'a', 'x1', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(nameProblem(name)).toBeNull();
  });

  it.each([
    ['', /empty/],
    ['Family', /lower-case/],
    ['-x', /start and end/],
    ['x-', /start and end/],
    ['a_b', /lower-case/],
    ['a.b', /lower-case/],
    ['${x}', /lower-case/],
    ['a'.repeat(64), /at most 63/],
    ['localhost', /reserved/],
  ])('rejects %j', (name, why) => {
    expect(nameProblem(name)).toMatch(why);
  });
});
