# cLAN app "paperless": options clan.applications.paperless (schema: lib/apps/paperless.nix).
import ../app-module.nix { app = "paperless"; }
