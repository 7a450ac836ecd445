import { redactUrlCredentials, sourceNameProblem, sourceRefProblem, sourceUrlProblem } from './source-url';

describe('marketplace source names, URLs and refs', () => {
  it('accepts https, http, file:// and absolute paths', () => {
    for (const url of [
      'https://git.example.org/author/clan-apps',
      'https://git.example.org:8443/author/clan-apps.git',
      'http://10.100.3.1/apps',
      'http://[fd00::1]:3000/a/b',
      'file:///srv/git/apps',
      '/srv/git/apps',
    ])
      expect(sourceUrlProblem(url)).toBeNull();
  });

  it('refuses credentials, queries, relative paths, other transports and option-like values with sentences', () => {
    expect(sourceUrlProblem('https://me:hunter2@git.example.org/a')).toMatch(/must not contain a user name, password or token/);
    expect(sourceUrlProblem('https://token@git.example.org/a')).toMatch(/must not contain a user name/);
    expect(sourceUrlProblem('https://git.example.org/a?x=1')).toMatch(/query/);
    expect(sourceUrlProblem('../apps')).toMatch(/^The URL of a source must be a git repository/);
    expect(sourceUrlProblem('--upload-pack=touch /tmp/x')).toMatch(/spaces/);
    expect(sourceUrlProblem('-oProxyCommand=x')).toMatch(/^The URL of a source must be a git repository/);
    expect(sourceUrlProblem('ext::sh -c x')).toMatch(/spaces/);
    expect(sourceUrlProblem('ssh://git@host/a')).toMatch(/^The URL of a source must be a git repository/);
    expect(sourceUrlProblem('file://host/a')).toMatch(/three slashes/);
    expect(sourceUrlProblem('/srv/../etc')).toMatch(/"\.\."/);
    expect(sourceUrlProblem('https://git.example.org/')).toMatch(/repository path/);
    expect(sourceUrlProblem('https://git.example.org:70000/a')).toMatch(/not a port/);
    expect(sourceUrlProblem('')).toMatch(/It is empty/);
  });

  it('keeps "built-in" for the panel and names to a safe alphabet', () => {
    expect(sourceNameProblem('example-apps')).toBeNull();
    expect(sourceNameProblem('built-in')).toMatch(/panel's own apps/);
    expect(sourceNameProblem('Example')).toMatch(/lower-case/);
    expect(sourceNameProblem('-a')).toMatch(/lower-case/);
  });

  it("follows branches and tags, never an option or the panel's own refs", () => {
    expect(sourceRefProblem(undefined)).toBeNull();
    expect(sourceRefProblem(null)).toBeNull();
    expect(sourceRefProblem('main')).toBeNull();
    expect(sourceRefProblem('release/1.2')).toBeNull();
    expect(sourceRefProblem('--upload-pack=x')).toMatch(/not a branch or tag/);
    expect(sourceRefProblem('a..b')).toMatch(/not a branch or tag/);
    expect(sourceRefProblem('refs/clan/pins/x')).toMatch(/not a branch or tag/);
  });

  it('redacts credentials in any text', () => {
    expect(redactUrlCredentials("unable to access 'https://me:hunter2@git.example.org/a/': 403")).toBe(
      "unable to access 'https://***@git.example.org/a/': 403",
    );
  });
});
