/*
  The NixOS module of one catalog app: declares clan.applications.<app> from
  the app's schema (lib/apps/<app>.nix). Its settings are mapped in
  ./core.nix, through the pure lib.machineSettings. `extraConfig` is for the
  few settings that need nixpkgs packages (e.g. Nextcloud apps).
*/
{
  app,
  extraConfig ? null,
}:
{ config, lib, pkgs, ... }@args:
let
  clanLib = import ../lib;
  ot = import ./option-types.nix { inherit lib; };
  def = clanLib.catalog.${app};
  cfg = config.clan.applications.${app};
in
{
  imports = [ ./core.nix ];

  options.clan.applications.${app} = ot.appOption app def;

  config = lib.mkIf (extraConfig != null && (if def.enabledBy == "presence" then cfg != null else cfg.enable)) (
    if extraConfig == null then { } else extraConfig (args // { inherit cfg; })
  );
}
