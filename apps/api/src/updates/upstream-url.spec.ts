import { upstreamProblem } from './upstream-url';

describe('upstreamProblem', () => {
  it.each([
    'git+file:///srv/mirror/clan?ref=main',
    'git+file:///tmp/clan-upstream-x1/repo?ref=release/25.05',
    'git+https://git.example.org/clan/clan-core?ref=main',
    'git+https://git.example.org:8443/clan/clan-core.git?ref=v1.2',
  ])('accepts %s', (url) => {
    expect(upstreamProblem(url)).toBeNull();
  });

  it.each([
    ['', 'It is empty'],
    [42, 'It is empty'],
    ['github:NixOS/nixpkgs', 'must be a git flake URL'],
    ['path:/srv/clan', 'must be a git flake URL'],
    ['git+ssh://git@example.org/clan?ref=main', 'must be a git flake URL'],
    ['git+file:///srv/clan', 'Add "?ref=<branch>"'],
    ['git+file://srv/clan?ref=main', 'absolute path'],
    ['git+file:///srv/../etc?ref=main', '".." segments'],
    ['git+file:///srv//clan?ref=main', '"//"'],
    ['git+file:///srv/clan?ref=main&rev=abc', 'only "?ref=<branch>"'],
    ['git+file:///srv/clan?ref=-x', 'not a branch name'],
    ['git+file:///srv/clan?ref=a..b', 'not a branch name'],
    ['git+file:///srv/cl an?ref=main', 'spaces'],
    ['git+file:///srv/"clan"?ref=main', 'letters, digits'],
    ['git+https://user:secret@example.org/clan?ref=main', 'user name, password or token'],
    ['git+https://ghp_token@example.org/clan?ref=main', 'user name, password or token'],
    ['git+https://example.org/clan?ref=main&access_token=x', 'only "?ref=<branch>"'],
    ['git+https://exa_mple.org/clan?ref=main', 'not a host name'],
    ['git+https://example.org/clan?ref=main#x', 'fragment'],
    [`git+file:///${'a'.repeat(1100)}?ref=main`, 'at most'],
  ])('refuses %j with a sentence', (url, words) => {
    const problem = upstreamProblem(url);
    expect(problem).toContain(words);
    expect(problem).toMatch(/\.$/);
  });
});
