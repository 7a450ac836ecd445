# Nextcloud: files, calendars and contacts, served by nginx on port 80.
{ helpers, ... }:
let
  # Written by the panel (shown to the network's admins), read by
  # nextcloud-setup through LoadCredential when it installs Nextcloud.
  adminPasswordFile = helpers.appSecret "nextcloud" "admin-password";
in
{
  # Display and merge order among the apps (lower first; absent: 1000).
  order = 20;
  nixosModule = "services.nextcloud";
  enabledBy = "enable";
  options = {
    enable = {
      type = "bool";
      default = false;
      description = "Run a Nextcloud server on this machine.";
    };
    hostName = {
      type = "string";
      format = "hostname";
      default = "cloud";
      description = "The name Nextcloud answers to on the mesh, e.g. \"cloud\" or \"cloud.family.clan\".";
    };
    adminUser = {
      type = "string";
      format = "nextcloudUser";
      default = "admin";
      description = "Login name of the initial Nextcloud administrator.";
    };
    maxUploadSizeMiB = {
      type = "int";
      min = 1;
      max = 102400;
      default = 512;
      description = "Largest file a user may upload, in MiB.";
    };
    apps = {
      type = "list";
      format = "nextcloudAppId";
      default = [ ];
      description = "IDs of Nextcloud apps to install from the nixpkgs app set, e.g. \"calendar\".";
    };
  };

  # Nextcloud takes the administrator password once, when it installs itself.
  credential = {
    dir = "nextcloud";
    files = [ "admin-password" ];
    # The login name is the app's adminUser option.
    usernameOption = "adminUser";
    applies = "first-boot";
  };

  meshPorts = _: {
    tcp = [ 80 ];
    udp = [ ];
  };

  state = _: {
    paths = [ "/var/lib/nextcloud" ];
    hooks = [ "nextcloud-db" ];
  };

  # `apps` needs the Nextcloud package's app set, so the NixOS module
  # (modules/apps/nextcloud.nix) maps it onto services.nextcloud.extraApps.
  settings = cfg: {
    services.nextcloud = {
      enable = true;
      inherit (cfg) hostName;
      maxUploadSize = "${toString cfg.maxUploadSizeMiB}M";
      database.createLocally = true;
      config = {
        dbtype = "pgsql";
        adminuser = cfg.adminUser;
        # Outside the Nix store: on the panel's secrets disk.
        adminpassFile = adminPasswordFile;
      };
    };
    systemd.services.nextcloud-setup.unitConfig.RequiresMountsFor = [ adminPasswordFile ];
  };
}
