# cLAN app "nextcloud": options clan.applications.nextcloud (schema:
# lib/apps/nextcloud.nix). Nextcloud apps are packages of the Nextcloud
# package's own app set, so they are mapped here, where nixpkgs is at hand.
import ../app-module.nix {
  app = "nextcloud";
  extraConfig =
    { config, lib, cfg, ... }:
    {
      services.nextcloud.extraApps = lib.genAttrs cfg.apps (
        id:
        config.services.nextcloud.package.packages.apps.${id}
          or (throw "clan: applications.nextcloud.apps: \"${id}\" is not in this nixpkgs' Nextcloud app set.")
      );
      services.nextcloud.extraAppsEnable = true;
    };
}
