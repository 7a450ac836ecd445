# nixosModules.default: every cLAN option (clan.adminMode, clan.networkLayer,
# clan.resources, clan.backup, clan.publish, clan.mesh, clan.applications.*)
# and their mapping onto NixOS (services.*, the mesh interface, and the
# firewall: app ports on the mesh interface only, `publish` globally).
{
  imports = [
    ./core.nix
    ./apps/syncthing.nix
    ./apps/nextcloud.nix
    ./apps/forgejo.nix
    ./apps/mumble-server.nix
    ./apps/mumble-client.nix
    ./apps/vaultwarden.nix
    ./apps/jellyfin.nix
    ./apps/home-assistant.nix
    ./apps/paperless.nix
  ];
}
