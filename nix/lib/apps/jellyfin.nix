# Jellyfin: media streaming.
{ helpers, ... }:
{
  # Display and merge order among the apps (lower first; absent: 1000).
  order = 70;
  nixosModule = "services.jellyfin";
  enabledBy = "enable";
  options = {
    enable = {
      type = "bool";
      default = false;
      description = "Run a Jellyfin media server on this machine.";
    };
    mediaFolders = {
      type = "list";
      format = "absolutePath";
      default = [ ];
      description = "Absolute paths of the media folders; created (owned by jellyfin) when missing. Libraries are added in Jellyfin's web interface.";
    };
  };

  meshPorts = _: {
    tcp = [ 8096 ];
    udp = [ ];
  };

  state = _: {
    paths = [ "/var/lib/jellyfin" ];
    hooks = [ ];
  };

  settings =
    cfg:
    {
      services.jellyfin = {
        enable = true;
        openFirewall = false;
      };
    }
    // helpers.ensureDirs {
      name = "clan-jellyfin-media";
      user = "jellyfin";
      group = "jellyfin";
      paths = cfg.mediaFolders;
      before = "jellyfin.service";
    };
}
