#!/usr/bin/env node
// Machine backup bench (docs/bench.md, "Machine backups"): runs bench/machine-backup.bench.ts with
// bench/jest.bench.config.cts (the API integration tests' fixtures: a panel process, the mesh VM lab on
// qemu:///system). That file measures and writes bench/results/machine-backup-<time>.json. Settings come
// from the environment (BENCH_MACHINE_BACKUP_MIB, …; see the docs). Needs root, libvirt, qemu, nix, restic.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const jest = join(ROOT, 'node_modules', '.bin', 'jest');
const child = spawn(jest, ['-c', 'bench/jest.bench.config.cts', '--runInBand', '--ci', '--forceExit', 'bench/machine-backup.bench.ts'], {
  cwd: ROOT,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (signal) console.error(`machine-backup-bench: jest ended by ${signal}`);
  process.exit(code ?? 1);
});
