# Sourced into the scripted initrd (boot.initrd.postDeviceCommands, busybox
# ash) and by the tests. Formats the state disk on first boot, before stage 1
# mounts it as /: ext4 labelled clan-state, and only when the disk is blank
# (nothing blkid recognises, and its first MiB all zeros, as qemu-img creates
# it). Anything else is left alone: a disk that fails to mount is never
# formatted. Never exits (that would end stage 1); returns 1 on a problem.
#   clan_format_state_disk DEVICE [WAIT]   WAIT: tenths of a second to wait
#                                          for DEVICE to appear (default 100)
clan_format_state_disk() {
  _clan_dev=$1
  _clan_i=0
  while [ ! -e "$_clan_dev" ]; do
    _clan_i=$((_clan_i + 1))
    if [ "$_clan_i" -gt "${2:-100}" ]; then
      echo "clan: state disk $_clan_dev did not appear"
      return 1
    fi
    sleep 0.1
  done
  blkid -p "$_clan_dev" >/dev/null 2>&1
  _clan_rc=$?
  # 2: no signature found; 0: a filesystem (or partition table) is there.
  [ "$_clan_rc" = 2 ] || return 0
  _clan_read=$(dd if="$_clan_dev" bs=65536 count=16 2>/dev/null | wc -c)
  _clan_nonzero=$(dd if="$_clan_dev" bs=65536 count=16 2>/dev/null | tr -d '\000' | wc -c)
  if [ "$_clan_read" -ne 1048576 ] || [ "$_clan_nonzero" -ne 0 ]; then
    echo "clan: state disk $_clan_dev is not blank (data but no filesystem, or unreadable): not formatting it"
    return 1
  fi
  echo "clan: formatting the blank state disk $_clan_dev (ext4, label clan-state)"
  # mkfs.ext4, not mke2fs: busybox shells may prefer their own mke2fs applet (ext2 only).
  mkfs.ext4 -q -F -L clan-state "$_clan_dev" || {
    echo "clan: mkfs.ext4 of $_clan_dev failed"
    return 1
  }
}
