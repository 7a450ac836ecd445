# Forgejo: a Git forge with its own SSH server.
{ u, encode, helpers, ... }:
let
  passwordFile = helpers.appSecret "forgejo" "admin-password";
  stateDir = "/var/lib/forgejo";
  # sha256 of the password last applied: a rotated secret is applied once, a
  # password changed in Forgejo stays until the next rotation.
  appliedFile = "${stateDir}/.clan-admin-password.sha256";
in
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

  # Forgejo has no admin option: clan-forgejo-admin creates "admin" with the
  # panel's password (forgejo admin user create), or sets a rotated one.
  credential = {
    dir = "forgejo";
    files = [ "admin-password" ];
    username = "admin";
    applies = "every-deploy";
  };

  # The web interface, at https://forgejo.<machine>.<network>.clan on a
  # machine with a mesh name (docs/https.md); Git over SSH stays on sshPort
  # (mesh only), at the same name.
  web = {
    label = "forgejo";
    port = cfg: cfg.httpPort;
  };

  meshPorts = cfg: {
    tcp = [ cfg.httpPort cfg.sshPort ];
    udp = [ ];
  };

  state = _: {
    paths = [ "/var/lib/forgejo" ];
    hooks = [ ];
  };

  /*
    Liveness (lib/app-checks.nix): Forgejo's /api/healthz (200 while it and
    its database are fine) at services.forgejo.settings.server: HTTP_ADDR
    (nixpkgs default 0.0.0.0) and HTTP_PORT (default 3000), or the socket
    HTTP_ADDR names when PROTOCOL is http+unix.
  */
  checks =
    { pkgs, config }:
    let
      c = import ../app-checks.nix;
      server = config.services.forgejo.settings.server or { };
      protocol = server.PROTOCOL or "http";
      addr = server.HTTP_ADDR or "0.0.0.0";
      port = toString (server.HTTP_PORT or 3000);
    in
    {
      forgejo =
        if protocol == "http" || protocol == "http+unix" then
          c.http {
            inherit pkgs;
            app = "Forgejo";
            url = if protocol == "http+unix" then "http://localhost/api/healthz" else "http://${c.loopbackHost addr}:${port}/api/healthz";
            unixSocket = if protocol == "http+unix" then addr else null;
          }
        else
          ''
            echo "Forgejo serves ${protocol} (services.forgejo.settings.server.PROTOCOL); this check asks only http or http+unix."
            exit 1
          '';
    };

  settings = cfg: ctx: {
    services.forgejo = {
      enable = true;
      settings = {
        # Quoted for go-ini (lib/encode.nix): read back as exactly appName.
        DEFAULT.APP_NAME = encode.goIniValue cfg.appName;
        server = {
          HTTP_ADDR = ctx.listen;
          HTTP_PORT = cfg.httpPort;
          START_SSH_SERVER = true;
          SSH_PORT = cfg.sshPort;
          SSH_LISTEN_PORT = cfg.sshPort;
        }
        // u.optionalAttrs ctx.https {
          # Clone URLs and links: https://<host>/ and <host>:<sshPort> (SSH_DOMAIN follows DOMAIN).
          DOMAIN = ctx.host;
          ROOT_URL = "${ctx.url}/";
        };
        service.DISABLE_REGISTRATION = !cfg.allowRegistration;
      };
    };
    # The forgejo binary is put on its path by modules/apps/forgejo.nix.
    systemd.services.clan-forgejo-admin = {
      description = "cLAN: Forgejo's administrator with the panel's password";
      wantedBy = [ "multi-user.target" ];
      after = [ "forgejo.service" ];
      requires = [ "forgejo.service" ];
      unitConfig.RequiresMountsFor = [ passwordFile ];
      # As the forgejo CLI expects it (nixpkgs' forgejo.service environment, default stateDir).
      environment = {
        USER = "forgejo";
        HOME = stateDir;
        FORGEJO_WORK_DIR = stateDir;
        FORGEJO_CUSTOM = "${stateDir}/custom";
      };
      serviceConfig = {
        Type = "oneshot";
        RemainAfterExit = true;
        User = "forgejo";
        Group = "forgejo";
        UMask = "0077";
        # systemd reads the root-only file and hands the unit a private copy.
        LoadCredential = [ "admin-password:${passwordFile}" ];
      };
      script = ''
        set -eu
        pw=$(head -n 1 "$CREDENTIALS_DIRECTORY/admin-password")
        sum=$(printf '%s' "$pw" | sha256sum | cut -d ' ' -f 1)
        if [ "$(cat ${appliedFile} 2>/dev/null || true)" = "$sum" ]; then exit 0; fi
        if forgejo admin user list --admin | awk 'NR > 1 { print $2 }' | grep -qx admin; then
          forgejo admin user change-password --username admin --password "$pw" --must-change-password=false
        else
          forgejo admin user create --admin --username admin --email admin@localhost --password "$pw" --must-change-password=false
        fi
        printf '%s\n' "$sum" > ${appliedFile}
      '';
    };
  };
}
