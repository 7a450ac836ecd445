# cLAN app "syncthing": options clan.applications.syncthing (schema: lib/apps/syncthing.nix).
import ../app-module.nix { app = "syncthing"; }
