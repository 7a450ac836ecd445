# cLAN app "jellyfin": options clan.applications.jellyfin (schema: lib/apps/jellyfin.nix).
import ../app-module.nix { app = "jellyfin"; }
