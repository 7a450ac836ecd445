{
  description = "cLAN: the pure library that turns a network's configs.json into NixOS modules, and those modules";

  # Overridable: `--override-input nixpkgs …`; network repositories follow it
  # (their nixpkgs input is `follows = "clan/nixpkgs"`).
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";

  outputs =
    { self, nixpkgs }:
    let
      # Pure: builtins only, evaluates without nixpkgs.
      lib = import ./lib;

      appFiles = {
        syncthing = ./modules/apps/syncthing.nix;
        nextcloud = ./modules/apps/nextcloud.nix;
        forgejo = ./modules/apps/forgejo.nix;
        mumbleServer = ./modules/apps/mumble-server.nix;
        mumbleClient = ./modules/apps/mumble-client.nix;
        vaultwarden = ./modules/apps/vaultwarden.nix;
        jellyfin = ./modules/apps/jellyfin.nix;
        homeAssistant = ./modules/apps/home-assistant.nix;
        paperless = ./modules/apps/paperless.nix;
      };

      # A real nixpkgs, not the stub the offline tests put in its place.
      hasNixpkgs = nixpkgs ? legacyPackages && nixpkgs ? lib && nixpkgs.lib ? nixosSystem;
      systems = [ "x86_64-linux" ];
    in
    {
      inherit lib;

      # Wrapped in `imports` so each file keeps its path as module key: importing
      # nixosModules.default and nixosModules.syncthing together is fine.
      nixosModules = {
        default = {
          imports = [ ./modules/default.nix ];
        };
      }
      // builtins.mapAttrs (_: file: { imports = [ file ]; }) appFiles;

      # nixosSystem evaluations of the example machines and a nixosTest of
      # syncthing; empty where nixpkgs is not real (offline tests).
      checks = builtins.listToAttrs (
        map (system: {
          name = system;
          value = if hasNixpkgs then import ./checks { inherit self nixpkgs system; } else { };
        }) systems
      );
    };
}
