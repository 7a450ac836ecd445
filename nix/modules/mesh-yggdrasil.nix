# The Yggdrasil mesh: services.yggdrasil on interface "clan-ygg". The private
# key stays outside the Nix store (Yggdrasil's own key file, or privateKeyFile).
{ config, lib, ... }:
let
  clanLib = import ../lib;
  ot = import ./option-types.nix { inherit lib; };
  cfg = config.clan;
  mesh = ot.pick clanLib.schemas.mesh cfg.mesh // {
    peers = map (ot.pick clanLib.schemas.meshPeer) cfg.mesh.peers;
  };
  settings = clanLib.meshSettings {
    networkLayer = "yggdrasil";
    inherit mesh;
  };
in
{
  config = lib.mkIf (cfg.networkLayer == "yggdrasil") (
    lib.genAttrs clanLib.settingsTopLevel (k: settings.${k} or { })
  );
}
