/*
  checks.<system>: only where nixpkgs is real (`nix flake check` on a
  machine that can fetch it). Every example machine of ../examples is built
  with lib.nixosConfigurations exactly as a network repository builds it
  (its module plus nixosModules.vmGuest), and its system derivation
  instantiated (drvPath: the whole configuration evaluates, nothing is
  built); `vm-guest` checks what the panel relies on in a built system;
  syncthing additionally runs in a VM test.
*/
{
  self,
  nixpkgs,
  system,
}:
let
  pkgs = nixpkgs.legacyPackages.${system};
  configs = builtins.fromJSON (builtins.readFile ../examples/configs.json);
  overrides = ../examples/overrides;
  machines = self.lib.nixosConfigurations {
    inherit configs overrides;
    nixosModules = self.lib.generateNixosModules { inherit configs overrides; };
  };
  evalCheck =
    name: machine:
    pkgs.writeText "clan-eval-${name}" (
      builtins.unsafeDiscardStringContext machine.config.system.build.toplevel.drvPath
    );
  # The first example machine, built: the panel boots <toplevel>/kernel,
  # <toplevel>/initrd and init= with <toplevel>/kernel-params.
  guest = machines.${builtins.head (builtins.attrNames machines)};
in
builtins.listToAttrs (
  map (name: {
    name = "eval-${name}";
    value = evalCheck name machines.${name};
  }) (builtins.attrNames machines)
)
// {
  vm-guest = import ./vm-guest.nix { inherit pkgs guest; };
  syncthing = pkgs.testers.runNixOSTest (import ./syncthing-test.nix { inherit self; });
}
