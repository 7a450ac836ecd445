/*
  nixosModules.vmGuest: what a machine the panel boots needs (docs/vms.md,
  docs/nix.md "The VM guest"). lib.nixosConfigurations adds it to every
  machine of a network.

  The panel boots <toplevel>/kernel and <toplevel>/initrd directly with
  `init=<toplevel>/init <toplevel/kernel-params> clan.machine=<m>
  clan.generation=<n>` and two virtio disks:
    vda  the persistent state disk (raw, blank on first boot): the root
         filesystem, formatted ext4 "clan-state" by stage 1 when blank;
    vdb  the read-only store disk, ext4 "clan-store", whose root holds exactly
         the system's closure: mounted at /nix/store, so the machine sees its
         own closure and nothing else.
  and a third, small read-only disk with the serial "clan-secrets": the
  machine's secrets (its mesh private key, mesh/wireguard.key), rebuilt by
  the panel at each deployment and mounted at /run/clan-secrets, root only,
  so no secret ever enters the Nix store. Plus two virtio-serial ports for
  the VM controller: org.clan.health.0 (the health probe) and
  org.clan.control.0 (facts, hooks, backups), so a long request never holds
  up a health probe.

  The scripts live in ./vm-guest (plain POSIX sh, tested offline in
  tests/vm-guest.spec.ts).
*/
{ config, lib, pkgs, ... }:
let
  # One store path for the directory: the scripts source cmdline.sh next to them.
  scripts = ./vm-guest;
  stateDisk = "/dev/vda";
  # Where the panel's secrets disk (serial clan-secrets) is mounted.
  secretsDir = "/run/clan-secrets";
  # `or`: the offline tests apply this function to a partial config (the module system always has the default).
  hooks = config.clan.controller.hooks or { };
  # What the controller's BACKUP saves (clan.backup, modules/core.nix): only
  # a machine with backups on carries restic and the lists.
  backup = {
    enable = config.clan.backup.enable or false;
    paths = config.clan.backup.paths or [ ];
    hooks = config.clan.backup.hooks or [ ];
  };
  lines = l: builtins.concatStringsSep "" (map (x: x + "\n") l);
  /*
    The apps' dump hooks (lib/apps/<app>.nix dumpHooks) for the names in
    clan.backup.hooks, i.e. of the apps that are on: declared here, where
    clan.controller.hooks exists, so nixosModules.<app> stays usable
    without the VM guest. Lazy: only the listed scripts are built.
  */
  appHookScripts = builtins.foldl' (acc: f: acc // f { inherit pkgs config; }) { } (
    builtins.attrValues (import ../lib).appDumpHooks
  );
  appHooks = lib.genAttrs (builtins.filter (name: appHookScripts ? ${name}) backup.hooks) (
    name: lib.mkDefault appHookScripts.${name}
  );
  missingHooks = builtins.filter (name: !(hooks ? ${name})) backup.hooks;
  /*
    The apps' checks (lib/apps/<app>.nix checks, lib/app-checks.nix) of the
    apps that are on, as hooks check-<app>: declared here like the dump
    hooks, listed in /etc/clan/checks (clan.controller.checks), which the
    controller's CHECK runs (the verified restore asks for it).
  */
  appChecks = (import ../lib/app-checks.nix).forMachine { inherit pkgs config; };
  checkHooks = builtins.mapAttrs (_: lib.mkDefault) appChecks;
  checks = config.clan.controller.checks or [ ];
  appHookDefs = lib.optionalAttrs backup.enable appHooks // checkHooks;
  hookFiles = map (name: {
    name = "clan/hooks/${name}";
    value = {
      text = "#!${pkgs.bash}/bin/bash\nset -eu\n${hooks.${name}}\n";
      mode = "0755";
    };
  }) (builtins.attrNames hooks);
  # One entry a line; the controller reads them at every BACKUP.
  backupFiles =
    lib.optional (backup.enable && backup.paths != [ ]) {
      name = "clan/backup/paths";
      value.text = lines backup.paths;
    }
    ++ lib.optional (backup.enable && backup.hooks != [ ]) {
      name = "clan/backup/hooks";
      value.text = lines backup.hooks;
    };
  checksFiles = lib.optional (checks != [ ]) {
    name = "clan/checks";
    value.text = lines checks;
  };
  etcFiles = hookFiles ++ backupFiles ++ checksFiles;
in
{
  /*
    The hooks the VM controller may run by name (HOOK <name>,
    docs/vm-controller.md): each becomes /etc/clan/hooks/<name>, a bash
    script. The panel never sends a command, only a name declared here.
  */
  options.clan.controller.hooks = lib.mkOption {
    type = lib.types.attrsOf lib.types.str;
    default = { };
    description = "Hooks the VM controller runs by name (e.g. a database dump before a backup): name (lower-case letters, digits, dashes) → bash script body.";
  };

  /*
    The machine's app checks (CHECK, docs/vm-controller.md): hook names, one
    a line in /etc/clan/checks. The apps' own (check-<app>) are listed by
    default; a machine's module may add its own hooks.
  */
  options.clan.controller.checks = lib.mkOption {
    type = lib.types.listOf lib.types.str;
    default = [ ];
    description = "Hooks (names in clan.controller.hooks) the VM controller's CHECK runs as the machine's app checks, e.g. before a verified restore calls a snapshot restorable.";
  };

  config.assertions = [
    {
      assertion = !config.boot.initrd.systemd.enable;
      message = "clan vmGuest formats a blank state disk in the scripted stage 1 (boot.initrd.postDeviceCommands); boot.initrd.systemd.enable is not supported.";
    }
  ]
  ++ map (name: {
    assertion = builtins.match "[a-z0-9-]+" name != null;
    message = "clan.controller.hooks: the hook name ${builtins.toJSON name} must be lower-case letters, digits and dashes.";
  }) (builtins.attrNames hooks)
  ++ [
    {
      # The controller's BACKUP refuses a listed hook without a script; say so at build time.
      assertion = !backup.enable || missingHooks == [ ];
      message = "clan.backup.hooks lists ${builtins.concatStringsSep ", " missingHooks}, but clan.controller.hooks has no script of that name: declare clan.controller.hooks.<name>, or this machine's backups would fail.";
    }
  ]
  # CHECK reports a listed check without a hook as failed; say so at build time.
  ++ map (name: {
    assertion = hooks ? ${name};
    message = "clan.controller.checks lists ${builtins.toJSON name}, but clan.controller.hooks has no script of that name: declare clan.controller.hooks.${name}, or every CHECK (and verified restore) of this machine would fail.";
  }) checks;

  # Each entry a default, so a machine's own module can replace a script.
  config.clan.controller.hooks = lib.mkIf (appHookDefs != { }) appHookDefs;
  config.clan.controller.checks = builtins.attrNames appChecks;

  # No boot loader: the panel boots each generation's kernel and initrd itself.
  config.boot.loader.grub.enable = false;
  config.boot.isContainer = false;
  # The serial console is the panel's boot log (serial.log) and carries the boot marker.
  config.boot.kernelParams = [ "console=ttyS0" ];
  config.boot.initrd.availableKernelModules = [
    "virtio_pci"
    "virtio_blk"
    "virtio_console"
    "ext4"
  ];

  /*
    The whole state disk is /: everything outside the store persists across
    reboots, generations and rollbacks (user-chosen folders such as
    syncthing's sharedFolders can be anywhere, /etc/ssh keys, /var/lib/nixos's
    uid map). Mounted by stage 1, before activation.
  */
  config.fileSystems."/" = {
    device = stateDisk;
    fsType = "ext4";
  };

  /*
    The store disk, mounted read-only at /nix/store as microvm.nix does with
    storeOnDisk (without a writable overlay). No Nix database is registered
    (microvm.nix loads one only when nix.enable): the guest runs no Nix.
    noCheck: fsck would open the read-only device for writing and fail stage 1.
  */
  config.fileSystems."/nix/store" = {
    device = "/dev/disk/by-label/clan-store";
    fsType = "ext4";
    options = [ "ro" ];
    neededForBoot = true;
    noCheck = true;
  };

  /*
    The secrets disk (the panel's vms/secrets-disk.ts): an ext4 image whose
    directories are 0700 and files 0400, owned by root. Mounted after stage 1
    by systemd, read-only and with nothing executable; `nofail` so a VM booted
    without it (by hand) still comes up, and units that need a secret order
    themselves after the mount (the WireGuard mesh does: RequiresMountsFor).
  */
  config.fileSystems.${secretsDir} = {
    device = "/dev/disk/by-id/virtio-clan-secrets";
    fsType = "ext4";
    options = [
      "ro"
      "nofail"
      "nosuid"
      "nodev"
      "noexec"
      "x-systemd.device-timeout=10s"
    ];
    noCheck = true;
  };

  # fileSystems.<fs>.autoFormat becomes x-systemd.makefs, which the scripted
  # stage 1 ignores; format the blank state disk before stage 1 mounts it, as
  # nixpkgs' qemu-vm.nix long did. e2fsprogs' mke2fs replaces busybox's (ext2
  # only); the script calls it as mkfs.ext4.
  config.boot.initrd.extraUtilsCommands = ''
    copy_bin_and_libs ${pkgs.e2fsprogs}/bin/mke2fs
    ln -sf mke2fs $out/bin/mkfs.ext4
  '';
  config.boot.initrd.extraUtilsCommandsTest = ''
    $out/bin/mkfs.ext4 -V
  '';
  config.boot.initrd.postDeviceCommands = ''
    ${builtins.readFile ./vm-guest/format-state-disk.sh}
    clan_format_state_disk ${stateDisk} || true
  '';

  # The store is a read-only image of one closure: nothing to manage, no daemon.
  config.nix.enable = false;

  config.system.stateVersion = lib.mkDefault "25.05";

  # `CLAN-BOOT machine=<m> generation=<n>` on ttyS0, early, like the test system.
  config.systemd.services.clan-boot-marker = {
    description = "cLAN boot marker on the serial console";
    wantedBy = [ "sysinit.target" ];
    before = [ "sysinit.target" ];
    unitConfig.DefaultDependencies = false;
    path = [ pkgs.coreutils ];
    serviceConfig = {
      Type = "oneshot";
      RemainAfterExit = true;
      ExecStart = "${pkgs.bash}/bin/bash ${scripts}/boot-marker.sh";
      StandardOutput = "tty";
      StandardError = "journal";
      TTYPath = "/dev/ttyS0";
    };
  };

  /*
    The VM controller (./vm-guest/controller.sh, docs/vm-controller.md) on
    the virtio-serial ports org.clan.health.0 and org.clan.control.0 (found
    as /dev/virtio-ports/<name>, udev's links; a domain without the control
    port gets everything on the health port): answers the panel's PING once
    multi-user.target is reached ("healthy" means the system came all the way
    up) and the authenticated requests (facts, hooks, freeze/thaw of /,
    backup and restore with restic into the machine's repository).
  */
  config.systemd.services.clan-controller = {
    description = "cLAN VM controller (virtio-serial org.clan.health.0 and org.clan.control.0)";
    wantedBy = [ "multi-user.target" ];
    after = [ "multi-user.target" ];
    path = [
      pkgs.coreutils
      pkgs.gawk
      pkgs.gnused
      pkgs.util-linux
      pkgs.systemd
    ]
    ++ lib.optional backup.enable pkgs.restic;
    serviceConfig = {
      ExecStart = "${pkgs.bash}/bin/bash ${scripts}/controller.sh";
      Restart = "always";
      RestartSec = 1;
      # 2: no valid clan.machine / clan.generation on the kernel command line.
      RestartPreventExitStatus = 2;
    };
  };

  # Nothing at all without files (the option manifest's checker reads an empty etc as set).
  config.environment = lib.optionalAttrs (etcFiles != [ ]) {
    etc = builtins.listToAttrs etcFiles;
  };
}
