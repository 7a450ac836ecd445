{
  description = "cLAN: the pure library that turns a network's configs.json into NixOS modules, those modules, and the NixOS systems the panel boots";

  # Overridable: `--override-input nixpkgs …` here, or
  # `--override-input clan/nixpkgs …` on a network repository, whose flake.nix
  # has no nixpkgs of its own: it builds its machines with lib.nixosConfigurations.
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";

  outputs =
    { self, nixpkgs }:
    let
      # A real nixpkgs, not the stub the offline tests put in its place.
      hasNixosSystem = nixpkgs ? lib && nixpkgs.lib ? nixosSystem;
      hasNixpkgs = nixpkgs ? legacyPackages && hasNixosSystem;
      systems = [ "x86_64-linux" ];

      /*
        The machines of a network as NixOS systems, exactly what a network
        repository's flake.nix exposes as nixosConfigurations (the busybox
        test system implements the same signature): each machine's module
        from generateNixosModules plus nixosModules.vmGuest (direct kernel
        boot, store disk, state disk, health channel). Lazy: the names are
        known without nixpkgs; only forcing a system needs it. `overrides`
        and `marketplace` (the network's third-party apps) are part of the
        interface but unused here: the machine modules already import their
        overrides files and the apps' modules (lib.generateNixosModules).
      */
      nixosConfigurations =
        {
          configs,
          overrides ? null,
          nixosModules,
          marketplace ? { },
        }:
        builtins.mapAttrs (
          name: config:
          if hasNixosSystem then
            nixpkgs.lib.nixosSystem {
              system = config.system or "x86_64-linux";
              modules = [
                nixosModules.${name}
                self.nixosModules.vmGuest
              ];
            }
          else
            throw "clan: building machine \"${name}\" needs nixpkgs, and the cLAN flake's nixpkgs input has no lib.nixosSystem (a stub?)."
        ) configs;

      # Pure (builtins only, evaluates without nixpkgs), plus nixosConfigurations.
      lib = import ./lib // {
        inherit nixosConfigurations;
      };

      # One NixOS module per app: every modules/apps/<name>.nix, keyed like
      # configs.json's applications (lib/discover.nix), discovered, not listed.
      appFiles =
        let
          files = (import ./lib/discover.nix).appFiles ./modules/apps;
        in
        if files ? default || files ? vmGuest then
          throw "clan: an app may not be named default or vm-guest (they name other nixosModules)."
        else
          files;
    in
    {
      inherit lib;

      # Wrapped in `imports` so each file keeps its path as module key: importing
      # nixosModules.default and nixosModules.syncthing together is fine.
      nixosModules = {
        default = {
          imports = [ ./modules/default.nix ];
        };
        # What a machine the panel boots needs (lib.nixosConfigurations adds it).
        vmGuest = {
          imports = [ ./modules/vm-guest.nix ];
        };
      }
      // builtins.mapAttrs (_: file: { imports = [ file ]; }) appFiles;

      # lib.nixosConfigurations evaluations of the example machines, the VM
      # guest's boot files, and a nixosTest of syncthing; empty where nixpkgs
      # is not real (offline tests).
      checks = builtins.listToAttrs (
        map (system: {
          name = system;
          value = if hasNixpkgs then import ./checks { inherit self nixpkgs system; } else { };
        }) systems
      );
    };
}
