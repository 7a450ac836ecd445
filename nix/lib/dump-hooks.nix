/*
  The shell bodies of the apps' dump hooks (lib/apps/<app>.nix `dumpHooks`,
  named in each app's `state.hooks`). modules/vm-guest.nix declares them as
  clan.controller.hooks on a machine that backs up; the VM controller runs
  them before each BACKUP with CLAN_DUMPS_DIR=/var/lib/clan/dumps, as root,
  and saves that directory with the rest (docs/vm-controller.md).

  Every hook writes one file, "$CLAN_DUMPS_DIR/<name>.<ext>", through
  "<file>.partial", renamed only once the dump is complete and checked, so a
  failed run never leaves half a dump where a good one was. Other files of
  the same hook (a dump of a previous database type) are removed. Commands
  come from pkgs by store path; nothing here reads a secret (the scripts are
  in the Nix store): databases are reached as root or through peer
  authentication on a local socket. Pure: pkgs and config are arguments.
*/
{ u }:
let
  pathOf = packages: builtins.concatStringsSep ":" (map (p: "${p}/bin") packages);
in
rec {
  /*
    A complete hook body: checks CLAN_DUMPS_DIR, sets $out and $partial,
    runs `body`, and on exit removes the partial file and calls `undo`
    (which a body may redefine, e.g. to leave a maintenance mode). `skip
    <sentence>` ends the hook successfully without a dump (the app has no
    database yet).
  */
  script =
    {
      pkgs,
      name,
      ext,
      body,
      packages ? [ ],
    }:
    ''
      set -o pipefail
      export PATH=${pathOf ([ pkgs.coreutils ] ++ packages)}
      if [ -z "''${CLAN_DUMPS_DIR:-}" ]; then
        echo "CLAN_DUMPS_DIR is not set: the ${name} hook runs through the VM controller (BACKUP, or HOOK ${name})." >&2
        exit 2
      fi
      umask 0077
      mkdir -p -- "$CLAN_DUMPS_DIR"
      out="$CLAN_DUMPS_DIR/${name}.${ext}"
      partial="$out.partial"
      for f in "$CLAN_DUMPS_DIR/${name}".*; do
        [ "$f" = "$out" ] || rm -f -- "$f"
      done
      undo() { :; }
      finish() {
        status=$?
        rm -f -- "$partial"
        undo || status=1
        exit "$status"
      }
      trap finish EXIT
      skip() {
        echo "$1"
        rm -f -- "$out"
        exit 0
      }
      ${body}
    '';

  # A hook that refuses with a sentence (the app's settings ask for a database it cannot dump).
  refuse = sentence: ''
    echo ${u.escapeShellArg sentence} >&2
    exit 1
  '';

  /*
    SQLite's online backup of `db` (consistent while the app writes; WAL
    included), then a quick_check of the copy. `app` names the app in
    sentences. Needs pkgs.sqlite in the hook's packages.
  */
  sqliteBackup =
    { db, app }:
    ''
      db=${u.escapeShellArg db}
      if [ ! -e "$db" ]; then
        skip "${app} has no database yet ($db does not exist): nothing to dump."
      fi
      case "$partial" in *"'"*)
        echo "The dumps directory $CLAN_DUMPS_DIR has a quote in its path; sqlite3 cannot write there." >&2
        exit 1
        ;;
      esac
      if ! sqlite3 -bail -cmd '.timeout 30000' "$db" ".backup '$partial'"; then
        echo "sqlite3 could not back up ${app}'s database $db; see the lines above." >&2
        exit 1
      fi
      check=$(sqlite3 -bail "$partial" 'PRAGMA quick_check;') || check="unreadable"
      if [ "$check" != ok ]; then
        echo "The copy of ${app}'s database failed SQLite's quick_check ($check); no dump was written." >&2
        exit 1
      fi
      mv -f -- "$partial" "$out"
      echo "${app}'s database $db dumped to $out."
    '';

  /*
    pg_dump of a database on this machine's PostgreSQL (services.postgresql,
    unix socket /run/postgresql), as its superuser through peer
    authentication: plain SQL with DROP … IF EXISTS, restored with psql.
    Needs pkgs.util-linux (runuser) in the hook's packages.
  */
  pgDump =
    {
      config,
      database,
      app,
    }:
    let
      pg = config.services.postgresql;
    in
    ''
      if ! runuser -u ${u.escapeShellArg (pg.superUser or "postgres")} -- ${pg.package}/bin/pg_dump --clean --if-exists --host=/run/postgresql --dbname=${u.escapeShellArg database} >"$partial"; then
        echo "pg_dump of ${app}'s PostgreSQL database ${database} failed (is postgresql.service running?); see the lines above." >&2
        exit 1
      fi
      mv -f -- "$partial" "$out"
      echo "${app}'s PostgreSQL database ${database} dumped to $out."
    '';

  # mysqldump of a database on this machine's MySQL/MariaDB (services.mysql), as root through its unix socket.
  mysqlDump =
    {
      config,
      database,
      app,
    }:
    ''
      if ! ${config.services.mysql.package}/bin/mysqldump --single-transaction --routines --databases ${u.escapeShellArg database} >"$partial"; then
        echo "mysqldump of ${app}'s database ${database} failed (is mysql.service running?); see the lines above." >&2
        exit 1
      fi
      mv -f -- "$partial" "$out"
      echo "${app}'s MySQL database ${database} dumped to $out."
    '';
}
