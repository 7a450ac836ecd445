# Paperless-ngx: document archive with text recognition.
{ u, helpers, ... }:
let
  passwordFile = helpers.appSecret "paperless" "admin-password";
in
{
  # Display and merge order among the apps (lower first; absent: 1000).
  order = 90;
  nixosModule = "services.paperless";
  enabledBy = "enable";
  options = {
    enable = {
      type = "bool";
      default = false;
      description = "Run Paperless-ngx on this machine.";
    };
    port = {
      type = "port";
      default = 28981;
      description = "Port of the web interface (mesh only).";
    };
    ocrLanguage = {
      type = "string";
      format = "ocrLanguage";
      default = "eng";
      description = "Tesseract language codes joined with \"+\", e.g. \"eng\" or \"deu+eng\".";
    };
  };

  # The superuser "admin" (nixpkgs' passwordFile, read through LoadCredential:
  # re-applied by paperless-scheduler whenever it changes).
  credential = {
    dir = "paperless";
    files = [ "admin-password" ];
    username = "admin";
    applies = "every-deploy";
  };

  # The web interface, at https://paperless.<machine>.<network>.clan on a
  # machine with a mesh name (docs/https.md); PAPERLESS_URL makes Paperless
  # accept that name (allowed hosts, CSRF origins).
  web = {
    label = "paperless";
    port = cfg: cfg.port;
  };

  meshPorts = cfg: {
    tcp = [ cfg.port ];
    udp = [ ];
  };

  state = _: {
    paths = [ "/var/lib/paperless" ];
    hooks = [ "paperless-export" ];
  };

  /*
    The database, consistent: SQLite's online backup of
    <dataDir>/db.sqlite3 (paperless-export.sqlite3, Paperless' default and
    what this app's settings use), or pg_dump (paperless-export.sql) when
    services.paperless.database.createLocally puts it in the local
    PostgreSQL. The documents (media/) and the search index are files under
    /var/lib/paperless, saved as they are. Not document_exporter: it copies
    every document a second time onto the state disk and wants Paperless
    stopped while it runs.
  */
  dumpHooks =
    { pkgs, config }:
    let
      d = import ../dump-hooks.nix { inherit u; };
      p = config.services.paperless;
      s = p.settings;
      engine = if s ? PAPERLESS_DBHOST then s.PAPERLESS_DBENGINE or "postgresql" else "sqlite";
      local = p.database.createLocally or false;
      dump =
        if engine == "sqlite" then
          {
            ext = "sqlite3";
            body = d.sqliteBackup {
              db = "${p.dataDir}/db.sqlite3";
              app = "Paperless";
            };
          }
        else if engine == "postgresql" && local then
          {
            ext = "sql";
            body = d.pgDump {
              inherit config;
              database = s.PAPERLESS_DBNAME or "paperless";
              app = "Paperless";
            };
          }
        else
          {
            ext = "sql";
            body = d.refuse "Paperless uses a ${engine} database the paperless-export hook cannot reach (services.paperless.settings.PAPERLESS_DBHOST without database.createLocally); it dumps only SQLite or the local PostgreSQL. Back that database up where it runs.";
          };
    in
    {
      paperless-export = d.script {
        inherit pkgs;
        name = "paperless-export";
        inherit (dump) ext body;
        packages = [
          pkgs.sqlite
          pkgs.util-linux
        ];
      };
    };

  /*
    Liveness (lib/app-checks.nix): Paperless' web server (gunicorn, bound to
    services.paperless.address, nixpkgs default "localhost", and .port,
    default 28981) answers / (a redirect to the sign-in page, not followed).
  */
  checks =
    { pkgs, config }:
    let
      c = import ../app-checks.nix;
      p = config.services.paperless or { };
    in
    {
      paperless = c.http {
        inherit pkgs;
        app = "Paperless";
        url = "http://${c.loopbackHost (p.address or "localhost")}:${toString (p.port or 28981)}/";
      };
    };

  settings = cfg: ctx: {
    services.paperless = {
      enable = true;
      address = ctx.listen;
      inherit (cfg) port;
      settings = {
        PAPERLESS_OCR_LANGUAGE = cfg.ocrLanguage;
      }
      // u.optionalAttrs ctx.https { PAPERLESS_URL = ctx.url; };
      inherit passwordFile;
    };
    systemd.services.paperless-scheduler.unitConfig.RequiresMountsFor = [ passwordFile ];
  };
}
