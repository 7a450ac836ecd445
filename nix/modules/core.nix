/*
  The clan.* options every cLAN machine has, and the one place where they
  become NixOS settings: the options are turned back into a configs.json
  machine object and handed to the pure lib.machineSettings, the same
  function the offline tests evaluate (apps, firewall, and HTTPS when
  clan.mesh has a domain). App options come from ./apps/*.nix.
*/
{ config, lib, ... }:
let
  ot = import ./option-types.nix { inherit lib; };
  cfg = config.clan;
  # Option declarations come from the built-in library (they must not depend
  # on config); the settings from the library with the network's third-party
  # apps (clan.marketplace, set by the generated machine module): their
  # ports, HTTPS and backups.
  builtinLib = import ../lib;
  clanLib = if (cfg.marketplace or { }) == { } then builtinLib else builtinLib.forMarketplace cfg.marketplace;
  m = builtinLib.schemas.machine;
  inherit (lib) mkOption types;

  declaredApps = builtins.filter (app: (cfg.applications or { }) ? ${app}) clanLib.appOrder;
  appValue =
    app:
    let
      v = cfg.applications.${app};
    in
    if v == null then null else ot.pick clanLib.catalog.${app}.options v;
  applications = lib.filterAttrs (_: v: v != null) (lib.genAttrs declaredApps appValue);

  # configs.json's shape, rebuilt from the options. The mesh section is
  # always there (clan.mesh has defaults; off unless enable): with a mesh
  # name, lib.machineSettings serves the apps over HTTPS (docs/https.md).
  machineConfig = {
    inherit (cfg) adminMode networkLayer;
    resources = ot.pick m.resources.options cfg.resources;
    backup = ot.pick m.backup.options cfg.backup;
    publish = map (ot.pick clanLib.schemas.publish) cfg.publish;
    inherit applications;
    mesh = ot.pick clanLib.schemas.mesh cfg.mesh // {
      peers = map (ot.pick clanLib.schemas.meshPeer) cfg.mesh.peers;
    };
  };
  settings = clanLib.machineSettings machineConfig;
  plan = clanLib.backupPlan machineConfig;
in
{
  imports = [
    ./mesh-wireguard.nix
    ./mesh-yggdrasil.nix
  ];

  options.clan = {
    marketplace = mkOption {
      type = types.attrsOf types.raw;
      default = { };
      internal = true;
      description = "The network's third-party apps: app key → its definition in the source's clanMarketplace.apps (lib.generateNixosModules sets it; docs/marketplace.md).";
    };
    adminMode = ot.optionFor m.adminMode;
    networkLayer = ot.optionFor m.networkLayer;
    resources = ot.optionFor m.resources;
    backup = {
      enable = ot.optionFor m.backup.options.enable;
      schedule = ot.optionFor m.backup.options.schedule;
      keepLast = ot.optionFor m.backup.options.keepLast;
      keepDaily = ot.optionFor m.backup.options.keepDaily;
      keepWeekly = ot.optionFor m.backup.options.keepWeekly;
      keepMonthly = ot.optionFor m.backup.options.keepMonthly;
      extraPaths = ot.optionFor m.backup.options.extraPaths;
      paths = mkOption {
        type = types.listOf types.str;
        readOnly = true;
        default = plan.paths;
        description = "Everything a backup of this machine must contain: the state of its active apps plus extraPaths.";
      };
      hooks = mkOption {
        type = types.listOf types.str;
        readOnly = true;
        default = plan.hooks;
        description = "Steps to run before a backup (database dumps), by id.";
      };
    };
    publish = mkOption {
      # `app` also names the third-party apps: the enum's values are read
      # only when a value is checked, when config is there.
      type = types.listOf (
        types.submodule {
          options = ot.optionsFor builtinLib.schemas.publish // {
            app = ot.optionFor (builtinLib.schemas.publish.app // { values = clanLib.publishableApps; });
          };
        }
      );
      default = [ ];
      description = m.publish.description;
    };
    meshInterface = mkOption {
      type = types.str;
      readOnly = true;
      default = builtinLib.meshInterface cfg.networkLayer;
      description = "The mesh interface: clan-wg (WireGuard) or clan-ygg (Yggdrasil). App ports are opened on it only.";
    };
    mesh = ot.optionsFor builtinLib.schemas.mesh // {
      peers = mkOption {
        type = types.listOf (types.submodule { options = ot.optionsFor builtinLib.schemas.meshPeer; });
        default = [ ];
        description = builtinLib.schemas.mesh.peers.description;
      };
    };
  };

  # A fixed set of top-level keys: the module system learns which options
  # this module defines without evaluating config (no infinite recursion).
  config = lib.genAttrs builtinLib.settingsTopLevel (k: settings.${k} or { });
}
