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

  meshPorts = cfg: {
    tcp = [ 22000 cfg.guiPort ];
    udp = [ 22000 21027 ];
  };

  state = cfg: {
    paths = [ "/var/lib/syncthing" ] ++ cfg.sharedFolders;
    hooks = [ ];
  };

  settings =
    cfg:
    u.recursiveMerge [
      {
        services.syncthing = {
          enable = true;
          # All interfaces; the firewall admits the port on the mesh interface
          # only, and the interface asks for a password (clan-syncthing-gui-password).
          guiAddress = "0.0.0.0:${toString cfg.guiPort}";
          openDefaultPorts = false;
          # Devices are paired in the web interface (mesh-wide pairing comes
          # later); never delete what was set up there.
          overrideDevices = false;
          overrideFolders = false;
          settings.folders = u.genAttrs cfg.sharedFolders (path: { inherit path; });
        };
      }
      {
        # The syncthing binary is put on its path by modules/apps/syncthing.nix.
        systemd.services.clan-syncthing-gui-password = {
          description = "cLAN: Syncthing's web interface user and password from the panel";
          wantedBy = [ "multi-user.target" ];
          before = [ "syncthing.service" ];
          # Syncthing never starts with an open web interface.
          requiredBy = [ "syncthing.service" ];
          unitConfig.RequiresMountsFor = [ passwordFile ];
          serviceConfig = {
            Type = "oneshot";
            RemainAfterExit = true;
            UMask = "0077";
          };
          script = ''
            set -eu
            sum=$(head -n 1 ${passwordFile} | sha256sum | cut -d ' ' -f 1)
            if [ -e ${configDir}/config.xml ] && [ "$(cat ${appliedFile} 2>/dev/null || true)" = "$sum" ]; then exit 0; fi
            install -d -m 0700 -o syncthing -g syncthing /var/lib/syncthing/.config ${configDir}
            head -n 1 ${passwordFile} | syncthing generate --config=${configDir} --gui-user=admin --gui-password=- --no-default-folder
            printf '%s\n' "$sum" > ${appliedFile}
            chown -R syncthing:syncthing ${configDir}
          '';
        };
      }
      (helpers.ensureDirs {
        name = "clan-syncthing-folders";
        user = "syncthing";
        group = "syncthing";
        paths = cfg.sharedFolders;
        before = "syncthing.service";
      })
    ];
}
