# The boot marker, as the test system prints it: one line on stdout (the
# clan-boot-marker unit sends it to /dev/ttyS0, the serial log the panel reads).
#   CLAN_CMDLINE   the kernel command line file (default /proc/cmdline)
# Exit status 2: no valid clan.machine / clan.generation on the command line.
. "$(dirname "$0")/cmdline.sh"
clan_read_cmdline "${CLAN_CMDLINE:-/proc/cmdline}" || exit 2
printf 'CLAN-BOOT machine=%s generation=%s\n' "$CLAN_MACHINE" "$CLAN_GENERATION"
