{
  description = "The cLAN panel: its Nix package and NixOS module (services.clan-panel). The cLAN flake the panel builds machines with is ./nix.";

  # The supported range is nixos-25.05 and newer (docs/nix.md).
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";

  outputs =
    { self, nixpkgs }:
    let
      systems = [ "x86_64-linux" ];
      # A real nixpkgs, not the stub the offline tests put in its place.
      hasNixpkgs = nixpkgs ? legacyPackages && nixpkgs ? lib && nixpkgs.lib ? nixosSystem;
      forSystems =
        f:
        builtins.listToAttrs (
          map (system: {
            name = system;
            value = if hasNixpkgs then f nixpkgs.legacyPackages.${system} else { };
          }) systems
        );
    in
    {
      packages = forSystems (pkgs: rec {
        clan-panel = pkgs.callPackage ./deploy/package.nix { };
        default = clan-panel;
      });

      # services.clan-panel; its package defaults to this repository's panel.
      nixosModules = rec {
        clan-panel = ./deploy/nixos-module.nix;
        default = clan-panel;
      };

      # `nix flake check` where nixpkgs can be fetched: the panel installed by
      # the module on a NixOS VM starts, creates its administrator and signs in.
      checks = forSystems (pkgs: {
        nixos-module = pkgs.testers.runNixOSTest (import ./deploy/nixos-test.nix { inherit self; });
      });
    };
}
