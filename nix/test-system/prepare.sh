#!/bin/sh
# Copies the host files the flake builds from into DIR (default: this
# directory): pure flake evaluation refuses absolute paths like /bin/busybox.
#   DIR/bin/busybox            busybox-static
#   DIR/kernel/bzImage         the newest /boot/vmlinuz-* (linux-image-amd64)
#   DIR/kernel/modules/*.ko    the modules the init loads (state disk, ACPI
#                              power button), decompressed
# Must run as root (the Debian kernel image is root-readable only).
set -eu
dir=${1:-$(dirname "$0")}
fail() { echo "prepare.sh: $*" >&2; exit 1; }

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
# Load order matters (insmod resolves no dependencies); init.sh uses modules.order.
: > "$dir/kernel/modules/modules.order"
for m in crc16 mbcache jbd2 crc32c_generic ext4 virtio_blk evdev button; do
  f=$(find "$moddir/kernel" -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" -o -name "$m.ko.gz" | head -1)
  if [ -z "$f" ]; then
    # Built into this kernel: nothing to load.
    grep -q "/$m.ko" "$moddir/modules.builtin" 2>/dev/null && continue
    fail "kernel module $m not found under $moddir"
  fi
  case "$f" in
    *.xz) /bin/busybox xz -dc "$f" > "$dir/kernel/modules/$m.ko" ;;
    *.zst) zstd -dc "$f" > "$dir/kernel/modules/$m.ko" ;;
    *.gz) /bin/busybox gzip -dc "$f" > "$dir/kernel/modules/$m.ko" ;;
    *) cp "$f" "$dir/kernel/modules/$m.ko" ;;
  esac
  echo "$m" >> "$dir/kernel/modules/modules.order"
done
echo "$version" > "$dir/kernel/version"
