{
  description = "cLAN test system: a tiny busybox + Debian kernel system with the output shape of a NixOS system, for VM tests";

  # No inputs: everything comes from files next to this flake, copied in by
  # ./prepare.sh (bin/busybox, kernel/bzImage, kernel/modules/*.ko, extra/).
  outputs =
    { self }:
    let
      system = "x86_64-linux";
      # A directory, so the builder keeps the file name `busybox` (busybox
      # dispatches on argv0).
      busybox = builtins.path { path = ./bin; name = "busybox-static"; };
      kernel = builtins.path { path = ./kernel/bzImage; name = "kernel"; };
      modules = builtins.path { path = ./kernel/modules; name = "kernel-modules"; };
      # wg and openssl with their libraries, at the host's paths: only the
      # initrd of a machine in the mesh carries them (and only then is this
      # read, so an older prepared copy without extra/ still builds the rest).
      extra = builtins.path { path = ./extra; name = "clan-test-extra"; };
      # restic with its libraries, likewise: only in the initrd of a machine
      # whose configuration has backup.enable = true.
      restic = builtins.path { path = ./restic; name = "clan-test-restic"; };
      backupEnabled = config: builtins.isAttrs config && builtins.isAttrs (config.backup or null) && (config.backup.enable or false) == true;
      # The VM controller: nix/modules/vm-guest/controller.sh, the same file
      # NixOS machines run, copied next to this flake by prepare.sh (or by
      # whoever copies this directory) because a flake cannot read outside
      # its directory.
      controller = builtins.path { path = ./controller.sh; name = "clan-controller.sh"; };

      # The hooks every demo machine declares (HOOK <name>, docs/vm-controller.md):
      # name → busybox sh script body, run in the guest with /state mounted.
      demoHooks = {
        demo-dump = ''
          mkdir -p /state/dumps
          echo "dump of $CLAN_MACHINE generation $CLAN_GENERATION" > /state/dumps/demo-dump.txt
          echo "demo-dump: wrote /state/dumps/demo-dump.txt"
          echo "demo-dump: $(wc -c < /state/dumps/demo-dump.txt) bytes"
        '';
        demo-fail = ''
          echo "demo-fail: this hook always fails" >&2
          exit 3
        '';
        # A long request (the VM test pings while it runs: requests never hold up the health port).
        demo-sleep = ''
          echo "demo-sleep: sleeping 8 s"
          sleep 8
          echo "demo-sleep: awake"
        '';
        # The machine's one app check (CHECK, listed in /etc/clan/checks): the
        # state disk is mounted and its data readable. A state disk holding
        # /state/data/clan-test-check-fails fails it (the verified-restore test).
        check-state = ''
          if [ -e /state/data/clan-test-check-fails ]; then
            echo "/state/data/clan-test-check-fails is on the state disk: this machine's data is marked broken (a test marker)."
            exit 1
          fi
          if ! grep -q '^[^ ]* /state ' /proc/mounts; then
            echo "The state disk is not mounted at /state."
            exit 1
          fi
          if ! [ -d /state/data ] || ! ls /state/data >/dev/null 2>&1; then
            echo "/state/data is not readable."
            exit 1
          fi
          echo "The state disk is mounted at /state and /state/data is readable ($(ls /state/data | wc -l) entries)."
        '';
      };
      shellQuote = s: "'" + builtins.replaceStrings [ "'" ] [ "'\\''" ] s + "'";
      # The contents of /etc/clan/checks: hook names, one a line, each a hook the machine declares.
      checksFile =
        hooks: checks:
        builtins.concatStringsSep "" (
          map (
            name:
            if hooks ? ${name} then name + "\n" else throw "mkTestSystem: the check ${builtins.toJSON name} is not one of the machine's hooks"
          ) checks
        );
      # printf commands that write each hook into the current directory.
      hooksScript =
        hooks:
        builtins.concatStringsSep "" (
          map (
            name:
            if builtins.match "[a-z0-9-]+" name == null then
              throw "mkTestSystem: hook name ${builtins.toJSON name} must be lower-case letters, digits and dashes"
            else
              "printf '%s' ${shellQuote "#!/bin/sh\n${hooks.${name}}"} > ${name}\n"
          ) (builtins.attrNames hooks)
        );

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

      # The WireGuard part of a machine's panel-written `mesh` section
      # (docs/vpn.md, "Machines") as shell assignments for the init. Every
      # value must match a tight pattern, so nothing but addresses, public
      # keys, names and numbers reaches the script; the private key stays in
      # its file on the secrets disk.
      meshInit =
        config:
        let
          m = if builtins.isAttrs config then config.mesh or null else null;
          layer = if builtins.isAttrs config then config.networkLayer or "wireguard" else "wireguard";
          check =
            what: re: v:
            if builtins.isString v && builtins.match re v != null then
              v
            else
              throw "mkTestSystem: mesh ${what} ${builtins.toJSON v} is not one the test system accepts";
          cidr = check "address" "[0-9a-fA-F.:]+/[0-9]{1,3}";
          address = check "name server" "[0-9a-fA-F.:]+";
          key = check "public key" "[A-Za-z0-9+/]{43}=";
          endpoint = check "endpoint" "([[][0-9a-fA-F:.]+[]]|[A-Za-z0-9.-]+):[0-9]{1,5}";
          file = check "private key file" "/[A-Za-z0-9._/-]+";
          domain = check "domain" "[a-z0-9.-]+";
          int =
            what: v:
            if builtins.isInt v && v >= 0 && v <= 65535 then toString v else throw "mkTestSystem: mesh ${what} must be 0 to 65535";
          words = f: l: builtins.concatStringsSep " " (map f l);
          peer =
            p:
            "[Peer]\nPublicKey = ${key p.publicKey}\n"
            + (if (p.endpoint or null) != null then "Endpoint = ${endpoint p.endpoint}\n" else "")
            + (if p.allowedIPs or [ ] != [ ] then "AllowedIPs = ${builtins.concatStringsSep ", " (map cidr p.allowedIPs)}\n" else "")
            + (
              if (p.persistentKeepalive or null) != null then
                "PersistentKeepalive = ${int "persistentKeepalive" p.persistentKeepalive}\n"
              else
                ""
            );
        in
        if m == null || !(m.enable or false) then
          { enabled = false; script = "CLAN_MESH=\n"; }
        else if layer != "wireguard" then
          { enabled = false; script = "CLAN_MESH=\nCLAN_MESH_NONE='(layer ${check "layer" "[a-z]+" layer})'\n"; }
        else
          {
            enabled = true;
            script =
              "CLAN_MESH=1\n"
              + "CLAN_MESH_KEY_FILE=${if (m.privateKeyFile or null) == null then "" else file m.privateKeyFile}\n"
              + "CLAN_MESH_ADDRESSES='${words cidr m.addresses}'\n"
              + "CLAN_MESH_DOMAIN=${if (m.domain or null) == null then "" else domain m.domain}\n"
              + "CLAN_MESH_NAMESERVERS='${words address (m.nameservers or [ ])}'\n"
              + "CLAN_MESH_CONF='[Interface]\nListenPort = ${int "listenPort" (m.listenPort or 51820)}\n"
              + builtins.concatStringsSep "" (map (p: "\n" + peer p) (m.peers or [ ]))
              + "'\n";
          };

      /*
        The third-party apps (docs/marketplace.md) active on a machine: those
        its applications list (and with `enable = true` when enabled by
        enable). The demo system cannot run their NixOS modules, but its build
        copies each module file into the initrd (so it fails when the pinned
        source is gone and changes when the module does), and an app with a
        `web` interface gets a busybox httpd page on its web port. Only the
        key, a port number and HTML-escaped text reach the build script.
      */
      marketplaceApps =
        marketplace: name: config:
        let
          applications = if builtins.isAttrs config then config.applications or { } else { };
          raw = key: if builtins.isAttrs applications.${key} then applications.${key} else { };
          # The app's settings with its top-level defaults (the cLAN lib checks the rest).
          settings =
            key: def:
            builtins.mapAttrs (_: spec: spec.default) (
              builtins.removeAttrs def.options (builtins.filter (o: !(def.options.${o} ? default)) (builtins.attrNames def.options))
            )
            // raw key;
          active =
            key: def:
            applications ? ${key} && ((def.enabledBy or "enable") != "enable" || (settings key def).enable or false == true);
          checkKey =
            key:
            if builtins.match "[a-z][a-zA-Z0-9]{0,62}" key != null then
              key
            else
              throw "mkTestSystem: the marketplace app key ${builtins.toJSON key} must be letters and digits, starting with a lower-case letter";
          checkPort =
            key: p:
            if builtins.isInt p && p >= 1 && p <= 65535 then
              toString p
            else
              throw "mkTestSystem: the web port of the marketplace app ${key} must be a port number, got ${builtins.toJSON p}";
          html = builtins.replaceStrings [ "&" "<" ">" "\"" ] [ "&amp;" "&lt;" "&gt;" "&quot;" ];
          asFunction = f: if builtins.isFunction f then f else _: f;
          app =
            key: def:
            let
              k = checkKey key;
              module = builtins.path {
                path = def.nixosModule;
                name = "clan-app-${k}-module.nix";
              };
              title = "${def.title or k} — running on ${name} (cLAN demo system)";
              page =
                "<!doctype html>\n<meta charset=\"utf-8\">\n<title>${html title}</title>\n<h1>${html title}</h1>\n"
                + "<p>${html (def.description or "")}</p>\n";
              dir = "etc/clan/apps/${k}";
            in
            "mkdir -p ${dir}\ncp ${module} ${dir}/module.nix\n"
            + (
              if def ? web then
                "mkdir -p ${dir}/www\nprintf '%s\\n' ${checkPort k (asFunction def.web.port (settings key def))} > ${dir}/port\n"
                + "printf '%s' ${shellQuote page} > ${dir}/www/index.html\n"
              else
                ""
            );
        in
        builtins.concatStringsSep "" (
          map (key: app key marketplace.${key}) (builtins.filter (key: active key marketplace.${key}) (builtins.attrNames marketplace))
        );

      mkTestSystem =
        {
          name,
          generation ? null,
          healthy ? true,
          # The machine's effective configuration (JSON), kept in $out so a
          # configuration change gives a new store path, as with NixOS.
          config ? null,
          # What HOOK <name> may run (name → busybox sh script body).
          hooks ? demoHooks,
          # The hooks CHECK runs (/etc/clan/checks).
          checks ? [ "check-state" ],
          # The network's third-party apps (app key → definition), as lib.nixosConfigurations gets them.
          marketplace ? { },
        }:
        let
          n = checkName name;
          g = checkGeneration generation;
          mesh = meshInit config;
          appsScript = marketplaceApps marketplace n config;
        in
        derivation (
          {
            inherit system;
            name = "clan-test-system-${n}-${g}";
            builder = "${busybox}/busybox";
            args = [
              "sh"
              "-c"
              (builtins.readFile ./build.sh)
            ];
            inherit busybox kernel modules controller;
            hooksScript = hooksScript hooks;
            checksFile = checksFile hooks checks;
            extra = if mesh.enabled then extra else "";
            restic = if backupEnabled config then restic else "";
            initScript =
              "#!/bin/busybox sh\nCLAN_NAME=${n}\nCLAN_GENERATION=${g}\nCLAN_HEALTHY=${if healthy then "1" else "0"}\n"
              + mesh.script
              + builtins.readFile ./init.sh;
            # Like NixOS's kernel-params: the boot loader line is
            # `init=<toplevel>/init <kernel-params>`.
            kernelParams = "console=ttyS0 panic=-1 loglevel=4";
            machineName = n;
            generation = g;
            configJson = if config == null then "" else builtins.toJSON config;
          }
          # Only with active third-party apps: other machines keep their derivation.
          // (if appsScript == "" then { } else { inherit appsScript; })
        );

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
            marketplace ? { },
          }:
          builtins.mapAttrs (_: config: { clanTestConfig = config; }) configs;
        nixosConfigurations =
          {
            configs,
            overrides ? null,
            nixosModules ? { },
            marketplace ? { },
          }:
          builtins.mapAttrs (name: config: {
            config.system.build.toplevel = mkTestSystem {
              inherit name config marketplace;
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
