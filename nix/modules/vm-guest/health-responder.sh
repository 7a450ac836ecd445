# The guest side of the panel's health probe (docs/vms.md): every line
# `PING <nonce>` that arrives on the virtio-serial port org.clan.health.0 is
# answered `PONG <nonce> <machine> <generation>`, machine and generation from
# the kernel command line. Other lines are ignored. Runs until killed.
#   CLAN_CMDLINE      the kernel command line file (default /proc/cmdline)
#   CLAN_HEALTH_PORT  the port (default /dev/virtio-ports/org.clan.health.0)
#   CLAN_HEALTH_OUT   tests only: answers go to this file instead of back to
#                     the port, so two FIFOs can stand in for the port
# Exit status 2: no valid clan.machine / clan.generation on the command line.
. "$(dirname "$0")/cmdline.sh"
clan_read_cmdline "${CLAN_CMDLINE:-/proc/cmdline}" || exit 2
port=${CLAN_HEALTH_PORT:-/dev/virtio-ports/org.clan.health.0}

answer() {
  while read -r verb nonce rest; do
    if [ "$verb" = PING ] && [ -n "$nonce" ]; then
      printf 'PONG %s %s %s\n' "$nonce" "$CLAN_MACHINE" "$CLAN_GENERATION"
    fi
  done
}

echo "clan: answering health probes on $port as $CLAN_MACHINE generation $CLAN_GENERATION" >&2
# A virtio port has one opener and reads EOF while no host is connected, so:
# one read-write descriptor, and open it again whenever the host goes away.
while true; do
  if [ -e "$port" ]; then
    if [ -n "${CLAN_HEALTH_OUT:-}" ]; then
      answer <"$port" >"$CLAN_HEALTH_OUT"
    else
      answer <>"$port" >&0
    fi
  fi
  sleep 0.2
done
