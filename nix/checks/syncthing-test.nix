# A VM test: syncthing from clan.applications, its folder created, its web
# interface answering locally and reachable on the mesh interface only.
{ self }:
{
  name = "clan-syncthing";

  nodes = {
    machine =
      { pkgs, ... }:
      {
        imports = [ self.nixosModules.default ];
        clan.applications.syncthing = {
          enable = true;
          sharedFolders = [ "/shared/family docs" ];
        };
        environment.systemPackages = [
          pkgs.curl
          pkgs.iptables
        ];
      };
    outsider =
      { pkgs, ... }:
      {
        environment.systemPackages = [ pkgs.curl ];
      };
  };

  testScript = ''
    start_all()
    machine.wait_for_unit("clan-syncthing-folders.service")
    machine.succeed("test \"$(stat -c %U '/shared/family docs')\" = syncthing")
    machine.wait_for_unit("syncthing.service")
    machine.wait_for_open_port(8384)
    machine.succeed("curl -sf http://127.0.0.1:8384/ > /dev/null")

    # The GUI port is admitted on clan-wg only, never on all interfaces.
    rules = machine.succeed("iptables -S nixos-fw")
    assert any("-i clan-wg" in r and "--dport 8384" in r for r in rules.splitlines()), rules
    assert not any("-i " not in r and "--dport 8384" in r for r in rules.splitlines()), rules
    outsider.wait_for_unit("multi-user.target")
    outsider.fail("curl -sf --connect-timeout 3 http://machine:8384/")
  '';
}
