{
  description = "cLAN test system: a tiny busybox + Debian kernel system with the output shape of a NixOS system, for VM tests";

  # No inputs: everything comes from files next to this flake, copied in by
  # ./prepare.sh (bin/busybox, kernel/bzImage, kernel/modules/*.ko).
  outputs =
    { self }:
    let
      system = "x86_64-linux";
      # A directory, so the builder keeps the file name `busybox` (busybox
      # dispatches on argv0).
      busybox = builtins.path { path = ./bin; name = "busybox-static"; };
      kernel = builtins.path { path = ./kernel/bzImage; name = "kernel"; };
      modules = builtins.path { path = ./kernel/modules; name = "kernel-modules"; };

      # Name and generation end up in a shell script and on the kernel
      # command line: only safe characters.
      checkName =
        name:
        if builtins.isString name && builtins.match "[a-z0-9][a-z0-9-]{0,62}" name != null then
          name
        else
          throw "mkTestSystem: name must match [a-z0-9][a-z0-9-]{0,62}, got ${builtins.toJSON name}";
      # null: the generation comes from the kernel command line
      # (`clan.generation=<n>`, as the panel boots it).
      checkGeneration =
        g:
        if g == null then
          "0"
        else if builtins.isInt g && g >= 1 then
          toString g
        else
          throw "mkTestSystem: generation must be an integer >= 1 or null";

      mkTestSystem =
        {
          name,
          generation ? null,
          healthy ? true,
          # The machine's effective configuration (JSON), kept in $out so a
          # configuration change gives a new store path, as with NixOS.
          config ? null,
        }:
        let
          n = checkName name;
          g = checkGeneration generation;
        in
        derivation {
          inherit system;
          name = "clan-test-system-${n}-${g}";
          builder = "${busybox}/busybox";
          args = [
            "sh"
            "-c"
            (builtins.readFile ./build.sh)
          ];
          inherit busybox kernel modules;
          initScript =
            "#!/bin/busybox sh\nCLAN_NAME=${n}\nCLAN_GENERATION=${g}\nCLAN_HEALTHY=${if healthy then "1" else "0"}\n"
            + builtins.readFile ./init.sh;
          # Like NixOS's kernel-params: the boot loader line is
          # `init=<toplevel>/init <kernel-params>`.
          kernelParams = "console=ttyS0 panic=-1 loglevel=4";
          machineName = n;
          generation = g;
          configJson = if config == null then "" else builtins.toJSON config;
        };

      # Machines the flake knows by name (like nixosConfigurations): read
      # from machines.json, { "<name>": { "generation": n, "healthy": bool } },
      # when present, so a test can declare its own without editing Nix.
      declared =
        if builtins.pathExists ./machines.json then
          builtins.fromJSON (builtins.readFile ./machines.json)
        else
          {
            test = {
              generation = 1;
            };
          };
      machines = builtins.mapAttrs (name: m: mkTestSystem ({ inherit name; } // m)) declared;
      # A configuration that mentions this string anywhere builds a generation
      # that boots but fails its health probe (for the rollback tests).
      unhealthyMarker = "clan-test:unhealthy";
      isHealthy = config: builtins.match ".*${unhealthyMarker}.*" (builtins.toJSON config) == null;
    in
    {
      # The interface of the cLAN flake's lib that a network repository's
      # flake.nix calls (docs/nix.md), so this flake can stand in for it.
      lib = {
        inherit mkTestSystem;
        generateNixosModules =
          {
            configs,
            overrides ? null,
          }:
          builtins.mapAttrs (_: config: { clanTestConfig = config; }) configs;
        nixosConfigurations =
          {
            configs,
            overrides ? null,
            nixosModules ? { },
          }:
          builtins.mapAttrs (name: config: {
            config.system.build.toplevel = mkTestSystem {
              inherit name config;
              healthy = isHealthy config;
            };
          }) configs;
      };
      inherit machines;
      # The attribute path production builds for a real NixOS machine.
      nixosConfigurations = builtins.mapAttrs (_: toplevel: { config.system.build = { inherit toplevel; }; }) machines;
      packages.${system}.default = mkTestSystem {
        name = "test";
        generation = 1;
      };
    };
}
