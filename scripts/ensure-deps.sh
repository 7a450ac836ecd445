#!/usr/bin/env bash
# Installs npm dependencies when node_modules is missing or older than the lock file.
# (`npm ci` fails against our registry; `npm install` with the committed lock works.)
set -euo pipefail
cd "$(dirname "$0")/.."
major=$(node -p 'process.versions.node.split(".")[0]')
if (( major < 20 )); then echo "cLAN panel needs Node.js 20.19 or newer (found $(node --version))"; exit 1; fi
stamp=node_modules/.clan-installed
if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" || package.json -nt "$stamp" ]]; then
  echo "Installing npm dependencies (first run takes about a minute)…"
  npm install --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
