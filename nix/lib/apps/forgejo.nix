# Forgejo: a Git forge with its own SSH server.
{ encode, ... }:
{
  # Display and merge order among the apps (lower first; absent: 1000).
  order = 30;
  nixosModule = "services.forgejo";
  enabledBy = "enable";
  options = {
    enable = {
      type = "bool";
      default = false;
      description = "Run a Forgejo Git server on this machine.";
    };
    httpPort = {
      type = "port";
      default = 3000;
      description = "Port of the web interface and Git over HTTP (mesh only).";
    };
    sshPort = {
      type = "port";
      default = 2222;
      description = "Port of Forgejo's built-in SSH server for Git (mesh only).";
    };
    allowRegistration = {
      type = "bool";
      default = false;
      description = "Let anyone who reaches the server create an account.";
    };
    appName = {
      type = "string";
      format = "forgejoText";
      default = "Forgejo";
      description = "Name shown in the page title and header.";
    };
  };

  meshPorts = cfg: {
    tcp = [ cfg.httpPort cfg.sshPort ];
    udp = [ ];
  };

  state = _: {
    paths = [ "/var/lib/forgejo" ];
    hooks = [ ];
  };

  settings = cfg: {
    services.forgejo = {
      enable = true;
      settings = {
        # Quoted for go-ini (lib/encode.nix): read back as exactly appName.
        DEFAULT.APP_NAME = encode.goIniValue cfg.appName;
        server = {
          HTTP_ADDR = "0.0.0.0";
          HTTP_PORT = cfg.httpPort;
          START_SSH_SERVER = true;
          SSH_PORT = cfg.sshPort;
          SSH_LISTEN_PORT = cfg.sshPort;
        };
        service.DISABLE_REGISTRATION = !cfg.allowRegistration;
      };
    };
  };
}
