# cLAN app "homeAssistant": options clan.applications.homeAssistant (schema: lib/apps/home-assistant.nix).
import ../app-module.nix { app = "homeAssistant"; }
