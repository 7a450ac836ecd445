# A NixOS VM test of services.clan-panel (flake.nix's checks.<system>.nixos-module;
# runs where nixpkgs exists): the unit starts after its database, the health
# endpoint answers, the first visit creates the administrator, and that
# administrator signs in.
{ self }:
{
  name = "clan-panel";

  nodes.machine =
    { pkgs, ... }:
    {
      imports = [ self.nixosModules.default ];
      services.clan-panel = {
        enable = true;
        package = self.packages.${pkgs.stdenv.hostPlatform.system}.default;
      };
      environment.systemPackages = [
        pkgs.curl
        pkgs.jq
      ];
      virtualisation.memorySize = 2048;
    };

  testScript = ''
    import json

    machine.wait_for_unit("clan-panel.service")
    machine.wait_until_succeeds("curl -fsS http://127.0.0.1:8080/api/health", timeout=180)

    # The profiles directory exists and belongs to the panel.
    machine.succeed("test \"$(stat -c %U /nix/var/nix/profiles/clan)\" = clan-panel")
    machine.succeed("test \"$(stat -c %a /var/lib/clan-panel)\" = 700")

    setup = json.loads(machine.succeed("curl -fsS http://127.0.0.1:8080/api/setup"))
    assert setup["setupRequired"], setup

    body = json.dumps({"username": "admin", "password": "a long test passphrase 42"})
    machine.succeed(
        f"curl -fsS -X POST -H 'Content-Type: application/json' -d '{body}' http://127.0.0.1:8080/api/setup"
    )

    login = json.loads(machine.succeed(
        f"curl -fsS -c /tmp/cookies -X POST -H 'Content-Type: application/json' -d '{body}' http://127.0.0.1:8080/api/auth/login"
    ))
    assert login["user"]["username"] == "admin", login
    me = json.loads(machine.succeed("curl -fsS -b /tmp/cookies http://127.0.0.1:8080/api/auth/me"))
    assert me["user"]["username"] == "admin", me
  '';
}
