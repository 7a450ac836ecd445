# Sourced by boot-marker.sh and controller.sh (POSIX sh: bash in the
# guest, bash and busybox sh in the tests). Reads the machine name and the
# generation the panel puts on the kernel command line,
# `… clan.machine=<m> clan.generation=<n>`, into CLAN_MACHINE and
# CLAN_GENERATION. The last occurrence wins (the panel appends them after the
# system's kernel-params). Both end up in console and health lines, so only
# the characters the panel itself allows pass: a DNS label and an integer >= 1.
clan_read_cmdline() {
  CLAN_MACHINE=
  CLAN_GENERATION=
  _clan_words=$(cat "$1") || return 1
  set -f
  for _clan_word in $_clan_words; do
    case "$_clan_word" in
      clan.machine=*) CLAN_MACHINE=${_clan_word#clan.machine=} ;;
      clan.generation=*) CLAN_GENERATION=${_clan_word#clan.generation=} ;;
    esac
  done
  set +f
  case "$CLAN_MACHINE" in
    '' | [!a-z0-9]* | *[!a-z0-9-]*)
      echo "clan: the kernel command line has no valid clan.machine=<name> (got '$CLAN_MACHINE')" >&2
      return 1
      ;;
  esac
  if [ "${#CLAN_MACHINE}" -gt 63 ]; then
    echo "clan: clan.machine on the kernel command line is longer than 63 characters" >&2
    return 1
  fi
  case "$CLAN_GENERATION" in
    '' | 0* | *[!0-9]*)
      echo "clan: the kernel command line has no valid clan.generation=<n> (got '$CLAN_GENERATION')" >&2
      return 1
      ;;
  esac
  return 0
}
