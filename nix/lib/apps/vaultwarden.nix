# Vaultwarden: a Bitwarden-compatible password manager.
{ u, encode, helpers, ... }:
let
  # ADMIN_TOKEN=<token>, written by the panel (the admin page at /admin).
  envFile = helpers.appSecret "vaultwarden" "env";
in
{
  # Display and merge order among the apps (lower first; absent: 1000).
  order = 60;
  nixosModule = "services.vaultwarden";
  enabledBy = "enable";
  options = {
    enable = {
      type = "bool";
      default = false;
      description = "Run Vaultwarden on this machine.";
    };
    port = {
      type = "port";
      default = 8222;
      description = "Port of the web vault and API (mesh only).";
    };
    signupsAllowed = {
      type = "bool";
      default = false;
      description = "Let anyone who reaches the server create an account.";
    };
    domain = {
      type = "string";
      format = "url";
      default = "";
      description = "Public URL of the server, e.g. \"https://vault.family.clan\"; empty when not needed.";
    };
  };

  # The panel's admin token: sign-ups stay off, and the admin page (/admin)
  # invites the first people. An env file, read by systemd as root.
  credential = {
    dir = "vaultwarden";
    files = [ "admin-token" "env" ];
    username = null;
    applies = "every-deploy";
  };

  # The web vault, at https://vaultwarden.<machine>.<network>.clan on a
  # machine with a mesh name (docs/https.md): its Web Crypto needs HTTPS.
  web = {
    label = "vaultwarden";
    port = cfg: cfg.port;
  };

  meshPorts = cfg: {
    tcp = [ cfg.port ];
    udp = [ ];
  };

  state = _: {
    paths = [ "/var/lib/vaultwarden" ];
    hooks = [ "vaultwarden-sqlite" ];
  };

  /*
    SQLite's online backup of db.sqlite3 (vaultwarden-sqlite.sqlite3): the
    live file, written in WAL mode, is not safe to copy as it is. The
    attachments, sends and RSA key beside it are saved as files. nixpkgs'
    module keeps the data in DATA_FOLDER, /var/lib/vaultwarden from
    stateVersion 24.11 (/var/lib/bitwarden_rs before).
  */
  dumpHooks =
    { pkgs, config }:
    let
      d = import ../dump-hooks.nix { inherit u; };
      vw = config.services.vaultwarden;
      dataFolder =
        vw.config.DATA_FOLDER or (
          if builtins.compareVersions config.system.stateVersion "24.11" < 0 then "/var/lib/bitwarden_rs" else "/var/lib/vaultwarden"
        );
      backend = vw.dbBackend or "sqlite";
    in
    {
      vaultwarden-sqlite = d.script {
        inherit pkgs;
        name = "vaultwarden-sqlite";
        ext = "sqlite3";
        packages = [ pkgs.sqlite ];
        body =
          if backend == "sqlite" then
            d.sqliteBackup {
              db = vw.config.DATABASE_URL or "${dataFolder}/db.sqlite3";
              app = "Vaultwarden";
            }
          else
            d.refuse "Vaultwarden uses the ${backend} database backend (services.vaultwarden.dbBackend); the vaultwarden-sqlite hook dumps only SQLite. Back that database up with its own tools, or switch back to sqlite.";
      };
    };

  /*
    Liveness (lib/app-checks.nix): Vaultwarden's /alive at
    services.vaultwarden.config ROCKET_ADDRESS and ROCKET_PORT (nixpkgs
    passes them as the environment; unset, Rocket's own 0.0.0.0:8000).
  */
  checks =
    { pkgs, config }:
    let
      c = import ../app-checks.nix;
      vw = (config.services.vaultwarden.config or { });
    in
    {
      vaultwarden = c.http {
        inherit pkgs;
        app = "Vaultwarden";
        url = "http://${c.loopbackHost (toString (vw.ROCKET_ADDRESS or "0.0.0.0"))}:${toString (vw.ROCKET_PORT or 8000)}/alive";
      };
    };

  settings =
    cfg: ctx:
    let
      # The user's domain wins; else the mesh name when HTTPS is on.
      domain =
        if cfg.domain != "" then
          cfg.domain
        else if ctx.https then
          ctx.url
        else
          "";
    in
    {
      services.vaultwarden = {
        enable = true;
        config =
          {
            ROCKET_ADDRESS = ctx.listen;
            ROCKET_PORT = cfg.port;
            SIGNUPS_ALLOWED = cfg.signupsAllowed;
          }
          # nixpkgs writes `DOMAIN=<value>` into a systemd EnvironmentFile:
          # quoted so systemd hands vaultwarden exactly the URL.
          // u.optionalAttrs (domain != "") { DOMAIN = encode.systemdEnvValue domain; };
        environmentFile = envFile;
      };
      systemd.services.vaultwarden.unitConfig.RequiresMountsFor = [ envFile ];
    };
}
