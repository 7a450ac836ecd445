#!/usr/bin/env bash
# The whole test suite (see scripts/test.mjs). Optional step names run a subset:
#   npm test -- unit integration
set -euo pipefail
cd "$(dirname "$0")/.."
exec node scripts/test.mjs "$@"
