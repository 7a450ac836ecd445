import { statfs } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { readFile } from 'node:fs/promises';
import { PANEL_VERSION } from '../health/health.service';
import type { HostFacts } from './host.entity';

import type { ProcessRunner } from '../services/process/process-runner';

function run(runner: ProcessRunner, cmd: string, args: string[]): Promise<string | null> {
  return runner.run(cmd, args, { timeoutMs: 5000 }).then(
    (r) => r.stdout,
    () => null,
  );
}

export type HostVersions = HostFacts['versions'];

/** The versions a host reports (read once at start: they change only with an upgrade, which restarts the worker). */
export async function readVersions(runner: ProcessRunner, libvirtUri: string, nixBin: string): Promise<HostVersions> {
  const [virsh, nix] = await Promise.all([run(runner, 'virsh', ['-c', libvirtUri, 'version']), run(runner, nixBin, ['--version'])]);
  return {
    panel: PANEL_VERSION,
    node: process.versions.node,
    libvirt: /Using library: libvirt ([\d.]+)/.exec(virsh ?? '')?.[1] ?? null,
    qemu: /Running hypervisor: QEMU ([\d.]+)/.exec(virsh ?? '')?.[1] ?? null,
    nix: /([\d][\w.+-]*)\s*$/.exec((nix ?? '').trim())?.[1] ?? null,
  };
}

/** MemAvailable (what new VMs can get without swapping), else free memory. */
async function memoryAvailable(): Promise<number> {
  const text = await readFile('/proc/meminfo', 'utf8').catch(() => '');
  const kb = /MemAvailable:\s+(\d+) kB/.exec(text)?.[1];
  return kb ? Number(kb) * 1024 : freemem();
}

/** What a host measures about itself for a heartbeat. */
export async function measureHost(
  stateDir: string,
): Promise<Pick<HostFacts, 'cpus' | 'memoryBytes' | 'memoryAvailableBytes' | 'diskBytes' | 'diskFreeBytes' | 'load1'>> {
  const fs = await statfs(stateDir);
  return {
    cpus: cpus().length,
    memoryBytes: totalmem(),
    memoryAvailableBytes: await memoryAvailable(),
    diskBytes: fs.blocks * fs.bsize,
    diskFreeBytes: fs.bavail * fs.bsize,
    load1: Math.round(loadavg()[0] * 100) / 100,
  };
}
