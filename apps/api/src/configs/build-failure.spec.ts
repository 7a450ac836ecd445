import { NetworkSystem } from '@clan/contracts';
import { type BuildFlakes, explainBuildFailure } from './build-failure';

const nixos = (over: Partial<BuildFlakes> = {}): BuildFlakes => ({
  system: NetworkSystem.Nixos,
  clanFlakeUrl: 'path:/var/lib/clan/flakes/clan-0123456789abcdef0123',
  clanFlakeFromSetting: false,
  nixpkgs: 'github:NixOS/nixpkgs/nixos-25.05',
  ...over,
});

describe('explainBuildFailure', () => {
  it('names CLAN_NIXPKGS when the default nixpkgs cannot be downloaded (offline)', () => {
    const msg = explainBuildFailure(
      nixos(),
      "unable to download 'https://api.github.com/repos/NixOS/nixpkgs/commits/nixos-25.05': Couldn't resolve host name (6)",
    );
    expect(msg).toMatch(
      /^This machine's network uses NixOS, and the panel cannot fetch nixpkgs \(github:NixOS\/nixpkgs\/nixos-25\.05\): set CLAN_NIXPKGS to a reachable nixpkgs \(a flake reference or a local path\/mirror\), or switch the network to the demo system\. Nix said: unable to download/,
    );
  });

  it('names CLAN_NIXPKGS when a local nixpkgs path does not exist', () => {
    const msg = explainBuildFailure(
      nixos({ nixpkgs: 'path:/srv/nixpkgs' }),
      "error: getting status of '/srv/nixpkgs': No such file or directory\n(use '--show-trace' to show detailed location information)",
    );
    expect(msg).toContain('cannot fetch nixpkgs (path:/srv/nixpkgs): set CLAN_NIXPKGS');
    expect(msg).toContain("Nix said: getting status of '/srv/nixpkgs': No such file or directory");
  });

  it("names CLAN_NIXPKGS when the cLAN flake's nixpkgs is not a real one", () => {
    const msg = explainBuildFailure(
      nixos(),
      'clan: building machine "alpha" needs nixpkgs, and the cLAN flake\'s nixpkgs input has no lib.nixosSystem (a stub?).',
    );
    expect(msg).toContain('set CLAN_NIXPKGS');
  });

  it('names CLAN_FLAKE_URL when the configured cLAN flake cannot be fetched', () => {
    const msg = explainBuildFailure(
      nixos({ clanFlakeUrl: 'git+https://git.clan.invalid/clan', clanFlakeFromSetting: true }),
      "program 'git' failed with exit code 128: fatal: unable to access 'https://git.clan.invalid/clan/': Could not resolve host",
    );
    expect(msg).toMatch(/^The panel cannot fetch the cLAN flake \(git\+https:\/\/git\.clan\.invalid\/clan\): set CLAN_FLAKE_URL/);
  });

  it("keeps Nix's message for other failures (a module error is not about nixpkgs)", () => {
    const error = "The option `services.foo' does not exist. Definition values: - In `/nix/store/…-source/overrides/alpha.nix'";
    expect(explainBuildFailure(nixos(), error)).toBe(error);
    expect(explainBuildFailure({ ...nixos(), system: NetworkSystem.Demo, nixpkgs: null }, 'builder failed')).toBe('builder failed');
  });
});
