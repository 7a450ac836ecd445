import { validateConfigs } from './config-schema';
import { goIniProblem } from './go-ini';

describe('goIniProblem (mirrors nix/lib/encode.nix)', () => {
  it.each(['Forgejo', 'Anna\'s "git"', 'a`b', 'multi\nline', "${x} and ''"])('accepts %j', (s) => {
    expect(goIniProblem(s)).toBeNull();
  });

  it.each([
    ['x %(APP_NAME)s y', /%\(name\)s/],
    ['a"""\nb', /three double quotes/],
    [' "quoted', /start or end with a space/],
    ['"""start', /start with three double quotes/],
    ['"wrapped"', /wrapped in a pair/],
    ["'wrapped'", /wrapped in a pair/],
    ['ends\\', /backslash/],
  ])('rejects %j', (s, why) => {
    expect(goIniProblem(s)).toMatch(why);
  });

  it('is enforced on forgejo.appName with the JSON path', () => {
    const r = validateConfigs({ git: { applications: { forgejo: { enable: true, appName: '"wrapped"' } } } });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]).toMatchObject({
        path: '$.git.applications.forgejo.appName',
        message: expect.stringMatching(/^Site name must not be wrapped/),
      });
  });
});
