# services.clan-panel — the cLAN panel on NixOS: the panel itself plus the
# PostgreSQL, Redis and libvirtd it drives. Secrets stay in stateDir, never in
# the Nix store. Configuration variables: docs/operations.md.
{ config, lib, pkgs, ... }:
let
  cfg = config.services.clan-panel;
  inherit (lib) mkEnableOption mkIf mkOption types;
in
{
  options.services.clan-panel = {
    enable = mkEnableOption "the cLAN panel";

    package = mkOption {
      type = types.package;
      description = "The built panel (dist/ with node_modules); its bin/clan-panel starts the API.";
    };

    port = mkOption {
      type = types.port;
      default = 8080;
      description = "HTTP port of the panel.";
    };

    listenHost = mkOption {
      type = types.str;
      default = "127.0.0.1";
      description = "Address to listen on. Put a TLS reverse proxy in front before exposing it.";
    };

    stateDir = mkOption {
      type = types.path;
      default = "/var/lib/clan-panel";
      description = "Keys, network repositories and other state (mode 0700).";
    };

    openFirewall = mkOption {
      type = types.bool;
      default = false;
      description = "Open the panel's port in the firewall.";
    };

    settings = mkOption {
      type = types.attrsOf types.str;
      default = { };
      example = { CLAN_COOKIE_SECURE = "true"; CLAN_TRUST_PROXY = "true"; };
      description = "Extra environment variables (see docs/operations.md). Not for secrets.";
    };
  };

  config = mkIf cfg.enable {
    services.postgresql = {
      enable = true;
      ensureDatabases = [ "clan-panel" ];
      ensureUsers = [{ name = "clan-panel"; ensureDBOwnership = true; }];
    };
    services.redis.servers.clan-panel = {
      enable = true;
      port = 0;
      unixSocket = "/run/redis-clan-panel/redis.sock";
      unixSocketPerm = 660;
    };
    virtualisation.libvirtd.enable = true;
    nix.settings.experimental-features = [ "nix-command" "flakes" ];

    users.users.clan-panel = {
      isSystemUser = true;
      group = "clan-panel";
      extraGroups = [ "libvirtd" "redis-clan-panel" ];
      home = cfg.stateDir;
    };
    users.groups.clan-panel = { };

    networking.firewall.allowedTCPPorts = lib.optional cfg.openFirewall cfg.port;

    systemd.services.clan-panel = {
      description = "cLAN panel";
      wantedBy = [ "multi-user.target" ];
      after = [ "network.target" "postgresql.service" "redis-clan-panel.service" "libvirtd.service" ];
      requires = [ "postgresql.service" "redis-clan-panel.service" ];
      path = [ pkgs.nix pkgs.git pkgs.libvirt ];
      environment = {
        PORT = toString cfg.port;
        CLAN_LISTEN_HOST = cfg.listenHost;
        CLAN_STATE_DIR = cfg.stateDir;
        DATABASE_URL = "postgres:///clan-panel?host=/run/postgresql";
        REDIS_URL = "unix:///run/redis-clan-panel/redis.sock";
        CLAN_LIBVIRT_URI = "qemu:///system";
      } // cfg.settings;
      serviceConfig = {
        ExecStart = "${cfg.package}/bin/clan-panel";
        User = "clan-panel";
        Group = "clan-panel";
        StateDirectory = "clan-panel";
        StateDirectoryMode = "0700";
        Restart = "on-failure";
        NoNewPrivileges = true;
        ProtectSystem = "strict";
        ProtectHome = true;
        PrivateTmp = true;
        ReadWritePaths = [ cfg.stateDir ];
      };
    };
  };
}
