/*
  The pure cLAN library: configs.json → NixOS option values. It imports
  nothing from nixpkgs (only builtins), so it evaluates anywhere, including
  the panel's test machines, which have Nix but no nixpkgs. The NixOS
  modules (../modules) and the flake outputs are built on top of it.

  Data reaches it only as values (from builtins.fromJSON); nothing here ever
  turns a string into Nix code.
*/
let
  u = import ./util.nix;
  schema = import ./schema.nix;
  formats = import ./formats.nix;
  encode = import ./encode.nix;
  meshLib = import ./mesh.nix { inherit u schema; };
  https = import ./https.nix { inherit u; };
  inherit (builtins)
    attrNames
    concatStringsSep
    elem
    filter
    isAttrs
    mapAttrs
    match
    ;

  helpers = {
    # Where machine-local secrets generated on the machine live (root only).
    secretsDir = "/var/lib/clan/secrets";

    # Where the panel's secrets disk is mounted (modules/vm-guest.nix; root only).
    secretsMount = "/run/clan-secrets";
    # A file of an app's panel-generated credential on that disk: the panel
    # writes apps/<dir>/<file> (apps/api/src/app-credentials, docs/apps.md).
    appSecret = dir: file: "/run/clan-secrets/apps/${dir}/${file}";

    /*
      A oneshot unit that creates the listed directories when they are
      missing, owned by the service's user. Existing paths are never
      touched (a tmpfiles "d" rule would chown them: a shared folder of "/etc"
      must not hand /etc to syncthing). Paths are single-quoted for the shell,
      so any character a path may hold is safe.
    */
    ensureDirs =
      {
        name,
        user,
        group,
        paths,
        before,
      }:
      u.optionalAttrs (paths != [ ]) {
        systemd.services.${name} = {
          description = "cLAN: create missing folders for ${before}";
          wantedBy = [ "multi-user.target" ];
          before = [ before ];
          requiredBy = [ before ];
          serviceConfig = {
            Type = "oneshot";
            RemainAfterExit = true;
          };
          script = builtins.concatStringsSep "" (
            map (
              p:
              let
                q = u.escapeShellArg p;
              in
              "[ -e ${q} ] || install -d -m 0750 -o ${user} -g ${group} -- ${q}\n"
            ) paths
          );
        };
      };

    /*
      The oneshot unit that hands an app the panel's credential: it runs once
      per boot, waits for the secrets disk, keeps what it writes private
      (umask 0077), and is ordered around the app's service: `after` (the
      unit talks to the running app; it needs the service) or `before` (the
      app must not start without it).
    */
    secretUnit =
      {
        name,
        description,
        service,
        secretFile,
        order,
        script,
      }:
      {
        systemd.services.${name} =
          {
            description = "cLAN: ${description}";
            wantedBy = [ "multi-user.target" ];
            unitConfig.RequiresMountsFor = [ secretFile ];
            serviceConfig = {
              Type = "oneshot";
              RemainAfterExit = true;
              UMask = "0077";
            };
            inherit script;
          }
          // (
            if order == "after" then
              {
                after = [ service ];
                requires = [ service ];
              }
            else if order == "before" then
              {
                before = [ service ];
                requiredBy = [ service ];
              }
            else
              throw "clan: secretUnit ${name}: order must be \"after\" or \"before\"."
          );
      };

    # Shell lines that poll `$api<path>` (curl) once a second until it answers,
    # leaving the answer in $<var>, and fail with a sentence after `seconds`.
    awaitAnswer =
      {
        var,
        path,
        seconds,
        app,
      }:
      ''
        for _ in $(seq 1 ${toString seconds}); do
          ${var}=$(curl -fsS "$api${path}" 2>/dev/null) && break
          sleep 1
        done
        [ -n "''${${var}:-}" ] || { echo "${app} did not answer on $api within ${toString seconds} seconds" >&2; exit 1; }
      '';
  };

  appArgs = { inherit u encode helpers; };

  # The catalog: every lib/apps/<name>.nix, keyed by the camelCase of its
  # file name (./discover.nix). No list: an app is its files.
  discover = import ./discover.nix;
  builtinApps = mapAttrs (_: file: import file appArgs) (discover.appFiles ./apps);

  /*
    Third-party apps (docs/marketplace.md): app key → the definition in its
    source's clanMarketplace.apps, as a network's flake.nix passes them. The
    same fields as a built-in app, with `nixosModule` (a NixOS module file)
    in place of `settings`; `meshPorts` and `state` may also be plain values.
    Checked here with sentences, then shaped like a built-in app, so the rest
    of the library treats both alike.
  */
  marketplaceKeyPattern = "[a-z][a-zA-Z0-9]{0,62}";
  webLabelPattern = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
  builtinWebLabels = map (def: def.web.label) (builtins.attrValues (u.filterAttrs (_: def: def ? web) builtinApps));
  checkMarketplaceApp =
    key: def:
    let
      no = problem: throw "clan: the marketplace app ${key} ${problem}.";
      enabledBy = def.enabledBy or "enable";
      asFunction = v: if builtins.isFunction v then v else _: v;
      hookId = h: if isAttrs h then h.id else h;
      state = cfg: let s = asFunction def.state cfg; in s // { hooks = map hookId (s.hooks or [ ]); paths = s.paths or [ ]; };
      web = def.web;
      webPort = asFunction web.port;
    in
    if match marketplaceKeyPattern key == null then
      throw "clan: the marketplace app key ${u.show key} must start with a lower-case letter and hold only letters and digits (like pinBoard)."
    else if builtinApps ? ${key} then
      throw "clan: the marketplace app ${key} has the same name as the built-in app ${key}; a network cannot have both (remove it from marketplace.json, or ask its author to rename it)."
    else if !(isAttrs def) then
      no "must be an object of the app's fields (got ${schema.describe def})"
    else if !(def ? options) || !(isAttrs def.options) then
      no "has no options (an object of option specs, as for the built-in apps)"
    else if !(def ? nixosModule) then
      no "has no nixosModule (the path of its NixOS module file)"
    else if !(elem enabledBy [ "enable" "presence" ]) then
      no "has enabledBy ${u.show enabledBy}; use \"enable\" or \"presence\""
    else if enabledBy == "enable" && (def.options.enable.type or null) != "bool" then
      no "is enabled by `enable` but has no bool option enable"
    else if !(def ? meshPorts) then
      no "has no meshPorts ({ tcp = [ … ]; udp = [ … ]; } or a function of its settings)"
    else if !(def ? state) then
      no "has no state ({ paths; hooks; } or a function of its settings)"
    else if def ? web && !(isAttrs web && builtins.isString (web.label or null) && web ? port) then
      no "has a web field that is not { label; port; }"
    else if def ? web && match webLabelPattern web.label == null then
      no "has the web label ${u.show web.label}, which is not a DNS label (lower-case letters, digits and \"-\")"
    else if def ? web && elem web.label builtinWebLabels then
      no "has the web label ${web.label} of a built-in app"
    else
      removeAttrs def [ "settings" ]
      // {
        inherit enabledBy state;
        thirdParty = true;
        meshPorts = cfg: { tcp = [ ]; udp = [ ]; } // asFunction def.meshPorts cfg;
      }
      // u.optionalAttrs (def ? web) { web = web // { port = webPort; }; };

  checkMarketplace =
    marketplace:
    if !(isAttrs marketplace) then
      throw "clan: marketplace must be an object of app key → the app's definition in its source's clanMarketplace.apps."
    else
      let
        checked = mapAttrs checkMarketplaceApp marketplace;
        labels = map (def: def.web.label) (builtins.attrValues (u.filterAttrs (_: def: def ? web) checked));
        dupLabels = filter (l: builtins.length (filter (x: x == l) labels) > 1) labels;
      in
      if dupLabels != [ ] then
        throw "clan: more than one marketplace app has the web label ${builtins.head dupLabels}; each web interface needs its own name."
      else
        # Every app checked now, also one that no machine uses yet.
        builtins.foldl' (acc: key: builtins.seq checked.${key} acc) checked (attrNames checked);

  mkLib =
    marketplace:
    let
      thirdParty = checkMarketplace marketplace;
      apps = builtinApps // thirdParty;
      # Display order, also the order configs are merged in: each app's `order`, then its key.
      appOrder = discover.ordered apps;
      # Apps that serve no ports carry `notPublishable`, the reason a publish entry naming them is refused.
      publishableApps = filter (app: !(apps.${app} ? notPublishable)) appOrder;

      # The contract's machine schema (docs/nix.md; libs/nix-schema mirrors it).
      machineOptions = {
        system = {
          type = "enum";
          values = [ "x86_64-linux" "aarch64-linux" ];
          default = "x86_64-linux";
          description = "CPU architecture and OS, as a Nix system name.";
        };
        adminMode = {
          type = "enum";
          values = [ "local" "remote" "shared" ];
          default = "local";
          description = "Who administers the machine: its owner (local), the network's admins (remote) or both (shared). Enforced by the panel.";
        };
        networkLayer = {
          type = "enum";
          values = [ "wireguard" "yggdrasil" ];
          reserved = {
            tinc = "tinc is not supported yet; use wireguard or yggdrasil";
            zerotier = "zerotier is not supported yet; use wireguard or yggdrasil";
          };
          default = "wireguard";
          description = "The mesh VPN: wireguard (interface clan-wg) or yggdrasil (clan-ygg).";
        };
        resources = {
          type = "object";
          options = {
            vcpus = { type = "int"; min = 1; max = 64; default = 1; description = "Virtual CPU cores."; };
            memoryMiB = { type = "int"; min = 256; max = 262144; default = 1024; description = "Memory, in MiB."; };
            stateDiskGiB = { type = "int"; min = 1; max = 16384; default = 10; description = "State disk size, in GiB."; };
          };
          description = "CPU, memory and disk of the virtual machine (used by the panel, not by NixOS).";
        };
        backup = {
          type = "object";
          options =
            let
              keep = default: unit: {
                type = "int";
                min = 0;
                max = 10000;
                inherit default;
                description = "How many ${unit} snapshots to keep.";
              };
            in
            {
              enable = { type = "bool"; default = false; description = "Back up the machine's state on a schedule."; };
              schedule = { type = "string"; format = "cron"; default = "0 3 * * *"; description = "Cron expression (minute hour day month weekday)."; };
              keepLast = keep 7 "most recent";
              keepDaily = keep 7 "daily";
              keepWeekly = keep 4 "weekly";
              keepMonthly = keep 6 "monthly";
              extraPaths = { type = "list"; format = "absolutePath"; default = [ ]; description = "Further absolute paths to back up."; };
            };
          description = "Scheduled backups of the machine's state.";
        };
        publish = {
          type = "publish";
          default = [ ];
          description = "Ports reachable beyond the mesh: [{ app, port, protocol }].";
        };
        applications = {
          type = "applications";
          default = { };
          description = "The apps this machine runs (absent: not installed).";
        };
        # No default: absent until the panel adds the machine to the mesh.
        mesh = {
          type = "mesh";
          description = "The machine's place in the network's mesh VPN (lib/mesh.nix options), written by the panel; it never holds a private key.";
        };
      };

      # Fields filled by lib/schema.nix; publish, applications and mesh have rules of their own.
      plainMachineOptions = removeAttrs machineOptions [
        "publish"
        "applications"
        "mesh"
      ];

      publishOptions = {
        app = {
          type = "enum";
          values = publishableApps;
          reserved = mapAttrs (_: def: def.notPublishable) (u.filterAttrs (_: def: def ? notPublishable) apps);
          description = "The app whose port is opened beyond the mesh.";
        };
        port = { type = "port"; description = "The port opened on every interface."; };
        protocol = { type = "enum"; values = [ "tcp" "udp" ]; default = "tcp"; description = "Transport protocol."; };
      };

      isEnabled = app: cfg: if apps.${app}.enabledBy == "enable" then cfg.enable else true;

      fillApp = ctx: app: cfg: schema.fillObject ctx "applications.${app}" apps.${app}.options cfg;

      firewallFor =
        meshIf: ports:
        let
          rules =
            u.optionalAttrs (ports.tcp != [ ]) { allowedTCPPorts = ports.tcp; }
            // u.optionalAttrs (ports.udp != [ ]) { allowedUDPPorts = ports.udp; };
        in
        u.optionalAttrs (rules != { }) { networking.firewall.interfaces.${meshIf} = rules; };

      /*
        What an app's settings know of the machine: `settings = cfg: ctx: …` (or
        just `cfg: …` for apps that need none of it). With a mesh name (HTTPS on,
        docs/https.md) an app with a web interface (its `web`) is served by nginx
        at `url`; its web port then listens on loopback only, unless `publish`
        opens it beyond the mesh.
      */
      plainCtx = {
        https = false;
        host = null;
        url = null;
        listen = "0.0.0.0";
      };

      # The machine's mesh name when it serves HTTPS, else null.
      meshDomainOf = c: if c ? mesh && c.mesh.enable && c.mesh.domain != null then c.mesh.domain else null;

      publishedPorts = c: proto: map (e: e.port) (filter (e: e.protocol == proto) c.publish);

      appCtx =
        c: app: cfg:
        let
          web = apps.${app}.web or null;
          domain = meshDomainOf c;
          host = "${web.label}.${domain}";
        in
        if web == null || domain == null then
          plainCtx
        else
          {
            https = true;
            inherit host;
            url = "https://${host}";
            listen = if elem (web.port cfg) (publishedPorts c "tcp") then "0.0.0.0" else "127.0.0.1";
          };

      # An app file's settings, with the context when it takes one. A
      # third-party app has none: its own NixOS module does the work.
      settingsOf =
        app: cfg: ctx:
        let
          s = apps.${app}.settings cfg;
        in
        if !(apps.${app} ? settings) then { } else if builtins.isFunction s then s ctx else s;

      # The ports opened on the mesh interface: behind the HTTPS proxy the web
      # port is not (nginx's 443 is).
      meshPortsOf =
        app: cfg: ctx:
        let
          p = apps.${app}.meshPorts cfg;
        in
        if ctx.https then p // { tcp = filter (port: port != apps.${app}.web.port cfg) p.tcp; } else p;

      # Filled app options → option values (nothing for an app that is off).
      appSettingsFilled =
        app: cfg: meshIf: ctx:
        if isEnabled app cfg then
          u.recursiveMerge [
            (settingsOf app cfg ctx)
            (firewallFor meshIf (meshPortsOf app cfg ctx))
          ]
        else
          { };

      # lib.https.settings of a machine with a mesh name: every active app with a web interface, by its label.
      httpsSettingsOf =
        c: meshIf:
        let
          domain = meshDomainOf c;
          active = filter (
            app: c.applications ? ${app} && isEnabled app c.applications.${app} && apps.${app} ? web
          ) appOrder;
          entry =
            app:
            let
              web = apps.${app}.web;
            in
            {
              name = web.label;
              value = {
                port = web.port c.applications.${app};
                loopbackHostHeader = web.loopbackHostHeader or false;
                ownVirtualHost = web.ownVirtualHost or false;
              };
            };
        in
        if domain == null then
          { }
        else
          https.settings {
            inherit domain;
            meshInterface = meshIf;
            apps = builtins.listToAttrs (map entry active);
            inherit (c.mesh) nameservers;
          };

      machineNamePattern = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
      reservedNames = [ "new" "all" "host" "localhost" "nixos" "self" "inputs" "outputs" ];
      machineNameProblem =
        name:
        if builtins.stringLength name > 63 then
          "must be at most 63 characters long"
        else if match machineNamePattern name == null then
          "may use lower-case letters, digits and \"-\", and must start and end with a letter or digit"
        else if elem name reservedNames then
          "is reserved; choose another name"
        else
          null;
      checkedName =
        name:
        let
          problem = machineNameProblem name;
        in
        if problem == null then name else throw "clan: the machine name ${u.show name} ${problem}.";

      # Port clashes between apps and publish entries that point nowhere: the
      # same cross-field rules libs/nix-schema applies.
      crossChecks =
        ctx: c:
        let
          active = filter (app: c.applications ? ${app} && isEnabled app c.applications.${app}) appOrder;
          ports = u.concatMap (
            app:
            let
              p = apps.${app}.meshPorts c.applications.${app};
            in
            map (port: { inherit app; id = "${toString port}/tcp"; }) p.tcp
            ++ map (port: { inherit app; id = "${toString port}/udp"; }) p.udp
          ) active;
          clash = filter (
            p: builtins.length (filter (q: q.id == p.id) ports) > 1
          ) ports;
          publishIds = map (e: "${toString e.port}/${e.protocol}") c.publish;
          inactivePublish = filter (e: !(elem e.app active)) c.publish;
          dupPublish = filter (id: builtins.length (filter (x: x == id) publishIds) > 1) publishIds;
        in
        if clash != [ ] then
          let
            first = builtins.head clash;
            users = u.unique (map (p: p.app) (filter (q: q.id == first.id) ports));
          in
          if builtins.length users == 1 then
            throw "clan: ${ctx}port ${first.id} is used twice by ${first.app}."
          else
            throw "clan: ${ctx}port ${first.id} is used by more than one app (${concatStringsSep ", " users})."
        else if inactivePublish != [ ] then
          throw "clan: ${ctx}publish lists ${(builtins.head inactivePublish).app}, which is not enabled on this machine."
        else if dupPublish != [ ] then
          throw "clan: ${ctx}publish lists port ${builtins.head dupPublish} more than once."
        else if c ? mesh && c.mesh.enable && c.networkLayer == "wireguard" && c.mesh.addresses == [ ] then
          throw "clan: ${ctx}mesh.addresses must list this machine's mesh addresses for the WireGuard mesh."
        else
          c;

      withDefaultsCtx =
        ctx: config:
        let
          base = schema.fillObject ctx "" (
            plainMachineOptions
            // {
              # filled below with their own rules
              publish = { type = "list"; unique = false; default = [ ]; };
              applications = { type = "object"; options = { }; default = { }; };
            }
          ) (if isAttrs config then removeAttrs config [ "publish" "applications" "mesh" ] else config);
          rawApps = config.applications or { };
          rawPublish = config.publish or [ ];
          unknownApps = if isAttrs rawApps then u.unknownKeys appOrder rawApps else [ ];
          filled = base // {
            publish =
              if !(builtins.isList rawPublish) then
                schema.fill ctx "publish" { type = "list"; } rawPublish
              else
                builtins.genList (
                  i: schema.fillObject ctx "publish[${toString i}]" publishOptions (builtins.elemAt rawPublish i)
                ) (builtins.length rawPublish);
            applications =
              if !(isAttrs rawApps) then
                schema.fill ctx "applications" { type = "object"; options = { }; } rawApps
              else if unknownApps != [ ] then
                throw "clan: ${ctx}applications.${builtins.head unknownApps} is not an app of the catalog (known: ${concatStringsSep ", " appOrder})."
              else
                mapAttrs (app: cfg: fillApp ctx app cfg) rawApps;
          }
          # Only when present, like in libs/nix-schema: a machine outside the mesh has no section.
          // u.optionalAttrs (isAttrs config && config ? mesh) {
            mesh =
              if isAttrs config.mesh then
                meshLib.fillMesh ctx config.mesh
              else
                schema.fill ctx "mesh" { type = "object"; options = { }; } config.mesh;
          };
        in
        # Forced deeply: a bad value fails evaluation even where nothing reads it
        # (an app that is off, a backup setting the module does not use yet).
        builtins.deepSeq filled (crossChecks ctx filled);

      machineSettingsCtx =
        ctx: config:
        let
          c = withDefaultsCtx ctx config;
          meshIf = meshLib.interfaces.${c.networkLayer};
          present = filter (app: c.applications ? ${app}) appOrder;
          published = publishedPorts c;
          publishRules =
            u.optionalAttrs (published "tcp" != [ ]) { allowedTCPPorts = published "tcp"; }
            // u.optionalAttrs (published "udp" != [ ]) { allowedUDPPorts = published "udp"; };
        in
        u.recursiveMerge (
          map (
            app:
            let
              cfg = c.applications.${app};
            in
            appSettingsFilled app cfg meshIf (appCtx c app cfg)
          ) present
          ++ [
            (u.optionalAttrs (publishRules != { }) { networking.firewall = publishRules; })
            (httpsSettingsOf c meshIf)
          ]
        );

      backupPlanCtx =
        ctx: config:
        let
          c = withDefaultsCtx ctx config;
          active = filter (app: c.applications ? ${app} && isEnabled app c.applications.${app}) appOrder;
          states = map (app: apps.${app}.state c.applications.${app}) active;
        in
        {
          inherit (c.backup)
            enable
            schedule
            keepLast
            keepDaily
            keepWeekly
            keepMonthly
            ;
          paths = u.unique (u.concatMap (s: s.paths) states ++ c.backup.extraPaths);
          hooks = u.unique (u.concatMap (s: s.hooks) states);
        };
    in
    rec {
      inherit (u) recursiveMerge escapeShellArg overlayLayer;
      inherit encode formats appOrder publishableApps;

      # What NixOS modules the settings may touch at the top level; the NixOS
      # module maps exactly these (a fixed set, so the module system never has
      # to evaluate config to learn which top-level options are defined).
      settingsTopLevel = [ "services" "networking" "systemd" "environment" ];

      machineDefaults = schema.fillObject "" "" plainMachineOptions { } // {
        publish = [ ];
        applications = { };
      };
      defaults = machineDefaults;

      # Defaults of each app's options (mumbleClient: without the required server).
      appDefaults = mapAttrs (_: def: schema.defaultsOf def.options) apps;

      # The catalog as data: option specs, NixOS module, ports and state, for the
      # NixOS option declarations, docs and cross-checks with libs/nix-schema.
      catalog = mapAttrs (app: def: {
        inherit (def) nixosModule enabledBy options;
      }) apps;

      # The panel-generated first credential of each app that has one: the
      # directory and files on the secrets disk, the login name and when a
      # rotated secret is applied (the API's app-credential-specs.ts agrees).
      appCredentials = mapAttrs (_: def: def.credential) (u.filterAttrs (_: def: def ? credential) apps);
      schemas = {
        machine = machineOptions;
        publish = publishOptions;
        mesh = meshLib.options;
        meshPeer = meshLib.peerOptions;
      };

      meshInterface =
        networkLayer:
        meshLib.interfaces.${networkLayer}
          or (throw "clan: networkLayer ${u.show networkLayer} is not supported (use wireguard or yggdrasil).");
      meshInterfaces = meshLib.interfaces;

      # https.settings { domain, meshInterface, apps, nameservers } → nginx, firewall and resolver values (docs/https.md).
      inherit https;

      # The apps with a web interface: { label; port = cfg: …; … } each, served at
      # https://<label>.<machine>.<network>.clan on a machine with a mesh name
      # (libs/nix-schema's catalog `web` agrees).
      webInterfaces = mapAttrs (_: def: def.web) (u.filterAttrs (_: def: def ? web) apps);

      # appDumpHooks.<app> { pkgs, config } → hook name → bash body: the scripts
      # of the dump hooks the app's state lists (./dump-hooks.nix);
      # modules/vm-guest.nix declares them on a machine that backs up.
      appDumpHooks = mapAttrs (_: def: def.dumpHooks or (_: { })) apps;

      inherit machineNameProblem reservedNames;

      # withDefaults config: the machine config with every default filled in and
      # every field checked (throws a sentence naming the field otherwise).
      withDefaults = withDefaultsCtx "";
      configsWithDefaults = configs: mapAttrs (name: withDefaultsCtx "machine \"${checkedName name}\": ") configs;

      # appSettings.<app> cfg meshIf → option values for that app on a machine
      # whose mesh interface is meshIf and which has no mesh name ({} when the
      # app is off). machineSettings adds HTTPS for machines with one.
      appSettings = mapAttrs (app: _: cfg: meshIf: appSettingsFilled app (fillApp "" app cfg) meshIf plainCtx) apps;

      # machineSettings config → all apps' option values merged (lists
      # concatenated), plus the firewall openings for `publish`.
      machineSettings = machineSettingsCtx "";

      # backupPlan config → { paths, hooks, schedule, keep… } of the active apps.
      backupPlan = backupPlanCtx "";

      # meshSettings { networkLayer, mesh } → option values for the mesh interface.
      meshSettings =
        { networkLayer, mesh ? { } }:
        let
          layer = (withDefaultsCtx "" { inherit networkLayer; }).networkLayer;
        in
        meshLib.settings "" layer mesh;

      # Path of the NixOS module every generated machine module imports.
      nixosModule = ../modules/default.nix;

      # The third-party apps of this library (checked, shaped like built-in
      # apps: meshPorts and state functions of the settings), and the library
      # for another set of them: forMarketplace { pinBoard = …; } has the same
      # attributes as this one, with those apps beside the built-in ones.
      # modules/core.nix rebuilds it from clan.marketplace.
      thirdPartyApps = thirdParty;
      forMarketplace = mkLib;

      /*
        generateNixosModules { configs, overrides ? null, marketplace ? { } } →
        machine name → NixOS module. Each module imports nixosModules.default,
        sets clan.* from the machine's config overlaid with
        overrides/<machine>.json (the local admin's layer as the panel writes
        it: objects merge, lists and scalars replace; defaults filled,
        validated) and imports overrides/<machine>.nix when that file exists
        (hand-written local NixOS configuration).

        `marketplace`: the network's third-party apps, app key → definition
        (docs/marketplace.md). Their settings are filled and checked like a
        built-in app's; each module declares clan.applications.<key> of every
        one of them, hands them to modules/core.nix as clan.marketplace (ports,
        HTTPS, backups) and imports an app's nixosModule on the machines whose
        applications list it.
      */
      generateNixosModules =
        {
          configs,
          overrides ? null,
          marketplace ? { },
        }:
        if !(isAttrs marketplace) || attrNames marketplace != [ ] then
          (mkLib marketplace).generateFor { inherit configs overrides marketplace; }
        else
          generateFor { inherit configs overrides marketplace; };

      generateFor =
        {
          configs,
          overrides,
          marketplace,
        }:
        # The third-party apps are checked first, also those no machine uses.
        builtins.seq thirdParty (
        if !(isAttrs configs) then
          throw "clan: configs must be an object of machine name → machine config."
        else
          # Names are checked before anything else: they become file names
          # (overrides/<name>.nix) and host names.
          builtins.deepSeq (map checkedName (attrNames configs)) mapAttrs (
            rawName: raw:
            let
              name = checkedName rawName;
              ctx = "machine \"${name}\": ";
              jsonOverrideFile = overrides + "/${name}.json";
              localLayer =
                if overrides != null && builtins.pathExists jsonOverrideFile then
                  builtins.fromJSON (builtins.readFile jsonOverrideFile)
                else
                  { };
              c = withDefaultsCtx ctx (u.overlayLayer raw localLayer);
              overrideFile = overrides + "/${name}.nix";
              hasOverride = overrides != null && builtins.pathExists overrideFile;
              # Third-party apps this machine lists: their modules are imported
              # (known from the data alone, never from config).
              present = filter (app: thirdParty ? ${app} && c.applications ? ${app}) appOrder;
            in
            { lib, ... }:
            {
              _file = "cLAN generated module for machine ${name}";
              imports =
                [ nixosModule ]
                ++ u.optional hasOverride overrideFile
                ++ map (app: thirdParty.${app}.nixosModule) present;
              config = {
                clan = {
                  inherit (c)
                    adminMode
                    networkLayer
                    resources
                    publish
                    backup
                    applications
                    ;
                }
                # The panel's mesh section: clan.mesh (modules/mesh-*.nix turn it into the interface).
                // u.optionalAttrs (c ? mesh) { inherit (c) mesh; }
                # The network's third-party apps, for modules/core.nix.
                // u.optionalAttrs (attrNames thirdParty != [ ]) { inherit marketplace; };
                # lib.nixosConfigurations (flake.nix) passes `system` (configs.json's
                # "system") to nixosSystem; the host name defaults to the machine name.
                networking.hostName = lib.mkDefault name;
              };
            }
            # clan.applications.<key> of every third-party app, from its spec
            # (the built-in apps' are in modules/apps/*.nix).
            // u.optionalAttrs (attrNames thirdParty != [ ]) {
              options.clan.applications = mapAttrs (
                app: def: (import ../modules/option-types.nix { inherit lib; }).appOption app def
              ) thirdParty;
            }
          ) configs
        );
    };
in
mkLib { }
