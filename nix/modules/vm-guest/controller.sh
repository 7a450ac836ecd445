# The VM controller (docs/vm-controller.md): the one agent inside every
# machine, the same file in the NixOS module (vm-guest.nix runs it as
# clan-controller.service) and in the demo system (its init runs it). Plain
# POSIX sh: bash in NixOS, busybox sh in the demo's initrd.
#
# One line protocol on the virtio-serial port org.clan.health.0:
#   PING <nonce>                     → PONG <nonce> <machine> <generation>
#   REQ <id> <token> <VERB> [args…]  → LOG <id> <text>…, then one
#                                      END <id> ok <JSON> | END <id> error <sentence>
# VERBs: FACTS, HOOK <name>, FREEZE <mount>, THAW <mount>; BACKUP and RESTORE
# are reserved. A request runs only when <token> equals the machine's token
# on the secrets disk. Other lines are ignored; nothing a line says ends the loop.
#
# Environment (defaults are the NixOS guest's):
#   CLAN_MACHINE, CLAN_GENERATION  who we are; read from the kernel command line
#                                  (cmdline.sh next to this file) when unset
#   CLAN_CMDLINE          the kernel command line file (default /proc/cmdline)
#   CLAN_CONTROLLER_PORT  the port (default /dev/virtio-ports/org.clan.health.0)
#   CLAN_CONTROLLER_OUT   tests only: answers go to this file instead of back to
#                         the port, so two FIFOs can stand in for it
#   CLAN_CONTROLLER_ROOT  tests only: prefix of every file read or written
#   CLAN_STATE_MOUNT      the state disk's mount point (default /; demo /state)
#   CLAN_HOOKS_DIR        the declared hooks (default /etc/clan/hooks)
#   CLAN_THAW_AFTER       seconds until a frozen state disk thaws by itself (60)
#   CLAN_FSFREEZE         the fsfreeze command (tests put a fake in)
# Exit status 2: no valid machine / generation.
if [ -z "${CLAN_MACHINE:-}" ] || [ -z "${CLAN_GENERATION:-}" ]; then
  . "$(dirname "$0")/cmdline.sh"
  clan_read_cmdline "${CLAN_CMDLINE:-/proc/cmdline}" || exit 2
fi
root=${CLAN_CONTROLLER_ROOT:-}
port=${CLAN_CONTROLLER_PORT:-/dev/virtio-ports/org.clan.health.0}
state_mount=${CLAN_STATE_MOUNT:-/}
hooks_dir=$root${CLAN_HOOKS_DIR:-/etc/clan/hooks}
token_file=$root/run/clan-secrets/controller/token
run_dir=$root/run/clan-controller
thaw_after=${CLAN_THAW_AFTER:-60}
fsfreeze=${CLAN_FSFREEZE:-fsfreeze}
mkdir -p "$run_dir"

# JSON string body: backslash, double quote and control characters escaped.
json_str() {
  printf '%s' "$1" | tr '\t\r\n' '   ' | sed 's/\\/\\\\/g; s/"/\\"/g'
}

end_ok() { printf 'END %s ok %s\n' "$1" "$2"; }
end_error() { printf 'END %s error %s\n' "$1" "$2"; }

facts() { # id
  up=$(cut -d' ' -f1 "$root/proc/uptime" 2>/dev/null)
  up=${up%%.*}
  case "$up" in '' | *[!0-9]*) up=0 ;; esac
  # POSIX df: 1024-byte blocks; line 2 is the mount's.
  set -- "$1" $(df -Pk "$root$state_mount" 2>/dev/null | awk 'NR == 2 { print $2, $3 }')
  size=${2:-0}
  used=${3:-0}
  failed=
  if command -v systemctl >/dev/null 2>&1; then
    for u in $(systemctl --failed --plain --no-legend 2>/dev/null | awk '{ print $1 }'); do
      failed="$failed${failed:+,}\"$(json_str "$u")\""
    done
  fi
  end_ok "$1" "{\"machine\":\"$CLAN_MACHINE\",\"generation\":$CLAN_GENERATION,\"uptimeSeconds\":$up,\"stateDisk\":{\"mount\":\"$(json_str "$state_mount")\",\"sizeBytes\":$((size * 1024)),\"usedBytes\":$((used * 1024))},\"failedUnits\":[$failed]}"
}

hook() { # id name
  case "$2" in
    '' | *[!a-z0-9-]*)
      end_error "$1" "A hook name is lower-case letters, digits and dashes; '$2' is not one."
      return
      ;;
  esac
  if [ ! -f "$hooks_dir/$2" ] || [ ! -x "$hooks_dir/$2" ]; then
    end_error "$1" "This machine declares no hook named $2; nothing was run."
    return
  fi
  # The hook never sees the port: stdin is /dev/null, its output becomes LOG lines.
  rm -f "$run_dir/hook-status"
  { "$hooks_dir/$2" </dev/null 2>&1; echo $? >"$run_dir/hook-status"; } | while IFS= read -r l; do
    printf 'LOG %s %s\n' "$1" "$l"
  done
  status=$(cat "$run_dir/hook-status" 2>/dev/null)
  if [ "$status" = 0 ]; then
    end_ok "$1" "{\"hook\":\"$2\",\"exitCode\":0}"
  else
    end_error "$1" "The hook $2 failed (exit status ${status:-unknown}); its output is above."
  fi
}

# FREEZE stops writes to the state disk (for a consistent snapshot) and starts
# a timer that thaws it after $thaw_after seconds should the host never say THAW.
freeze() { # id mount
  if [ "$2" != "$state_mount" ]; then
    end_error "$1" "Only the state disk ($state_mount) can be frozen, not '$2'."
    return
  fi
  if [ -f "$run_dir/frozen" ]; then
    end_error "$1" "$state_mount is frozen already; send THAW first."
    return
  fi
  if ! out=$($fsfreeze --freeze "$root$2" 2>&1); then
    end_error "$1" "fsfreeze could not freeze $2: $(echo $out)"
    return
  fi
  (
    sleep "$thaw_after"
    $fsfreeze --unfreeze "$root$2"
    rm -f "$run_dir/frozen"
    : >"$run_dir/auto-thawed"
  ) </dev/null >/dev/null 2>&1 &
  echo $! >"$run_dir/frozen"
  rm -f "$run_dir/auto-thawed"
  end_ok "$1" "{\"mount\":\"$(json_str "$2")\",\"frozen\":true,\"thawAfterSeconds\":$thaw_after}"
}

thaw() { # id mount
  if [ "$2" != "$state_mount" ]; then
    end_error "$1" "Only the state disk ($state_mount) can be thawed, not '$2'."
    return
  fi
  if [ ! -f "$run_dir/frozen" ]; then
    if [ -f "$run_dir/auto-thawed" ]; then
      end_error "$1" "$2 had been frozen longer than $thaw_after seconds and was thawed already; the snapshot taken meanwhile may not be consistent."
    else
      end_error "$1" "$2 is not frozen."
    fi
    return
  fi
  kill "$(cat "$run_dir/frozen")" 2>/dev/null
  rm -f "$run_dir/frozen"
  if ! out=$($fsfreeze --unfreeze "$root$2" 2>&1); then
    end_error "$1" "fsfreeze could not thaw $2: $(echo $out)"
    return
  fi
  end_ok "$1" "{\"mount\":\"$(json_str "$2")\",\"frozen\":false}"
}

request() { # id token verb args…
  id=$1
  case "$id" in
    '' | *[!A-Za-z0-9-]*) return ;; # no id to answer to
  esac
  if [ "${#id}" -gt 64 ]; then return; fi
  want=$(cat "$token_file" 2>/dev/null)
  if [ -z "$want" ]; then
    end_error "$id" "This machine has no controller token on its secrets disk (/run/clan-secrets/controller/token); redeploy it so the panel writes one. Nothing was run."
    return
  fi
  if [ "$2" != "$want" ]; then
    end_error "$id" "The request's token is not this machine's controller token; nothing was run."
    return
  fi
  verb=$3
  shift 3
  case "$verb" in
    FACTS) facts "$id" ;;
    HOOK) hook "$id" "${1:-}" ;;
    FREEZE) freeze "$id" "${1:-}" ;;
    THAW) thaw "$id" "${1:-}" ;;
    BACKUP | RESTORE) end_error "$id" "$verb is reserved and not implemented by this machine's controller yet." ;;
    *) end_error "$id" "Unknown request '$verb'; this controller knows FACTS, HOOK, FREEZE and THAW." ;;
  esac
}

answer() {
  set -f
  while read -r verb rest; do
    case "$verb" in
      PING)
        set -- $rest
        [ -n "${1:-}" ] && printf 'PONG %s %s %s\n' "$1" "$CLAN_MACHINE" "$CLAN_GENERATION"
        ;;
      REQ)
        set -- $rest
        [ $# -ge 3 ] && request "$@"
        [ $# -ge 1 ] && [ $# -lt 3 ] && request "$1" "" ""
        ;;
    esac
  done
}

echo "clan: controller on $port as $CLAN_MACHINE generation $CLAN_GENERATION" >&2
# A virtio port has one opener and reads EOF while no host is connected, so:
# one read-write descriptor, and open it again whenever the host goes away.
while true; do
  if [ -e "$port" ]; then
    if [ -n "${CLAN_CONTROLLER_OUT:-}" ]; then
      answer <"$port" >"$CLAN_CONTROLLER_OUT"
    else
      answer <>"$port" >&0
    fi
  fi
  sleep 0.2
done
