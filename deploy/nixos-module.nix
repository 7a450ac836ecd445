# services.clan-panel — the cLAN panel on NixOS: the panel itself plus the
# PostgreSQL, Redis and libvirtd it drives. Secrets stay in stateDir, never in
# the Nix store. Installation: docs/operations.md ("Installing on NixOS");
# configuration variables: docs/operations.md; supported nixpkgs: docs/nix.md.
#
# Security: the panel's user is in the `libvirtd` group, and membership in
# `libvirtd` is equivalent to root on this host (libvirt can start a VM with
# any host file as its disk). Treat the panel's host administrators as root.
#
# Every option this module sets outside services.clan-panel is listed, with
# its type and the nixpkgs file declaring it, in ./nixpkgs-options.json
# (checked by nix/tests/deploy.spec.ts).
{
  config,
  lib,
  pkgs,
  ...
}:
let
  cfg = config.services.clan-panel;
  inherit (lib)
    literalExpression
    mkEnableOption
    mkIf
    mkOption
    optionalAttrs
    optionals
    types
    ;

  # nixpkgs from 25.11 creates ensureUsers/ensureDatabases in
  # postgresql-setup.service; nixos-25.05 in postgresql.service's postStart.
  databaseReady =
    if config.systemd.services ? postgresql-setup then "postgresql-setup.service" else "postgresql.service";

  # Network N of the mesh pool (10.100.N.0/24) listens on UDP portBase + N.
  meshPortRange = {
    from = cfg.mesh.portBase;
    to = cfg.mesh.portBase + 255;
  };

  # The bridge of the VMs' NAT network, named as the panel names it
  # (libs/libvirt-client/src/lib/network.ts natBridgeName): "clanvm" + 4 hex of sha256(name).
  vmBridge = "clanvm" + builtins.substring 0 4 (builtins.hashString "sha256" cfg.vmNetwork.name);
in
{
  options.services.clan-panel = {
    enable = mkEnableOption "the cLAN panel";

    package = mkOption {
      type = types.package;
      default = pkgs.callPackage ./package.nix { };
      defaultText = literalExpression "pkgs.callPackage ./package.nix { } (the panel of this repository)";
      description = "The built panel; its bin/clan-panel starts the API, which serves the web app.";
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
      description = "Keys, network repositories and other state (created with mode 0700, owned by clan-panel).";
    };

    role = mkOption {
      type = types.enum [
        "panel"
        "worker"
      ];
      default = "panel";
      description = ''
        panel: the panel with its web app (the fleet's first host). worker: another host of the
        fleet, `clan-panel worker` (no web app); enrol it first with the token from the panel's
        Hosts page: `sudo -u clan-panel clan-panel worker enrol --state-dir <stateDir> --panel <url> --token <token>`
        (docs/fleet.md). A worker uses the panel's PostgreSQL and Redis over the fleet mesh.
      '';
    };

    fleet = {
      address = mkOption {
        type = types.nullOr types.str;
        default = null;
        example = "10.98.0.1";
        description = ''
          This host's address inside the fleet mesh (CLAN_FLEET_ADDRESS): on the panel's host, where
          workers reach its database and Redis (relayed, they keep listening on sockets only) and enrol;
          on a worker, where the other hosts fetch state disks of machines moving away (docs/fleet.md).
        '';
      };
      transferPort = mkOption {
        type = types.port;
        default = 7790;
        description = "Port of the host's file service on fleet.address (CLAN_FLEET_TRANSFER_PORT).";
      };
    };

    profilesDir = mkOption {
      type = types.path;
      default = "/nix/var/nix/profiles/clan";
      description = "Nix profiles of the machines' generations (GC roots); created and writable for the panel.";
    };

    openFirewall = mkOption {
      type = types.bool;
      default = false;
      description = "Open the panel's HTTP port in the firewall.";
    };

    mesh = {
      portBase = mkOption {
        type = types.ints.between 1024 65000;
        default = 51820;
        description = "Network N of the mesh pool (10.100.N.0/24) listens on UDP portBase + N (CLAN_MESH_PORT_BASE).";
      };

      dnsPort = mkOption {
        type = types.port;
        default = 53;
        description = "Port of the phonebook (the mesh's DNS), on the host's mesh addresses (CLAN_MESH_DNS_PORT).";
      };

      backupRepoPort = mkOption {
        type = types.port;
        default = 8470;
        description = "Port of the machines' append-only backup repositories (restic's REST protocol), on the host's mesh addresses (CLAN_BACKUP_REPO_PORT).";
      };

      panelPort = mkOption {
        type = types.port;
        default = 7780;
        description = "Port of the panel inside the mesh (where device agents reach it when the public address is gone), on the host's mesh addresses (CLAN_MESH_PANEL_PORT).";
      };

      openFirewall = mkOption {
        type = types.bool;
        default = false;
        description = "Open the mesh's UDP ports (portBase … portBase + 255), the phonebook's DNS port, the backup repositories' port and the panel's port inside the mesh in the firewall.";
      };
    };

    vmNetwork = {
      enable = mkOption {
        type = types.bool;
        default = true;
        description = ''
          Give the machines' VMs a network interface on a libvirt NAT network the panel
          defines, starts and autostarts itself (CLAN_VM_NETWORK_CREATE): DHCP and DNS from
          libvirt's dnsmasq, the internet through NAT, and the host's mesh endpoint at the
          network's gateway. Turn it off to use a bridge or a network of your own
          (settings.CLAN_VM_BRIDGE or settings.CLAN_VM_NETWORK), or no interface at all.
        '';
      };

      name = mkOption {
        type = types.str;
        default = "clan-vms";
        description = "Name of the libvirt network (CLAN_VM_NETWORK). Its bridge is \"clanvm\" + 4 hex digits of the name's SHA-256.";
      };

      subnet = mkOption {
        type = types.str;
        default = "10.213.0.0/24";
        description = "The network's IPv4 /24 (CLAN_VM_SUBNET): the host is .1, VMs get .100 – .250 by DHCP. Pick one unused on this host.";
      };
    };

    settings = mkOption {
      type = types.attrsOf types.str;
      default = { };
      example = {
        CLAN_COOKIE_SECURE = "true";
        CLAN_TRUST_PROXY = "true";
      };
      description = "Extra environment variables (see docs/operations.md). Not for secrets: they end up in the Nix store.";
    };
  };

  config = mkIf cfg.enable {
    services.postgresql = {
      enable = true;
      ensureDatabases = [ "clan-panel" ];
      ensureUsers = [
        {
          name = "clan-panel";
          ensureDBOwnership = true;
        }
      ];
    };
    services.redis.servers.clan-panel = {
      enable = true;
      port = 0;
      unixSocket = "/run/redis-clan-panel/redis.sock";
      unixSocketPerm = 660;
    };
    virtualisation.libvirtd.enable = true;
    nix.settings.experimental-features = [
      "nix-command"
      "flakes"
    ];
    # A worker copies the systems it boots from the panel's store, signed with the panel's key
    # (docs/fleet.md, "Closures"); the daemon honours that key only for a trusted user.
    nix.settings.trusted-users = optionals (cfg.role == "worker") [ "clan-panel" ];

    users.users.clan-panel = {
      isSystemUser = true;
      group = "clan-panel";
      # libvirtd: root-equivalent on this host (see the top of this file).
      extraGroups = [
        "libvirtd"
        "redis-clan-panel"
      ];
      home = cfg.stateDir;
    };
    users.groups.clan-panel = { };

    # StateDirectory= only works below /var/lib; tmpfiles makes any stateDir.
    systemd.tmpfiles.rules = [
      "d ${cfg.stateDir} 0700 clan-panel clan-panel - -"
      "d ${cfg.profilesDir} 0755 clan-panel clan-panel - -"
    ];

    /*
      The phonebook's DNS port is opened on every interface, not with
      networking.firewall.interfaces.<name>: the host's mesh interfaces are
      created at run time, one per network, named "clan" + 8 hex digits of
      the network id (apps/api/src/mesh/mesh-support.ts), so no fixed name
      exists at evaluation time. nixpkgs pastes <name> unquoted into the rule
      (iptables `-i <name>`, nftables `iifname <name>`), so a wildcard would
      have to differ per backend ("clan+" vs "clan*", and newer nixpkgs also
      has a firewalld backend) and has not been tried on a real host. The
      phonebook, the backup repositories and the panel inside the mesh listen
      only on the host's mesh addresses.
    */
    networking.firewall.allowedTCPPorts =
      optionals cfg.openFirewall [ cfg.port ]
      ++ optionals cfg.mesh.openFirewall [
        cfg.mesh.dnsPort
        cfg.mesh.backupRepoPort
        cfg.mesh.panelPort
      ];
    networking.firewall.allowedUDPPorts = optionals cfg.mesh.openFirewall [ cfg.mesh.dnsPort ];
    networking.firewall.allowedUDPPortRanges = optionals cfg.mesh.openFirewall [ meshPortRange ];
    # From the VMs on their NAT network's bridge: DHCP (67) and DNS (53) from libvirt's dnsmasq, and the
    # host's mesh ports, which machines dial at the network's gateway.
    networking.firewall.interfaces = optionalAttrs cfg.vmNetwork.enable {
      ${vmBridge} = {
        allowedUDPPorts = [
          53
          67
        ];
        allowedUDPPortRanges = [ meshPortRange ];
      };
    };

    systemd.services.clan-panel = {
      description = "cLAN panel";
      wantedBy = [ "multi-user.target" ];
      after = [
        "network.target"
        "postgresql.service"
        databaseReady
        "redis-clan-panel.service"
        "libvirtd.service"
        "nix-daemon.socket"
      ];
      requires = [
        databaseReady
        "redis-clan-panel.service"
      ];
      wants = [ "libvirtd.service" ];
      # The commands the panel runs (libs/nix-schema/src/lib/host-packages.ts).
      path = [
        config.nix.package
        pkgs.git
        pkgs.e2fsprogs # mke2fs, debugfs: the machines' secrets disks
        pkgs.iproute2 # ip: the host's mesh interfaces
        pkgs.wireguard-tools # wg
        pkgs.wireguard-go # where the kernel has no WireGuard
        pkgs.yggdrasil
        pkgs.restic
        pkgs.procps # sysctl: forwarding for relaying meshes
        config.virtualisation.libvirtd.qemu.package # qemu-img, the qemu libvirtd runs
        config.virtualisation.libvirtd.package # virsh
        pkgs.gnutar
        pkgs.gzip
        pkgs.coreutils
        config.systemd.package # journalctl
      ];
      environment = {
        PORT = toString cfg.port;
        CLAN_LISTEN_HOST = cfg.listenHost;
        CLAN_STATE_DIR = cfg.stateDir;
        CLAN_PROFILES_DIR = cfg.profilesDir;
        CLAN_MESH_PORT_BASE = toString cfg.mesh.portBase;
        CLAN_MESH_DNS_PORT = toString cfg.mesh.dnsPort;
        CLAN_BACKUP_REPO_PORT = toString cfg.mesh.backupRepoPort;
        CLAN_MESH_PANEL_PORT = toString cfg.mesh.panelPort;
        DATABASE_URL = "postgres:///clan-panel?host=/run/postgresql";
        REDIS_URL = "unix:///run/redis-clan-panel/redis.sock";
        CLAN_LIBVIRT_URI = "qemu:///system";
        NODE_ENV = "production";
      }
      // optionalAttrs cfg.vmNetwork.enable {
        CLAN_VM_NETWORK = cfg.vmNetwork.name;
        CLAN_VM_NETWORK_CREATE = "true";
        CLAN_VM_SUBNET = cfg.vmNetwork.subnet;
      }
      // optionalAttrs (cfg.fleet.address != null) {
        CLAN_FLEET_ADDRESS = cfg.fleet.address;
        CLAN_FLEET_TRANSFER_PORT = toString cfg.fleet.transferPort;
      }
      // cfg.settings;
      serviceConfig = {
        ExecStart = if cfg.role == "worker" then "${cfg.package}/bin/clan-panel worker" else "${cfg.package}/bin/clan-panel";
        User = "clan-panel";
        Group = "clan-panel";
        WorkingDirectory = cfg.stateDir;
        Restart = "on-failure";
        UMask = "0077";

        # The host mesh: creating interfaces, addresses and forwarding sysctls
        # (CAP_NET_ADMIN) and the phonebook on port 53 (CAP_NET_BIND_SERVICE).
        AmbientCapabilities = [
          "CAP_NET_ADMIN"
          "CAP_NET_BIND_SERVICE"
        ];
        CapabilityBoundingSet = [
          "CAP_NET_ADMIN"
          "CAP_NET_BIND_SERVICE"
        ];

        # Hardening that still lets it work: it writes only stateDir and the
        # profiles, reaches Nix, PostgreSQL, Redis and libvirtd over their
        # sockets, and needs /proc/sys/net writable (no ProtectKernelTunables)
        # and /dev/net/tun for wireguard-go (no PrivateDevices). Node's JIT
        # needs writable+executable memory (no MemoryDenyWriteExecute).
        NoNewPrivileges = true;
        ProtectSystem = "strict";
        ReadWritePaths = [
          cfg.stateDir
          cfg.profilesDir
        ];
        ProtectHome = true;
        PrivateTmp = true;
        ProtectKernelModules = true;
        ProtectKernelLogs = true;
        ProtectControlGroups = true;
        ProtectClock = true;
        ProtectHostname = true;
        RestrictSUIDSGID = true;
        RestrictRealtime = true;
        LockPersonality = true;
        SystemCallArchitectures = "native";
        RestrictAddressFamilies = [
          "AF_UNIX"
          "AF_INET"
          "AF_INET6"
          "AF_NETLINK"
        ];
      };
    };
  };
}
