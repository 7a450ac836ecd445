# cLAN app "jellyfin": options clan.applications.jellyfin (schema: lib/apps/jellyfin.nix).
# The unit that completes the setup wizard (lib/apps/jellyfin.nix) talks to Jellyfin with curl and jq.
import ../app-module.nix {
  app = "jellyfin";
  extraConfig =
    { pkgs, ... }:
    {
      systemd.services.clan-jellyfin-setup.path = [
        pkgs.curl
        pkgs.jq
      ];
    };
}
