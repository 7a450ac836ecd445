# Builder (busybox sh, in the Nix sandbox): packs the initramfs and lays out
# $out like a NixOS system: kernel, initrd, init, kernel-params.
set -eu
bb=$busybox/busybox
$bb mkdir -p tools
$bb --install -s "$PWD/tools"
export PATH=$PWD/tools
mkdir -p root/bin root/lib/modules root/dev root/proc root/sys root/state "$out"
cp "$bb" root/bin/busybox
cp "$modules"/* root/lib/modules/
# A machine in the mesh: wg, openssl and their libraries (prepare.sh, extra/).
if [ -n "$extra" ]; then
  cp -r "$extra"/. root/
  chmod -R u+w root
fi
# A machine with backup.enable: restic and its libraries (prepare.sh, restic/),
# and the lists the controller's BACKUP reads: the demo's data directory and
# its dump hook (which writes into /state/dumps, mounted at /var/lib/clan/dumps).
if [ -n "$restic" ]; then
  cp -r "$restic"/. root/
  chmod -R u+w root
  mkdir -p root/etc/clan/backup
  printf '/state/data\n' > root/etc/clan/backup/paths
  printf 'demo-dump\n' > root/etc/clan/backup/hooks
fi
# The VM controller (the same file as in NixOS machines) and the hooks this
# machine declares (flake.nix renders them as printf commands into $hooksScript).
mkdir -p root/etc/clan/hooks
cp "$controller" root/etc/clan/controller.sh
(cd root/etc/clan/hooks && eval "$hooksScript")
chmod -R 0755 root/etc/clan/hooks
# Third-party apps active on this machine (flake.nix renders them as commands
# into $appsScript): each app's pinned NixOS module and, for one with a web
# interface, its page and port under etc/clan/apps/<key>.
if [ -n "${appsScript:-}" ]; then
  (cd root && eval "$appsScript")
fi
# The app checks CHECK runs (hook names, one a line).
[ -n "$checksFile" ] && printf '%s' "$checksFile" > root/etc/clan/checks
printf '%s' "$initScript" > root/init
chmod 0755 root/init root/bin/busybox
# Fixed file times, owner and inode numbers (whichever build user and disk
# built it): the same contents give the same initrd, as a NixOS initrd (its own
# store path) does, so "the initrd changed" means a reboot is needed.
find root -exec touch -h -t 197001010000.01 {} +
(cd root && find . | sort | cpio -o -H newc -R 0:0 --ignore-devno --renumber-inodes 2>/dev/null | gzip -9) > "$out/initrd"
ln -s "$kernel" "$out/kernel"
cp root/init "$out/init"
printf '%s\n' "$kernelParams" > "$out/kernel-params"
printf '%s\n' "$machineName" > "$out/machine"
printf '%s\n' "$generation" > "$out/generation"
[ -n "$configJson" ] && printf '%s\n' "$configJson" > "$out/config.json"
true
