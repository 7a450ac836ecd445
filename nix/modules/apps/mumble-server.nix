# cLAN app "mumbleServer": options clan.applications.mumbleServer (schema: lib/apps/mumble-server.nix).
import ../app-module.nix { app = "mumbleServer"; }
