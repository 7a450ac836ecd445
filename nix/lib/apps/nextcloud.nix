# Nextcloud: files, calendars and contacts, served by nginx on port 80.
{ u, helpers, ... }:
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

  # The web interface, at https://nextcloud.<machine>.<network>.clan on a
  # machine with a mesh name (docs/https.md). nixpkgs' nextcloud module serves
  # it with its own nginx virtual host (PHP-FPM behind it), named hostName:
  # that host is the mesh name then (the hostName option applies to machines
  # without one), and lib/https.nix only adds the certificate to it (no
  # second proxy).
  web = {
    label = "nextcloud";
    port = _: 80;
    ownVirtualHost = true;
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
  settings = cfg: ctx: {
    services.nextcloud = {
      enable = true;
      hostName = if ctx.https then ctx.host else cfg.hostName;
      maxUploadSize = "${toString cfg.maxUploadSizeMiB}M";
      database.createLocally = true;
      config = {
        dbtype = "pgsql";
        adminuser = cfg.adminUser;
        # Outside the Nix store: on the panel's secrets disk.
        adminpassFile = adminPasswordFile;
      };
    }
    // u.optionalAttrs ctx.https {
      # Links Nextcloud generates are https:// (and it sends HSTS).
      https = true;
      settings = {
        overwriteprotocol = "https";
        trusted_domains = [ ctx.host ];
      };
    };
    systemd.services.nextcloud-setup.unitConfig.RequiresMountsFor = [ adminPasswordFile ];
  };
}
