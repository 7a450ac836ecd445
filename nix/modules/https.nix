/*
  HTTPS inside the mesh (docs/https.md): clan.https turns on one nginx that
  serves each listed app at https://<app>.<machine>.<network>.clan with the
  machine's certificate from the panel (/run/clan-secrets/tls), and resolves
  `.clan` names through the phonebook. The values come from the pure
  lib.https.settings, which the offline tests evaluate.
*/
{ config, lib, ... }:
let
  clanLib = import ../lib;
  cfg = config.clan.https;
  inherit (lib) mkOption types;
in
{
  options.clan.https = {
    enable = mkOption {
      type = types.bool;
      default = false;
      description = "Serve the apps over HTTPS on the mesh through nginx, with the certificate the panel delivers on the secrets disk.";
    };
    domain = mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "files.family.clan";
      description = "The machine's mesh name, <machine>.<network>.clan; each app is at https://<app>.<domain>.";
    };
    apps = mkOption {
      type = types.attrsOf types.port;
      default = { };
      example = { nextcloud = 8080; };
      description = "Host label → the app's port on 127.0.0.1: https://<label>.<domain> is proxied there.";
    };
    nameservers = mkOption {
      type = types.listOf types.str;
      default = [ ];
      example = [ "10.100.3.1" ];
      description = "The phonebook's mesh addresses (the panel host's, .1 of the network); `.clan` names of the network are resolved there.";
    };
  };

  config = lib.mkIf cfg.enable (
    let
      settings = clanLib.https.settings {
        domain = if cfg.domain == null then throw "clan: clan.https.enable needs clan.https.domain (<machine>.<network>.clan)." else cfg.domain;
        meshInterface = clanLib.meshInterface config.clan.networkLayer;
        inherit (cfg) apps nameservers;
      };
    in
    {
      services = settings.services;
      networking = settings.networking;
      systemd = settings.systemd;
    }
  );
}
