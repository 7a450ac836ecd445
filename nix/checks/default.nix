/*
  checks.<system>: only where nixpkgs is real (`nix flake check` on a
  machine that can fetch it). Every example machine of ../examples is built
  with nixpkgs.lib.nixosSystem exactly as a network repository builds it, and
  its system derivation instantiated (drvPath: the whole configuration
  evaluates, nothing is built); syncthing additionally runs in a VM test.
*/
{
  self,
  nixpkgs,
  system,
}:
let
  pkgs = nixpkgs.legacyPackages.${system};
  configs = builtins.fromJSON (builtins.readFile ../examples/configs.json);
  modules = self.lib.generateNixosModules {
    inherit configs;
    overrides = ../examples/overrides;
  };
  machines = builtins.mapAttrs (
    name: module:
    nixpkgs.lib.nixosSystem {
      system = configs.${name}.system or "x86_64-linux";
      modules = [
        module
        ./vm-base.nix
      ];
    }
  ) modules;
  evalCheck =
    name: machine:
    pkgs.writeText "clan-eval-${name}" (
      builtins.unsafeDiscardStringContext machine.config.system.build.toplevel.drvPath
    );
in
builtins.listToAttrs (
  map (name: {
    name = "eval-${name}";
    value = evalCheck name machines.${name};
  }) (builtins.attrNames machines)
)
// {
  syncthing = pkgs.testers.runNixOSTest (import ./syncthing-test.nix { inherit self; });
}
