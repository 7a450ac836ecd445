# Paperless-ngx: document archive with text recognition.
{ helpers, ... }:
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

  meshPorts = cfg: {
    tcp = [ cfg.port ];
    udp = [ ];
  };

  state = _: {
    paths = [ "/var/lib/paperless" ];
    hooks = [ "paperless-export" ];
  };

  settings = cfg: {
    services.paperless = {
      enable = true;
      address = "0.0.0.0";
      inherit (cfg) port;
      settings.PAPERLESS_OCR_LANGUAGE = cfg.ocrLanguage;
      inherit passwordFile;
    };
    systemd.services.paperless-scheduler.unitConfig.RequiresMountsFor = [ passwordFile ];
  };
}
