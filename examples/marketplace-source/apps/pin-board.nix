# The pin board's NixOS module (examples/marketplace-source, docs/marketplace.md).
# An ordinary NixOS module: the panel declares clan.applications.pinBoard from
# the app's `options` in flake.nix and imports this file; it acts only when
# the app is enabled.
{ config, lib, pkgs, ... }:
let
  cfg = config.clan.applications.pinBoard;
  page = pkgs.writeTextDir "index.html" ''
    <!doctype html>
    <title>${lib.escapeXML cfg.heading}</title>
    <h1>${lib.escapeXML cfg.heading}</h1>
    <p>Notes go here.</p>
  '';
in
{
  config = lib.mkIf cfg.enable {
    systemd.services.pin-board = {
      description = "Pin board";
      wantedBy = [ "multi-user.target" ];
      serviceConfig = {
        DynamicUser = true;
        StateDirectory = "pin-board";
        ExecStart = "${pkgs.busybox}/bin/httpd -f -p ${toString cfg.port} -h ${page}";
      };
    };
  };
}
