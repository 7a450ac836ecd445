# What the panel relies on in a built machine (docs/vms.md): the boot files
# it copies, the serial console in kernel-params, the store disk and the
# state disk as stage 1 mounts them, the secrets disk, and the two cLAN units.
{ pkgs, guest }:
let
  cfg = guest.config;
  toplevel = cfg.system.build.toplevel;
  fs = cfg.fileSystems;
  units = cfg.systemd.units;
in
assert fs."/nix/store".device == "/dev/disk/by-label/clan-store";
assert builtins.elem "ro" fs."/nix/store".options && fs."/nix/store".neededForBoot;
assert fs."/".device == "/dev/vda" && fs."/".fsType == "ext4";
assert fs."/run/clan-secrets".device == "/dev/disk/by-id/virtio-clan-secrets";
assert builtins.elem "ro" fs."/run/clan-secrets".options && !(fs."/run/clan-secrets".neededForBoot or false);
assert !cfg.nix.enable;
assert units ? "clan-controller.service" && units ? "clan-boot-marker.service";
pkgs.runCommand "clan-vm-guest-check" { } ''
  for f in kernel initrd init kernel-params; do
    test -e ${toplevel}/$f || { echo "missing $f in the toplevel"; exit 1; }
  done
  grep -qw 'console=ttyS0' ${toplevel}/kernel-params || { echo "kernel-params lack console=ttyS0"; exit 1; }
  grep -q 'clan_format_state_disk /dev/vda' ${cfg.system.build.bootStage1} || { echo "stage 1 does not format the state disk"; exit 1; }
  touch $out
''
