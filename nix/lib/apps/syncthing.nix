# Syncthing: continuous folder sync between the machines of the network.
{ u, helpers, ... }:
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
          # All interfaces; the firewall admits the port on the mesh interface only.
          guiAddress = "0.0.0.0:${toString cfg.guiPort}";
          openDefaultPorts = false;
          # Devices are paired in the web interface (mesh-wide pairing comes
          # later); never delete what was set up there.
          overrideDevices = false;
          overrideFolders = false;
          settings.folders = u.genAttrs cfg.sharedFolders (path: { inherit path; });
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
