# Nextcloud: files, calendars and contacts, served by nginx on port 80.
{ u, helpers, ... }:
let
  # Written by the panel (shown to the network's admins), read by
  # nextcloud-setup through LoadCredential when it installs Nextcloud.
  adminPasswordFile = helpers.appSecret "nextcloud" "admin-password";
in
{
  # Display and merge order among the apps (lower first; absent: 1000).
  order = 20;
  nixosModule = "services.nextcloud";
  enabledBy = "enable";
  options = {
    enable = {
      type = "bool";
      default = false;
      description = "Run a Nextcloud server on this machine.";
    };
    hostName = {
      type = "string";
      format = "hostname";
      default = "cloud";
      description = "The name Nextcloud answers to on the mesh, e.g. \"cloud\" or \"cloud.family.clan\".";
    };
    adminUser = {
      type = "string";
      format = "nextcloudUser";
      default = "admin";
      description = "Login name of the initial Nextcloud administrator.";
    };
    maxUploadSizeMiB = {
      type = "int";
      min = 1;
      max = 102400;
      default = 512;
      description = "Largest file a user may upload, in MiB.";
    };
    apps = {
      type = "list";
      format = "nextcloudAppId";
      default = [ ];
      description = "IDs of Nextcloud apps to install from the nixpkgs app set, e.g. \"calendar\".";
    };
  };

  # Nextcloud takes the administrator password once, when it installs itself.
  credential = {
    dir = "nextcloud";
    files = [ "admin-password" ];
    # The login name is the app's adminUser option.
    usernameOption = "adminUser";
    applies = "first-boot";
  };

  # The web interface, at https://nextcloud.<machine>.<network>.clan on a
  # machine with a mesh name (docs/https.md). nixpkgs' nextcloud module serves
  # it with its own nginx virtual host (PHP-FPM behind it), named hostName:
  # that host is the mesh name then (the hostName option applies to machines
  # without one), and lib/https.nix only adds the certificate to it (no
  # second proxy).
  web = {
    label = "nextcloud";
    port = _: 80;
    ownVirtualHost = true;
  };

  meshPorts = _: {
    tcp = [ 80 ];
    udp = [ ];
  };

  state = _: {
    paths = [ "/var/lib/nextcloud" ];
    hooks = [ "nextcloud-db" ];
  };

  /*
    The database, dumped in maintenance mode (no client writes meanwhile; a
    mode that was already on stays on) by the tool of
    services.nextcloud.config.dbtype: pg_dump (nextcloud-db.sql, the local
    PostgreSQL this app's settings ask for), SQLite's backup
    (nextcloud-db.sqlite3) or mysqldump (nextcloud-db.sql). Files and
    config.php are under /var/lib/nextcloud, saved as they are.
  */
  dumpHooks =
    { pkgs, config }:
    let
      d = import ../dump-hooks.nix { inherit u; };
      nc = config.services.nextcloud;
      c = nc.config;
      occ = "${nc.occ}/bin/nextcloud-occ";
      configPhp = "${nc.datadir}/config/config.php";
      remote = "Nextcloud's ${c.dbtype} database is not on this machine (services.nextcloud.database.createLocally is off); the nextcloud-db hook dumps only a local one. Back it up where it runs, or turn createLocally back on.";
      dumps = {
        sqlite = {
          ext = "sqlite3";
          body = d.sqliteBackup {
            db = "${nc.settings.datadirectory or "${nc.datadir}/data"}/${c.dbname}.db";
            app = "Nextcloud";
          };
        };
        pgsql = {
          ext = "sql";
          body =
            if nc.database.createLocally then
              d.pgDump {
                inherit config;
                database = c.dbname;
                app = "Nextcloud";
              }
            else
              d.refuse remote;
        };
        mysql = {
          ext = "sql";
          body =
            if nc.database.createLocally then
              d.mysqlDump {
                inherit config;
                database = c.dbname;
                app = "Nextcloud";
              }
            else
              d.refuse remote;
        };
      };
      dump =
        dumps.${c.dbtype}
          or (throw "clan: the nextcloud-db hook knows no Nextcloud database type ${builtins.toJSON c.dbtype} (sqlite, pgsql or mysql).");
    in
    {
      nextcloud-db = d.script {
        inherit pkgs;
        name = "nextcloud-db";
        inherit (dump) ext;
        packages = [
          pkgs.sqlite
          pkgs.util-linux
          pkgs.jq
        ];
        body = ''
          # nextcloud-occ picks how to become the nextcloud user from $USER,
          # which systemd does not set for a service running as root.
          export USER=root
          if [ ! -s ${configPhp} ]; then
            skip "Nextcloud is not installed yet (${configPhp} is missing): no database to dump."
          fi
          if ! occ_status=$(${occ} status --output=json); then
            echo "nextcloud-occ status failed; Nextcloud's database was not dumped." >&2
            exit 1
          fi
          maintenance=$(printf '%s' "$occ_status" | jq -r '.maintenance')
          if [ "$maintenance" != true ]; then
            if ! ${occ} maintenance:mode --on; then
              echo "nextcloud-occ could not turn maintenance mode on; Nextcloud's database was not dumped." >&2
              exit 1
            fi
            undo() {
              if ! ${occ} maintenance:mode --off; then
                echo "nextcloud-occ could not turn maintenance mode off again; run nextcloud-occ maintenance:mode --off on this machine." >&2
                return 1
              fi
            }
          fi
          ${dump.body}
        '';
      };
    };

  /*
    Liveness (lib/app-checks.nix): `nextcloud-occ status --output=json`
    (services.nextcloud.occ, as root like the nextcloud-db hook) says
    Nextcloud is installed: config.php, the database and the app code agree.
  */
  checks =
    { pkgs, config }:
    let
      # nixpkgs' read-only services.nextcloud.occ, also on the system path.
      occ = "${config.services.nextcloud.occ or "/run/current-system/sw"}/bin/nextcloud-occ";
    in
    {
      nextcloud = ''
        export PATH=${pkgs.coreutils}/bin
        # nextcloud-occ picks how to become the nextcloud user from $USER (unset in a root service).
        export USER=root
        if ! status=$(${occ} status --output=json 2>&1); then
          echo "nextcloud-occ status failed: $(printf '%s' "$status" | tail -n 1 | cut -c 1-160)"
          exit 1
        fi
        json=$(printf '%s\n' "$status" | tail -n 1)
        installed=$(printf '%s' "$json" | ${pkgs.jq}/bin/jq -r '.installed | tostring' 2>/dev/null || echo unreadable)
        if [ "$installed" != true ]; then
          echo "Nextcloud is not installed (nextcloud-occ status says installed: $installed)."
          exit 1
        fi
        version=$(printf '%s' "$json" | ${pkgs.jq}/bin/jq -r '.versionstring // "?"')
        maintenance=$(printf '%s' "$json" | ${pkgs.jq}/bin/jq -r '.maintenance')
        echo "Nextcloud $version is installed (maintenance mode: $maintenance)."
      '';
    };

  # `apps` needs the Nextcloud package's app set, so the NixOS module
  # (modules/apps/nextcloud.nix) maps it onto services.nextcloud.extraApps.
  settings = cfg: ctx: {
    services.nextcloud = {
      enable = true;
      hostName = if ctx.https then ctx.host else cfg.hostName;
      maxUploadSize = "${toString cfg.maxUploadSizeMiB}M";
      database.createLocally = true;
      config = {
        dbtype = "pgsql";
        adminuser = cfg.adminUser;
        # Outside the Nix store: on the panel's secrets disk.
        adminpassFile = adminPasswordFile;
      };
    }
    // u.optionalAttrs ctx.https {
      # Links Nextcloud generates are https:// (and it sends HSTS).
      https = true;
      settings = {
        overwriteprotocol = "https";
        trusted_domains = [ ctx.host ];
      };
    };
    systemd.services.nextcloud-setup.unitConfig.RequiresMountsFor = [ adminPasswordFile ];
  };
}
