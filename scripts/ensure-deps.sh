#!/usr/bin/env bash
# Installs npm dependencies when node_modules is missing or older than the lock file.
# (`npm ci` fails against our registry; `npm install` with the committed lock works.)
#   --lock-unchanged   fail when the install rewrote package-lock.json (npm test, CI):
#                      the Nix package builds from the committed lock, so it must be complete.
set -euo pipefail
lock_unchanged=false
[[ "${1:-}" == "--lock-unchanged" ]] && lock_unchanged=true
cd "$(dirname "$0")/.."
major=$(node -p 'process.versions.node.split(".")[0]')
if (( major < 20 )); then echo "cLAN panel needs Node.js 20.19 or newer (found $(node --version))"; exit 1; fi
stamp=node_modules/.clan-installed
if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" || package.json -nt "$stamp" ]]; then
  echo "Installing npm dependencies (first run takes about a minute)…"
  before=$(sha256sum package-lock.json)
  npm install --no-audit --no-fund --loglevel=error
  if $lock_unchanged && [[ "$(sha256sum package-lock.json)" != "$before" ]]; then
    git --no-pager diff --stat -- package-lock.json 2>/dev/null || true
    echo "npm install changed package-lock.json: the committed lock is incomplete or does not match package.json."
    echo "Run \`npm install\`, check the diff of package-lock.json, and commit it."
    exit 1
  fi
  touch "$stamp"
fi
