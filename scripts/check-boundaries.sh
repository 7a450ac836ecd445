#!/usr/bin/env bash
# Proves the module-boundary lint rules bite: temporary files that import
# across a forbidden boundary must make ESLint fail, each with the expected rule.
set -euo pipefail
cd "$(dirname "$0")/.."
probe_dir=tmp/boundary-probe
files=(
  "libs/contracts/src/lib/__boundary_probe.ts|import { Injectable } from '@nestjs/common'; export const probe = Injectable;|is not allowed to import \"@nestjs/common\""
  "libs/contracts/src/lib/__boundary_probe2.ts|import { probeLibvirt } from '@clan/libvirt-client'; export const probe = probeLibvirt;|can only depend on libs tagged with \"type:shared\""
  "libs/contracts/src/lib/__boundary_probe3.ts|import { readFileSync } from 'node:fs'; export const probe = readFileSync;|Browser-safe code cannot use Node built-ins"
  "apps/web/src/app/__boundary_probe.ts|import { Repository } from 'typeorm'; export const probe = Repository;|is not allowed to import \"typeorm\""
  "apps/web/src/app/__boundary_probe3.ts|import { PANEL_VERSION } from '../../../api/src/health/health.service'; export const probe = PANEL_VERSION;|Projects cannot be imported by a relative or absolute path"
  "apps/web/src/app/__boundary_probe2.ts|import { probeLibvirt } from '@clan/libvirt-client'; export const probe = probeLibvirt;|can only depend on libs tagged with"
  "apps/api/src/vms/__boundary_probe.ts|import { spawn } from 'node:child_process'; export const probe = spawn;|Run host commands through ProcessRunner"
  "apps/api/src/health/__boundary_probe.ts|import { execFile } from 'child_process'; export const probe = execFile;|Run host commands through ProcessRunner"
)
cleanup() { for f in "${files[@]}"; do rm -f "${f%%|*}"; done; }
trap cleanup EXIT
fail=0
for entry in "${files[@]}"; do
  path=${entry%%|*}; rest=${entry#*|}; code=${rest%%|*}; expect=${rest#*|}
  printf '%s\n' "$code" > "$path"
  if out=$(npx eslint --no-warn-ignored "$path" 2>&1); then
    echo "boundary NOT enforced: $path passed lint"; fail=1
  elif ! grep -qF "$expect" <<<"$out"; then
    echo "boundary probe $path failed for another reason:"; echo "$out"; fail=1
  fi
  rm -f "$path"
done
(( fail == 0 )) && echo "check-boundaries: web→infra, shared→server and API child_process imports are rejected"
exit $fail
