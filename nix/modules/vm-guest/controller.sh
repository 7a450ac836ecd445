# The VM controller (docs/vm-controller.md): the one agent inside every
# machine, the same file in the NixOS module (vm-guest.nix runs it as
# clan-controller.service) and in the demo system (its init runs it). Plain
# POSIX sh: bash in NixOS, busybox sh in the demo's initrd.
#
# One line protocol on two virtio-serial ports, each read by its own loop so
# a long request (a backup) never holds up a health probe:
#   org.clan.health.0   PING <nonce> → PONG <nonce> <machine> <generation> control
#   org.clan.control.0  REQ <id> <token> <VERB> [args…] → LOG <id> <text>…, then
#                       one END <id> ok <JSON> | END <id> error <sentence>; PING too
# A REQ on the health port gets an END error naming the control port. Without
# a control port (a domain defined before it existed) the health port takes
# both, one after the other, and the PONG lacks the word "control".
# VERBs: FACTS, HOOK <name>, FREEZE <mount>, THAW <mount>, BACKUP [tag…],
# DUMPS (BACKUP's dump hooks only, no restic: END ok {"hooks":[…]}),
# RESTORE <snapshot> <path>, CHECK (the machine's app checks: the hooks named
# in /etc/clan/checks). A request runs only when <token> equals the
# machine's token on the secrets disk. Other lines are ignored; nothing a line
# says ends the loop.
#
# Environment (defaults are the NixOS guest's):
#   CLAN_MACHINE, CLAN_GENERATION  who we are; read from the kernel command line
#                                  (cmdline.sh next to this file) when unset
#   CLAN_CMDLINE          the kernel command line file (default /proc/cmdline)
#   CLAN_CONTROLLER_PORT  the health port (default /dev/virtio-ports/org.clan.health.0)
#   CLAN_CONTROL_PORT     the control port (default /dev/virtio-ports/org.clan.control.0);
#                         used when it exists as the controller starts
#   CLAN_CONTROLLER_OUT, CLAN_CONTROL_OUT
#                         tests only: the answers of each port go to this file
#                         instead of back to the port, so FIFOs can stand in
#   CLAN_CONTROLLER_ROOT  tests only: prefix of every file read or written
#   CLAN_STATE_MOUNT      the state disk's mount point (default /; demo /state)
#   CLAN_HOOKS_DIR        the declared hooks (default /etc/clan/hooks)
#   CLAN_CHECK_TIMEOUT    seconds each check may run (default 60)
#   CLAN_TIMEOUT          the timeout command (default timeout; empty or
#                         missing: the controller stops a late check itself)
#   CLAN_THAW_AFTER       seconds until a frozen state disk thaws by itself (60)
#   CLAN_FSFREEZE         the fsfreeze command (tests put a fake in)
#   CLAN_RESTIC           the restic command (default restic on PATH)
# Exit status 2: no valid machine / generation.
if [ -z "${CLAN_MACHINE:-}" ] || [ -z "${CLAN_GENERATION:-}" ]; then
  . "$(dirname "$0")/cmdline.sh"
  clan_read_cmdline "${CLAN_CMDLINE:-/proc/cmdline}" || exit 2
fi
root=${CLAN_CONTROLLER_ROOT:-}
port=${CLAN_CONTROLLER_PORT:-/dev/virtio-ports/org.clan.health.0}
control_port=${CLAN_CONTROL_PORT:-/dev/virtio-ports/org.clan.control.0}
state_mount=${CLAN_STATE_MOUNT:-/}
hooks_dir=$root${CLAN_HOOKS_DIR:-/etc/clan/hooks}
checks_file=$root/etc/clan/checks
check_timeout=${CLAN_CHECK_TIMEOUT:-60}
timeout_cmd=${CLAN_TIMEOUT-timeout}
token_file=$root/run/clan-secrets/controller/token
run_dir=$root/run/clan-controller
thaw_after=${CLAN_THAW_AFTER:-60}
fsfreeze=${CLAN_FSFREEZE:-fsfreeze}
restic=${CLAN_RESTIC:-restic}
# What BACKUP saves: the configuration's lists (one entry a line), the dumps
# its hooks write, and the repository settings on the secrets disk.
backup_conf=$root/etc/clan/backup
backup_env=$root/run/clan-secrets/backup/env
dumps_dir=$root/var/lib/clan/dumps
restic_cache=$root/var/cache/clan-restic
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

# Runs a declared hook: stdin /dev/null (it never sees the port), stdout and
# stderr become LOG lines; its exit status ends up in $hook_status.
run_hook() { # id name
  rm -f "$run_dir/hook-status"
  { CLAN_DUMPS_DIR=$dumps_dir "$hooks_dir/$2" </dev/null 2>&1; echo $? >"$run_dir/hook-status"; } | while IFS= read -r l; do
    printf 'LOG %s %s\n' "$1" "$l"
  done
  hook_status=$(cat "$run_dir/hook-status" 2>/dev/null)
}

hook_declared() { # name
  case "$1" in '' | *[!a-z0-9-]*) return 1 ;; esac
  [ -f "$hooks_dir/$1" ] && [ -x "$hooks_dir/$1" ]
}

hook() { # id name
  case "$2" in
    '' | *[!a-z0-9-]*)
      end_error "$1" "A hook name is lower-case letters, digits and dashes; '$2' is not one."
      return
      ;;
  esac
  if ! hook_declared "$2"; then
    end_error "$1" "This machine declares no hook named $2; nothing was run."
    return
  fi
  run_hook "$1" "$2"
  if [ "$hook_status" = 0 ]; then
    end_ok "$1" "{\"hook\":\"$2\",\"exitCode\":0}"
  else
    end_error "$1" "The hook $2 failed (exit status ${hook_status:-unknown}); its output is above."
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

# BACKUP and RESTORE run restic inside the machine against its own repository
# (docs/backups.md "Machine repositories"). The repository settings
# (RESTIC_REPOSITORY with the HTTP password, RESTIC_PASSWORD) are read from the
# secrets disk in restic_run's subshell only: never evaluated as shell code,
# never on a command line (restic and awk find them in their environment), and
# masked as *** in every line restic prints.
#
# restic's output filter (awk, busybox's in the demo): mode "backup" turns the
# JSON status lines into `LOG <id> progress <percent> <bytes done> <total>`,
# at most one a second, and writes the summary's numbers to $summary; mode
# "log" makes every line a LOG line; mode "raw" passes lines through.
restic_filter='
function mask(s,  i, k, v) {
  for (k = 0; k < nsecret; k++) {
    v = secret[k]
    while ((i = index(s, v)) > 0) s = substr(s, 1, i - 1) "***" substr(s, i + length(v))
  }
  return s
}
function num(s, key) {
  if (!match(s, "\"" key "\":[0-9.eE+-]+")) return 0
  return substr(s, RSTART + length(key) + 3, RLENGTH - length(key) - 3) + 0
}
function hex(s, key) {
  if (!match(s, "\"" key "\":\"[0-9a-f]+\"")) return ""
  return substr(s, RSTART + length(key) + 4, RLENGTH - length(key) - 5)
}
BEGIN {
  nsecret = 0
  r = ENVIRON["RESTIC_REPOSITORY"]
  if (r != "") secret[nsecret++] = r
  if (match(r, /:\/\/[^\/@]*@/)) {
    u = substr(r, RSTART + 3, RLENGTH - 4)
    i = index(u, ":")
    if (i > 0 && i < length(u)) secret[nsecret++] = substr(u, i + 1)
  }
  if (ENVIRON["RESTIC_PASSWORD"] != "") secret[nsecret++] = ENVIRON["RESTIC_PASSWORD"]
  last = -1
}
mode == "raw" { print mask($0); next }
mode == "backup" && /"message_type":"status"/ {
  srand(); now = srand()
  if (now != last) {
    last = now
    printf "LOG %s progress %d %.0f %.0f\n", id, num($0, "percent_done") * 100, num($0, "bytes_done"), num($0, "total_bytes")
    fflush()
  }
  next
}
mode == "backup" && /"message_type":"summary"/ {
  total = num($0, "total_bytes_processed")
  printf "LOG %s progress 100 %.0f %.0f\n", id, total, total
  fflush()
  printf "%s %.0f %.0f %.0f\n", hex($0, "snapshot_id"), num($0, "files_new"), num($0, "data_added"), total > summary
  next
}
{ print "LOG " id " " mask($0); fflush() }
'

# restic <args…> with the repository settings from the secrets disk, its
# stdout and stderr through restic_filter; exit status in $run_dir/restic-status.
restic_run() ( # mode id restic args…
  mode=$1
  rid=$2
  shift 2
  RESTIC_REPOSITORY=
  RESTIC_PASSWORD=
  while IFS= read -r l || [ -n "$l" ]; do
    case "$l" in
      RESTIC_REPOSITORY=*) RESTIC_REPOSITORY=${l#*=} ;;
      RESTIC_PASSWORD=*) RESTIC_PASSWORD=${l#*=} ;;
    esac
  done <"$backup_env"
  export RESTIC_REPOSITORY RESTIC_PASSWORD
  # restic's own throttle for --json status lines (default 60 a second).
  export RESTIC_PROGRESS_FPS=1
  rm -f "$run_dir/restic-status" "$run_dir/restic-summary"
  { "$restic" --cache-dir "$restic_cache" "$@" </dev/null 2>&1; echo $? >"$run_dir/restic-status"; } |
    awk -v mode="$mode" -v id="$rid" -v summary="$run_dir/restic-summary" "$restic_filter"
)

# What BACKUP and RESTORE need before anything runs; an END error otherwise.
repository_ready() { # id what-was-not-done
  if [ ! -f "$backup_env" ]; then
    end_error "$1" "This machine has no backup repository yet (no /run/clan-secrets/backup/env on its secrets disk); the panel writes one when the machine's network has a mesh and the machine is deployed again. $2"
    return 1
  fi
  if ! command -v "$restic" >/dev/null 2>&1; then
    end_error "$1" "This machine has no restic (it comes with backup.enable = true in the machine's configuration). $2"
    return 1
  fi
}

# One backup or restore at a time, also across controller processes (a
# restarted unit, a second agent): a lock directory holding the holder's pid;
# one whose holder is gone is stale and taken over.
lock_take() { # id
  lock=$run_dir/backup.lock
  if ! mkdir "$lock" 2>/dev/null; then
    holder=$(cat "$lock/pid" 2>/dev/null)
    if [ -z "$holder" ] || kill -0 "$holder" 2>/dev/null || ! { rm -rf "$lock" && mkdir "$lock" 2>/dev/null; }; then
      end_error "$1" "A backup or restore is running on this machine already; try again when it has ended. Nothing was run."
      return 1
    fi
  fi
  echo $$ >"$lock/pid"
}
lock_release() { rm -rf "$run_dir/backup.lock"; }

# BACKUP [tag…]: the dump hooks of /etc/clan/backup/hooks in order (they write
# into /var/lib/clan/dumps), then one restic snapshot of the paths in
# /etc/clan/backup/paths that exist, plus the dumps.
backup() { # id tag…
  bid=$1
  shift
  tags=
  for t in "$@"; do
    case "$t" in
      *[!a-z0-9=._-]* | =* | *=) t_ok= ;;
      *=*) t_ok=1 ;;
      *) t_ok= ;;
    esac
    if [ -z "$t_ok" ]; then
      end_error "$bid" "A backup tag is key=value of lower-case letters, digits, '.', '_', '-' and '='; '$t' is not one. Nothing was backed up."
      return
    fi
    tags="$tags${tags:+,}$t"
  done
  repository_ready "$bid" "Nothing was backed up." || return
  lock_take "$bid" || return
  backup_locked "$bid" "$tags"
  lock_release
}

# The dump hooks /etc/clan/backup/hooks lists, in $dump_hooks; each must be a
# declared hook, or an END error and status 1.
dump_hooks_read() { # id
  dump_hooks=
  if [ -f "$backup_conf/hooks" ]; then
    while IFS= read -r h || [ -n "$h" ]; do
      case "$h" in '' | '#'*) continue ;; esac
      if ! hook_declared "$h"; then
        end_error "$1" "The dump hook '$h' in /etc/clan/backup/hooks is not a hook this machine declares (/etc/clan/hooks); nothing was backed up."
        return 1
      fi
      dump_hooks="$dump_hooks $h"
    done <"$backup_conf/hooks"
  fi
}

# Runs $dump_hooks in order (they write into /var/lib/clan/dumps); the first
# that fails ends the request with an END error and status 1.
dump_hooks_run() { # id
  mkdir -p "$dumps_dir" && chmod 0700 "$dumps_dir"
  for h in $dump_hooks; do
    printf 'LOG %s running the dump hook %s\n' "$1" "$h"
    run_hook "$1" "$h"
    if [ "$hook_status" != 0 ]; then
      end_error "$1" "The dump hook $h failed (exit status ${hook_status:-unknown}); its output is above. Nothing was backed up."
      return 1
    fi
  done
}

backup_locked() { # id tags (comma-separated)
  dump_hooks_read "$1" || return
  list=$run_dir/backup-paths
  : >"$list"
  found=0
  if [ -f "$backup_conf/paths" ]; then
    while IFS= read -r p || [ -n "$p" ]; do
      case "$p" in
        '' | '#'*) continue ;;
        /*) ;;
        *)
          printf 'LOG %s skipping %s: not an absolute path\n' "$1" "$p"
          continue
          ;;
      esac
      if [ -e "$root$p" ] || [ -L "$root$p" ]; then
        printf '%s\n' "$root$p" >>"$list"
        found=$((found + 1))
      else
        printf 'LOG %s skipping %s: it does not exist on this machine\n' "$1" "$p"
      fi
    done <"$backup_conf/paths"
  fi
  if [ "$found" = 0 ] && [ -z "$dump_hooks" ]; then
    end_error "$1" "None of the paths this machine backs up exists (/etc/clan/backup/paths) and it has no dump hooks; nothing was backed up."
    return
  fi
  dump_hooks_run "$1" || return
  printf '%s\n' "$dumps_dir" >>"$list"
  bid=$1
  btags=$2
  set -- backup --json --host "$CLAN_MACHINE" --files-from-verbatim "$list"
  [ -n "$btags" ] && set -- "$@" --tag "$btags"
  restic_run backup "$bid" "$@"
  status=$(cat "$run_dir/restic-status" 2>/dev/null)
  set -- "$bid" $(cat "$run_dir/restic-summary" 2>/dev/null)
  # Exit status 3: the snapshot was saved without some files restic could not read.
  if { [ "$status" != 0 ] && [ "$status" != 3 ]; } || [ -z "${2:-}" ]; then
    end_error "$1" "restic backup failed (exit status ${status:-unknown}); its output is above. No snapshot was saved."
    return
  fi
  # restic 0.14's summary names the short id: ask for the full one.
  snapshot=$2
  full=$(restic_run raw "$1" snapshots --json --no-lock "$2" | sed -n 's/.*"id":"\([0-9a-f]\{64\}\)".*/\1/p' | head -n 1)
  case "$full" in "$2"*) snapshot=$full ;; esac
  complete=true
  [ "$status" = 3 ] && complete=false
  end_ok "$1" "{\"snapshotId\":\"$snapshot\",\"filesNew\":$3,\"dataAdded\":$4,\"totalBytes\":$5,\"complete\":$complete}"
}

# DUMPS: the dump hooks of BACKUP only, under its lock and with its checks
# and sentences, without restic and without a repository: for a machine the
# panel backs up from the host (its state disk, copied while it runs, then
# holds fresh dumps). Answers the names of the hooks that ran.
dumps() { # id
  lock_take "$1" || return
  if dump_hooks_read "$1" && dump_hooks_run "$1"; then
    names=
    for h in $dump_hooks; do names="$names${names:+,}\"$h\""; done
    end_ok "$1" "{\"hooks\":[$names]}"
  fi
  lock_release
}

# RESTORE <snapshot> <path>: that path (a file or a directory) from the
# snapshot, back at its place; restic overwrites what is there.
restore() { # id snapshot path
  case "$2" in
    '' | *[!0-9a-f]*) s_ok= ;;
    *) [ "${#2}" -ge 8 ] && [ "${#2}" -le 64 ] && s_ok=1 || s_ok= ;;
  esac
  if [ -z "$s_ok" ]; then
    end_error "$1" "A snapshot id is 8 to 64 lower-case hex digits; '$2' is not one. Nothing was restored."
    return
  fi
  case "$3" in
    /*) p_ok=1 ;;
    *) p_ok= ;;
  esac
  case "$3/" in */../*) p_ok= ;; esac
  case "$3" in *'*'* | *'?'* | *'['* | *'\'*) p_ok= ;; esac
  if [ -z "$p_ok" ]; then
    end_error "$1" "A path to restore is absolute, without '..', '*', '?', '[' or '\\'; '$3' is not one. Nothing was restored."
    return
  fi
  repository_ready "$1" "Nothing was restored." || return
  lock_take "$1" || return
  restic_run log "$1" restore "$2" --target / --include "$root$3"
  status=$(cat "$run_dir/restic-status" 2>/dev/null)
  lock_release
  if [ "$status" != 0 ]; then
    end_error "$1" "restic restore failed (exit status ${status:-unknown}); its output is above."
  elif [ ! -e "$root$3" ] && [ ! -L "$root$3" ]; then
    end_error "$1" "The snapshot $2 holds nothing at $3; nothing was restored."
  else
    end_ok "$1" "{\"restored\":\"$(json_str "$3")\"}"
  fi
}

# CHECK: the machine's app checks, the hooks listed one a line in
# /etc/clan/checks (each must be a declared hook; nothing else runs), in
# order, each for at most $check_timeout seconds, its output as LOG lines
# "<check>: <line>". One END ok with every check's outcome: ok, and the last
# line it printed as detail (the checks are the machine's own scripts, which
# print sentences, never secrets). A machine without the file has no checks.
check_run() { # id name → $check_status, $check_timed_out; output in $run_dir/check-output
  out=$run_dir/check-output
  rm -f "$out"
  check_timed_out=
  started=$(date +%s)
  if [ -n "$timeout_cmd" ] && command -v "$timeout_cmd" >/dev/null 2>&1; then
    # coreutils' timeout signals the hook's whole process group (curl and all).
    "$timeout_cmd" "$check_timeout" "$hooks_dir/$2" </dev/null >"$out" 2>&1
    check_status=$?
    case "$check_status" in
      # coreutils says 124; busybox's applet passes on the TERM (143) or KILL (137).
      124 | 137 | 143) [ $(($(date +%s) - started)) -ge "$check_timeout" ] && check_timed_out=1 ;;
    esac
  else
    rm -f "$run_dir/check-timed-out"
    "$hooks_dir/$2" </dev/null >"$out" 2>&1 &
    pid=$!
    (
      sleep "$check_timeout"
      # The mark comes before the signal: the wait below can return as soon
      # as the check dies, before anything after the kill would have run.
      : >"$run_dir/check-timed-out"
      kill -TERM "$pid" 2>/dev/null || exit 0
      sleep 2
      kill -KILL "$pid" 2>/dev/null
    ) </dev/null >/dev/null 2>&1 &
    killer=$!
    wait "$pid"
    check_status=$?
    kill "$killer" 2>/dev/null
    # Marked and stopped by a signal: a check that ended by itself at the
    # deadline keeps its own outcome.
    if [ -f "$run_dir/check-timed-out" ]; then
      case "$check_status" in 137 | 143) check_timed_out=1 ;; esac
    fi
    rm -f "$run_dir/check-timed-out"
  fi
  # busybox sh reports the stopped check with a line of its own: not the check's.
  if [ -n "$check_timed_out" ] && [ "$(tail -n 1 "$out")" = Terminated ]; then
    sed '$d' "$out" >"$out.tmp" && mv -f "$out.tmp" "$out"
  fi
  # The output is read from a file, not a pipe: a process the hook left
  # behind cannot hold the request up.
  while IFS= read -r l || [ -n "$l" ]; do
    printf 'LOG %s %s: %s\n' "$1" "$2" "$l"
  done <"$out"
}

check() { # id
  results=
  if [ -f "$checks_file" ]; then
    while IFS= read -r c || [ -n "$c" ]; do
      case "$c" in '' | '#'*) continue ;; esac
      if ! hook_declared "$c"; then
        ok=false
        detail="'$c' in /etc/clan/checks is not a hook this machine declares (/etc/clan/hooks); it was not run."
      else
        check_run "$1" "$c" </dev/null
        # The last line that says something, at most 300 characters.
        detail=$(awk 'NF { l = $0 } END { print substr(l, 1, 300) }' "$run_dir/check-output" 2>/dev/null)
        if [ -n "$check_timed_out" ]; then
          ok=false
          detail="The check did not finish within $check_timeout seconds and was stopped.${detail:+ Its last line: $detail}"
        elif [ "$check_status" = 0 ]; then
          ok=true
        else
          ok=false
          [ -n "$detail" ] || detail="The check failed (exit status $check_status) without saying why."
        fi
      fi
      results="$results${results:+,}{\"name\":\"$(json_str "$c")\",\"ok\":$ok,\"detail\":\"$(json_str "$detail")\"}"
    done <"$checks_file"
    rm -f "$run_dir/check-output"
  fi
  end_ok "$1" "{\"checks\":[$results]}"
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
    BACKUP) backup "$id" "$@" ;;
    DUMPS) dumps "$id" ;;
    RESTORE) restore "$id" "${1:-}" "${2:-}" ;;
    CHECK) check "$id" ;;
    *) end_error "$id" "Unknown request '$verb'; this controller knows FACTS, HOOK, FREEZE, THAW, BACKUP, DUMPS, RESTORE and CHECK." ;;
  esac
}

# Reads one port's lines: mode health (PING; REQ refused), control (PING and
# REQ) or both (no control port: PING and REQ here).
answer() { # mode
  mode=$1
  pong=
  [ "$mode" = both ] || pong=' control'
  set -f
  while read -r verb rest; do
    case "$verb" in
      PING)
        set -- $rest
        [ -n "${1:-}" ] && printf 'PONG %s %s %s%s\n' "$1" "$CLAN_MACHINE" "$CLAN_GENERATION" "$pong"
        ;;
      REQ)
        set -- $rest
        if [ "$mode" = health ]; then
          case "${1:-}" in '' | *[!A-Za-z0-9-]*) continue ;; esac
          [ "${#1}" -le 64 ] && end_error "$1" "This machine takes requests on its control port org.clan.control.0, not on the health port; nothing was run."
          continue
        fi
        [ $# -ge 3 ] && request "$@"
        [ $# -ge 1 ] && [ $# -lt 3 ] && request "$1" "" ""
        ;;
    esac
  done
}

# A virtio port has one opener and reads EOF while no host is connected. It
# is opened once, read-write, and kept: closing it would discard whatever a
# host that reconnects at once has already sent (the guest's driver drops a
# port's unread data on close), so after an EOF the loop reads again instead.
serve() { # port out mode
  while [ ! -e "$1" ]; do sleep 0.2; done
  if [ -n "$2" ]; then
    while true; do
      answer "$3" <"$1" >"$2"
      sleep 0.2
    done
  fi
  while true; do
    # A failed open ends only this subshell; the loop tries again.
    (
      { exec 3<>"$1"; } 2>/dev/null || exit 1
      while true; do
        answer "$3" <&3 >&3 3<&-
        sleep 0.2
      done
    )
    sleep 0.2
  done
}

if [ -e "$control_port" ]; then
  echo "clan: controller on $port and $control_port as $CLAN_MACHINE generation $CLAN_GENERATION" >&2
  serve "$control_port" "${CLAN_CONTROL_OUT:-}" control &
  serve "$port" "${CLAN_CONTROLLER_OUT:-}" health
else
  echo "clan: controller on $port as $CLAN_MACHINE generation $CLAN_GENERATION" >&2
  serve "$port" "${CLAN_CONTROLLER_OUT:-}" both
fi
