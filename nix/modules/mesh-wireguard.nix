# The WireGuard mesh: networking.wireguard.interfaces."clan-wg". The private
# key is a file outside the Nix store, generated on the machine when missing.
{ config, lib, ... }:
let
  clanLib = import ../lib;
  ot = import ./option-types.nix { inherit lib; };
  cfg = config.clan;
  mesh = ot.pick clanLib.schemas.mesh cfg.mesh // {
    peers = map (ot.pick clanLib.schemas.meshPeer) cfg.mesh.peers;
  };
  settings = clanLib.meshSettings {
    networkLayer = "wireguard";
    inherit mesh;
  };
in
{
  config = lib.mkIf (cfg.networkLayer == "wireguard") (
    lib.genAttrs clanLib.settingsTopLevel (k: settings.${k} or { })
  );
}
