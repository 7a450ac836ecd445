# cLAN app "forgejo": options clan.applications.forgejo (schema: lib/apps/forgejo.nix).
# The unit that creates the administrator (lib/apps/forgejo.nix) runs the
# forgejo CLI of the package the machine serves.
import ../app-module.nix {
  app = "forgejo";
  extraConfig =
    { config, pkgs, ... }:
    {
      systemd.services.clan-forgejo-admin.path = [
        config.services.forgejo.package
        pkgs.gawk
      ];
    };
}
