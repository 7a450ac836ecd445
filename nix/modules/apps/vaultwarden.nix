# cLAN app "vaultwarden": options clan.applications.vaultwarden (schema: lib/apps/vaultwarden.nix).
import ../app-module.nix { app = "vaultwarden"; }
