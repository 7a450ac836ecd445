#!/bin/sh
# Copies the host files the flake builds from into DIR (default: this
# directory): pure flake evaluation refuses absolute paths like /bin/busybox.
#   DIR/bin/busybox            busybox-static
#   DIR/kernel/bzImage         the newest /boot/vmlinuz-* (linux-image-amd64)
#   DIR/kernel/modules/*.ko    the modules the init loads (state disk, ACPI
#                              power button, virtio NIC, WireGuard), decompressed
#   DIR/extra/                 wg (wireguard-tools) and openssl with the
#                              libraries they load, at the host's paths: the
#                              mesh and HTTPS of a machine in the mesh
#   DIR/restic/                restic (Debian package restic) with the libraries
#                              it loads, the same way: the BACKUP and RESTORE of
#                              a machine with backup.enable
#   DIR/controller.sh          the VM controller, nix/modules/vm-guest/controller.sh
#                              (the same file as in NixOS machines); whoever
#                              copies this directory elsewhere copies it too
# Must run as root (the Debian kernel image is root-readable only).
set -eu
dir=${1:-$(dirname "$0")}
fail() { echo "prepare.sh: $*" >&2; exit 1; }

if [ ! -f "$dir/controller.sh" ]; then
  shared=$(dirname "$0")/../modules/vm-guest/controller.sh
  [ -f "$shared" ] || fail "controller.sh missing in $dir: copy nix/modules/vm-guest/controller.sh next to flake.nix"
  cp "$shared" "$dir/controller.sh"
fi
[ -x /bin/busybox ] && /bin/busybox --list | grep -qx mke2fs ||
  fail "/bin/busybox missing: install the Debian package busybox-static"
kernel=$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -1)
[ -n "$kernel" ] || fail "no /boot/vmlinuz-*: install the Debian package linux-image-amd64"
[ -r "$kernel" ] || fail "$kernel is not readable: run as root"
version=${kernel#/boot/vmlinuz-}
moddir=/lib/modules/$version
[ -d "$moddir" ] || fail "$moddir missing: reinstall the Debian kernel package for $version"

mkdir -p "$dir/bin" "$dir/kernel/modules"
cp /bin/busybox "$dir/bin/busybox"
cp "$kernel" "$dir/kernel/bzImage"
chmod 0644 "$dir/kernel/bzImage"
rm -f "$dir/kernel/modules/"*.ko
# Load order matters (insmod resolves no dependencies); init.sh uses
# modules.order. The wanted modules and their dependencies from modules.dep,
# dependencies first; whatever this kernel has built in is skipped (Debian
# builds virtio as modules, other kernels build it in).
: > "$dir/kernel/modules/modules.order"
copy_module() { # relative path in modules.dep, module name
  f=$moddir/$1
  case "$f" in
    *.xz) /bin/busybox xz -dc "$f" > "$dir/kernel/modules/$2.ko" ;;
    *.zst) zstd -dc "$f" > "$dir/kernel/modules/$2.ko" ;;
    *.gz) /bin/busybox gzip -dc "$f" > "$dir/kernel/modules/$2.ko" ;;
    *) cp "$f" "$dir/kernel/modules/$2.ko" ;;
  esac
}
add_module() { # module name
  grep -qx "$1" "$dir/kernel/modules/modules.order" && return 0
  line=$(grep -E "/$1\.ko(\.xz|\.zst|\.gz)?:" "$moddir/modules.dep" | head -1)
  if [ -z "$line" ]; then
    grep -qE "/$1\.ko" "$moddir/modules.builtin" 2>/dev/null && return 0
    fail "kernel module $1 not found under $moddir"
  fi
  path=${line%%:*}
  deps=${line#*:}
  # modprobe loads the last dependency first.
  rev=
  for d in $deps; do rev="$d $rev"; done
  for d in $rev; do
    n=${d##*/}; n=${n%%.ko*}
    add_module "$n"
  done
  # add_module recursion reuses $path: recompute it for this module.
  line=$(grep -E "/$1\.ko(\.xz|\.zst|\.gz)?:" "$moddir/modules.dep" | head -1)
  copy_module "${line%%:*}" "$1"
  echo "$1" >> "$dir/kernel/modules/modules.order"
}
for m in crc32c_generic ext4 virtio_pci virtio_blk virtio_console evdev button virtio_net wireguard; do
  add_module "$m"
done
echo "$version" > "$dir/kernel/version"

# wg and openssl for the guest's mesh and HTTPS (init.sh), restic for its
# backups (the VM controller): each binary in <set>/bin, the libraries ldd
# names (and the dynamic loader) at their host paths, so the guest runs them
# exactly as the host does. Two sets, so each initrd carries only what its
# machine uses.
rm -rf "$dir/extra" "$dir/restic"
copy_tool() { # set (extra or restic), command, Debian package
  bin=$(command -v "$2" 2>/dev/null) || fail "$2 missing: install the Debian package $3"
  mkdir -p "$dir/$1/bin"
  cp -L "$bin" "$dir/$1/bin/$2"
  libs=$(ldd "$bin" 2>/dev/null | /bin/busybox awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }') ||
    fail "ldd $bin failed: install the Debian package libc-bin"
  for f in $libs; do
    mkdir -p "$dir/$1$(dirname "$f")"
    cp -L "$f" "$dir/$1$f"
  done
}
copy_tool extra wg wireguard-tools
copy_tool extra openssl openssl
copy_tool restic restic restic
