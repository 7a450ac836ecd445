#!/usr/bin/env node
/**
 * Validate + render benchmark of libs/nix-schema (1,000 machines). The work is
 * in libs/nix-schema/bench/config-bench.ts; this runs it through ts-node.
 * Results: bench/results/config-<time>.json. See docs/bench.md.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync(process.execPath, ['-r', 'ts-node/register', join(root, 'libs/nix-schema/bench/config-bench.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1', TS_NODE_PROJECT: join(root, 'libs/nix-schema/tsconfig.tools.json') },
});
process.exit(result.status ?? 1);
