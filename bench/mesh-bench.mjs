#!/usr/bin/env node
/**
 * Full-mesh rendering benchmark of libs/vpn (250 peers). The work is in
 * libs/vpn/bench/mesh-bench.ts; this runs it through ts-node.
 * Results: bench/results/mesh-<time>.json. See docs/bench.md.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync(
  process.execPath,
  ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', join(root, 'libs/vpn/bench/mesh-bench.ts')],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1', TS_NODE_PROJECT: join(root, 'libs/vpn/tsconfig.tools.json') },
  },
);
process.exit(result.status ?? 1);
