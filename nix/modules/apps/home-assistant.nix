# cLAN app "homeAssistant": options clan.applications.homeAssistant (schema: lib/apps/home-assistant.nix).
# The unit that creates the owner (lib/apps/home-assistant.nix) talks to Home Assistant with curl and jq.
import ../app-module.nix {
  app = "homeAssistant";
  extraConfig =
    { pkgs, ... }:
    {
      systemd.services.clan-home-assistant-owner.path = [
        pkgs.curl
        pkgs.jq
      ];
    };
}
