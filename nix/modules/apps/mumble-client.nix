# cLAN app "mumbleClient": options clan.applications.mumbleClient (schema: lib/apps/mumble-client.nix).
import ../app-module.nix { app = "mumbleClient"; }
