# Nextcloud: files, calendars and contacts, served by nginx on port 80.
{ u, helpers, ... }:
let
  adminPasswordFile = "${helpers.secretsDir}/nextcloud-admin-password";
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
        # Outside the Nix store, created on the machine on first boot.
        adminpassFile = adminPasswordFile;
      };
    };
    systemd.services.clan-nextcloud-admin-password = {
      description = "cLAN: create the Nextcloud administrator password";
      wantedBy = [ "multi-user.target" ];
      before = [ "nextcloud-setup.service" ];
      requiredBy = [ "nextcloud-setup.service" ];
      serviceConfig = {
        Type = "oneshot";
        RemainAfterExit = true;
        UMask = "0077";
      };
      script = ''
        if [ ! -s ${u.escapeShellArg adminPasswordFile} ]; then
          install -d -m 0700 ${u.escapeShellArg helpers.secretsDir}
          head -c 24 /dev/urandom | base64 > ${u.escapeShellArg "${adminPasswordFile}.new"}
          mv ${u.escapeShellArg "${adminPasswordFile}.new"} ${u.escapeShellArg adminPasswordFile}
        fi
      '';
    };
  };
}
