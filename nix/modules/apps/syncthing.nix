# cLAN app "syncthing": options clan.applications.syncthing (schema: lib/apps/syncthing.nix).
# The unit that sets the web interface's password (lib/apps/syncthing.nix)
# runs `syncthing generate` of the package the machine serves.
import ../app-module.nix {
  app = "syncthing";
  extraConfig =
    { config, ... }:
    {
      systemd.services.clan-syncthing-gui-password.path = [ config.services.syncthing.package ];
    };
}
