#!/usr/bin/env bash
# Static checks of the source tree that no compiler makes:
#  - generated files are current (the app catalog index, the web's form validators);
#  - no issue numbers in source: code says what it does, the history says why.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent app-catalog:check
npm run --silent schema-validators:check
if hits=$(grep -rnE '[Ii]ssues? #?[0-9]+' apps libs nix e2e bench scripts deploy \
  --include='*.ts' --include='*.mjs' --include='*.js' --include='*.nix' --include='*.sh' --include='*.html' --include='*.css' \
  --exclude-dir=node_modules --exclude-dir=generated --exclude=check-sources.sh); then
  echo "Issue numbers in source comments (say what the code does instead):"
  echo "$hits"
  exit 1
fi
echo "check-sources: generated files current, no issue numbers in source"
