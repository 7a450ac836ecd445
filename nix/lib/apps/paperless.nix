# Paperless-ngx: document archive with text recognition.
_: {
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
    };
  };
}
