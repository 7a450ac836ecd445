# Syncthing: continuous folder sync between the machines of the network.
{ u, helpers, ... }:
let
  passwordFile = helpers.appSecret "syncthing" "gui-password";
  # nixpkgs' default configDir (dataDir + /.config/syncthing).
  configDir = "/var/lib/syncthing/.config/syncthing";
  appliedFile = "${configDir}/.clan-gui-password.sha256";
in
{
  # Display and merge order among the apps (lower first; absent: 1000).
  order = 10;
  nixosModule = "services.syncthing";
  enabledBy = "enable";
  options = {
    enable = {
      type = "bool";
      default = false;
      description = "Run Syncthing on this machine.";
    };
    sharedFolders = {
      type = "list";
      format = "absolutePath";
      default = [ ];
      description = "Absolute paths of the folders this machine shares with its peers on the mesh; created (owned by syncthing) when missing.";
    };
    guiPort = {
      type = "port";
      default = 8384;
      description = "Port of the Syncthing web interface (reachable on the mesh only).";
    };
  };

  # The web interface asks for user "admin" and the panel's password, set by
  # clan-syncthing-gui-password before Syncthing first starts (syncthing
  # generate), and again after a rotation.
  credential = {
    dir = "syncthing";
    files = [ "gui-password" ];
    username = "admin";
    applies = "every-deploy";
  };

  # The web interface, at https://syncthing.<machine>.<network>.clan on a
  # machine with a mesh name (docs/https.md). On loopback Syncthing accepts
  # only a loopback Host header, so nginx sends 127.0.0.1:<port>; its
  # insecureSkipHostcheck is not used: nixos-25.05's syncthing-init PUTs
  # settings.gui whole, which would drop the GUI user and password.
  web = {
    label = "syncthing";
    port = cfg: cfg.guiPort;
    loopbackHostHeader = true;
  };

  meshPorts = cfg: {
    tcp = [ 22000 cfg.guiPort ];
    udp = [ 22000 21027 ];
  };

  state = cfg: {
    paths = [ "/var/lib/syncthing" ] ++ cfg.sharedFolders;
    hooks = [ ];
  };

  /*
    Liveness (lib/app-checks.nix): Syncthing's unauthenticated health
    endpoint /rest/noauth/health ({"status": "OK"}) at
    services.syncthing.guiAddress (nixpkgs: "host:port", default
    127.0.0.1:8384, or the path of a unix socket).
  */
  checks =
    { pkgs, config }:
    let
      c = import ../app-checks.nix;
      address = config.services.syncthing.guiAddress or "127.0.0.1:8384";
      unix = builtins.substring 0 1 address == "/";
      hostPort = builtins.match "(.*):([0-9]+)" address;
    in
    {
      syncthing = c.http {
        inherit pkgs;
        app = "Syncthing";
        url =
          if unix then
            "http://localhost/rest/noauth/health"
          else
            "http://${c.loopbackHost (builtins.elemAt hostPort 0)}:${builtins.elemAt hostPort 1}/rest/noauth/health";
        unixSocket = if unix then address else null;
        expect = "\"status\": *\"OK\"";
      };
    };

  settings =
    cfg: ctx:
    u.recursiveMerge [
      {
        services.syncthing = {
          enable = true;
          # All interfaces without a mesh name (the firewall admits the port
          # on the mesh interface only); loopback behind the HTTPS proxy. The
          # interface asks for a password either way (clan-syncthing-gui-password).
          guiAddress = "${ctx.listen}:${toString cfg.guiPort}";
          openDefaultPorts = false;
          # Devices are paired in the web interface (mesh-wide pairing comes
          # later); never delete what was set up there.
          overrideDevices = false;
          overrideFolders = false;
          settings.folders = u.genAttrs cfg.sharedFolders (path: { inherit path; });
        };
      }
      # The syncthing binary is put on its path by modules/apps/syncthing.nix.
      (helpers.secretUnit {
        name = "clan-syncthing-gui-password";
        description = "Syncthing's web interface user and password from the panel";
        # Syncthing never starts with an open web interface.
        service = "syncthing.service";
        order = "before";
        secretFile = passwordFile;
        script = ''
          set -eu
          sum=$(head -n 1 ${passwordFile} | sha256sum | cut -d ' ' -f 1)
          if [ -e ${configDir}/config.xml ] && [ "$(cat ${appliedFile} 2>/dev/null || true)" = "$sum" ]; then exit 0; fi
          install -d -m 0700 -o syncthing -g syncthing /var/lib/syncthing/.config ${configDir}
          head -n 1 ${passwordFile} | syncthing generate --config=${configDir} --gui-user=admin --gui-password=- --no-default-folder
          printf '%s\n' "$sum" > ${appliedFile}
          chown -R syncthing:syncthing ${configDir}
        '';
      })
      (helpers.ensureDirs {
        name = "clan-syncthing-folders";
        user = "syncthing";
        group = "syncthing";
        paths = cfg.sharedFolders;
        before = "syncthing.service";
      })
    ];
}
