# What every example machine needs to evaluate as a full system: the VM's
# disks and no boot loader (the panel boots generations directly).
{ lib, ... }:
{
  boot.loader.grub.enable = false;
  fileSystems."/" = {
    device = "/dev/vda";
    fsType = "ext4";
  };
  system.stateVersion = lib.mkDefault "25.05";
}
