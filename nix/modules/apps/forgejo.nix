# cLAN app "forgejo": options clan.applications.forgejo (schema: lib/apps/forgejo.nix).
import ../app-module.nix { app = "forgejo"; }
