#!/usr/bin/env bash
# Starts the cLAN panel at http://localhost:8080 (PORT to change), preparing
# whatever it needs first: npm dependencies, a build, Redis, the database, and
# what running machines needs (scripts/setup-system.sh --vms: libvirt, qemu,
# Nix, the demo system's kernel and busybox; libvirtd started) and their NAT
# network (CLAN_VM_NETWORK=clan-vms, made by the panel, unless CLAN_VM_BRIDGE
# or CLAN_VM_NETWORK is set).
#   as root            → installs and starts what is missing (Debian 12)
#   not as root        → prints the exact command to run; the panel starts anyway
#                        and its health says `degraded` with what is missing
#   DATABASE_URL unset → embedded PGlite in $CLAN_STATE_DIR/pgdata
#   REDIS_URL unset    → a private redis-server on a unix socket in $CLAN_STATE_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/ensure-deps.sh

echo "Building the panel (cached after the first time)…"
npx nx run-many -t build -p api web cli --outputStyle=static --skipSync >/tmp/clan-build.log 2>&1 || {
  tail -40 /tmp/clan-build.log; echo "Build failed; full log: /tmp/clan-build.log"; exit 1; }

export CLAN_STATE_DIR="${CLAN_STATE_DIR:-$root/.state}"
mkdir -p "$CLAN_STATE_DIR" && chmod 700 "$CLAN_STATE_DIR"
export PORT="${PORT:-8080}"
# The machines' network (docs/vms.md, "Network"): a NAT network the panel makes and owns, so machines
# reach the host's mesh endpoint and the internet; unless the caller chose a bridge or a network.
if [[ -z "${CLAN_VM_BRIDGE:-}" && -z "${CLAN_VM_NETWORK:-}" ]]; then
  export CLAN_VM_NETWORK=clan-vms CLAN_VM_NETWORK_CREATE=true
fi

# Host components; quiet and quick when everything is there already.
if ! bash scripts/setup-system.sh --vms; then
  if [[ "$(id -u)" == "0" ]]; then
    echo "Could not prepare everything running machines needs (see above)."
  else
    echo "Not running as root, so nothing was installed: run the command above, then start the panel again."
  fi
  echo "The panel starts anyway; until then it cannot run machines, and its health (and host page) says what is missing."
fi

redis_pid=""
if [[ -z "${REDIS_URL:-}" ]]; then
  command -v redis-server >/dev/null || { echo "redis-server is missing (Debian package redis-server); set REDIS_URL or install it as above."; exit 1; }
  sock="$CLAN_STATE_DIR/redis.sock"
  pidfile="$CLAN_STATE_DIR/redis.pid"
  if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null && [[ -S "$sock" ]]; then
    echo "Using the panel's Redis already running on $sock"
  else
    mkdir -p "$CLAN_STATE_DIR/redis"
    redis-server --port 0 --unixsocket "$sock" --unixsocketperm 700 --daemonize yes \
      --pidfile "$pidfile" --dir "$CLAN_STATE_DIR/redis" --appendonly yes --save "" \
      --logfile "$CLAN_STATE_DIR/redis/redis.log"
    for _ in $(seq 50); do [[ -S "$sock" ]] && break; sleep 0.1; done
    redis_pid=$(cat "$pidfile")
    echo "Started a private Redis on $sock"
  fi
  export REDIS_URL="unix://$sock"
fi

[[ -z "${DATABASE_URL:-}" ]] && echo "Database: embedded PGlite in $CLAN_STATE_DIR/pgdata (set DATABASE_URL to use PostgreSQL)"

# V8 flags the panel runs with everywhere (deploy/node-flags; docs/operations.md "Memory").
# shellcheck disable=SC2046
node $(cat deploy/node-flags) dist/apps/api/main.js &
api_pid=$!
stop() {
  kill -TERM "$api_pid" 2>/dev/null || true
  wait "$api_pid" 2>/dev/null || true
  [[ -n "$redis_pid" ]] && kill "$redis_pid" 2>/dev/null || true
}
trap stop INT TERM

url="http://localhost:${PORT}"
for _ in $(seq 120); do
  if ! kill -0 "$api_pid" 2>/dev/null; then wait "$api_pid"; exit $?; fi
  if curl -fsS "http://127.0.0.1:${PORT}/api/health" >/dev/null 2>&1; then
    cat <<MSG

  cLAN panel is up: $url
  - First visit: create the administrator account (first-run setup).
  - Health:      curl $url/api/health
  - API docs:    $url/api/openapi.json
  - CLI:         node dist/apps/cli/main.js --url $url login
  State lives in $CLAN_STATE_DIR. Stop with Ctrl+C.

MSG
    # Say what is missing (health `degraded`) or worth knowing, in the panel's own words.
    curl -fsS "http://127.0.0.1:${PORT}/api/health" 2>/dev/null | node -e '
      let t = ""; process.stdin.on("data", (d) => (t += d)).on("end", () => {
        try {
          const h = JSON.parse(t);
          const notes = Object.entries(h.components).filter(([, c]) => c.status !== "ok").map(([n, c]) => `${n}: ${c.message ?? c.detail}`);
          if (h.domainType?.warning) notes.push(h.domainType.warning);
          if (!notes.length) return;
          console.log(h.status === "ok" ? "  Notes:" : "  Health is degraded:");
          for (const n of notes) console.log(`  - ${n}`);
          console.log("");
        } catch {}
      });' || true
    break
  fi
  sleep 0.5
done
wait "$api_pid"
status=$?
[[ -n "$redis_pid" ]] && kill "$redis_pid" 2>/dev/null || true
exit $status
