# nixosModules.default: every cLAN option (clan.adminMode, clan.networkLayer,
# clan.resources, clan.backup, clan.publish, clan.mesh, clan.applications.*)
# and their mapping onto NixOS (services.*, the mesh interface, and the
# firewall: app ports on the mesh interface only, `publish` globally).
# App modules are discovered: every ./apps/<name>.nix, each with its schema
# in ../lib/apps/<name>.nix (no list to edit when an app is added).
let
  discover = import ../lib/discover.nix;
  modules = discover.appFiles ./apps;
  schemas = discover.appFiles ../lib/apps;
  without = a: b: builtins.filter (key: !(b ? ${key})) (builtins.attrNames a);
  noModule = without schemas modules;
  noSchema = without modules schemas;
in
{
  imports =
    if noModule != [ ] then
      throw "clan: the app ${builtins.head noModule} has a schema (lib/apps) but no NixOS module (modules/apps); add modules/apps/<name>.nix."
    else if noSchema != [ ] then
      throw "clan: the app ${builtins.head noSchema} has a NixOS module (modules/apps) but no schema (lib/apps); add lib/apps/<name>.nix."
    else
      [ ./core.nix ] ++ builtins.attrValues modules;
}
