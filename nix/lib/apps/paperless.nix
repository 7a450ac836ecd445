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
