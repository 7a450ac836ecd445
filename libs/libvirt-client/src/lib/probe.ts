import { execFile } from 'node:child_process';
import { missingCommandMessage } from '@clan/nix-schema';
import { libvirtUnavailableMessage } from './errors';

export interface LibvirtProbe {
  available: boolean;
  /** e.g. "libvirt 9.0.0, QEMU 7.2.0" or why it is unavailable. */
  detail: string;
  /** When unavailable: what to do about it, as a sentence (libvirtUnavailableMessage). */
  message?: string;
  /** True when `virsh` itself is not installed. */
  virshMissing?: boolean;
  libvirtVersion?: string;
  hypervisorVersion?: string;
}

function run(
  cmd: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string; missing: boolean }> {
  return new Promise((resolve) => {
    // LC_ALL=C via env(1) keeps virsh's output parseable without touching the process environment.
    execFile('env', ['LC_ALL=C', cmd, ...args], { timeout: timeoutMs }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: string | number }) | null;
      resolve({
        code: e ? (typeof e.code === 'number' ? e.code : 1) : 0,
        stdout: String(stdout),
        stderr: String(stderr),
        missing: (e?.code as unknown) === 127,
      });
    });
  });
}

/**
 * Asks libvirtd at `uri` for its versions with `virsh version`. Never throws:
 * a missing `virsh` or an unreachable daemon is reported as unavailable.
 */
export async function probeLibvirt(uri: string, timeoutMs = 5000): Promise<LibvirtProbe> {
  const r = await run('virsh', ['-c', uri, 'version'], timeoutMs);
  if (r.missing)
    return {
      available: false,
      detail: `${missingCommandMessage('virsh')}; the daemon comes with libvirt-daemon-system`,
      message: libvirtUnavailableMessage(uri, true),
      virshMissing: true,
    };
  if (r.code !== 0) {
    const why =
      (r.stderr || r.stdout)
        .split('\n')
        .find((l) => l.trim().length > 0)
        ?.trim() ?? 'unknown error';
    return { available: false, detail: `libvirtd at ${uri} did not answer: ${why}`, message: libvirtUnavailableMessage(uri) };
  }
  const lib = /Using library: libvirt ([\d.]+)/.exec(r.stdout)?.[1];
  const hv = /Running hypervisor: (.+)/.exec(r.stdout)?.[1]?.trim();
  return {
    available: true,
    detail: [lib && `libvirt ${lib}`, hv].filter(Boolean).join(', ') || 'libvirt answered',
    libvirtVersion: lib,
    hypervisorVersion: hv,
  };
}
