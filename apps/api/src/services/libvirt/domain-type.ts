import { constants } from 'node:fs';
import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ProcessRunner } from '../process/process-runner';

/** What libvirt domains are defined as: `kvm` (hardware acceleration) or `qemu` (TCG, emulation). */
export type DomainType = 'kvm' | 'qemu';

/** The domain type in force and why. */
export interface DomainTypeVerdict {
  type: DomainType;
  /** True when CLAN_DOMAIN_TYPE is `auto` and the probe chose. */
  automatic: boolean;
  /** How it was decided, for the host page and the logs. */
  detail: string;
  /** Set when TCG was chosen automatically: VMs are slower, and what to do about it. */
  warning: string | null;
}

/** What the host offers, read cheaply (no guest booted). */
export interface KvmEnvironment {
  /** /dev/kvm exists and this process may open it read-write. */
  kvmDevice: boolean;
  /** The newest /boot/vmlinuz-* this process can read, or null. */
  kernel: string | null;
  /** `qemu-system-x86_64 --version`'s first line, or null when qemu is not installed. */
  qemuVersion: string | null;
}

export interface GuestBoot {
  boots: boolean;
  /** What the test guest did, in a few words. */
  detail: string;
}

/** The host effects of the decision, behind a class so unit tests replace them with fakes. */
@Injectable()
export class KvmProbe {
  constructor(private readonly proc: ProcessRunner) {}

  async environment(): Promise<KvmEnvironment> {
    const kvmDevice = await access('/dev/kvm', constants.R_OK | constants.W_OK).then(
      () => true,
      () => false,
    );
    let kernel: string | null = null;
    const names = await readdir('/boot').catch(() => [] as string[]);
    for (const name of names
      .filter((n) => n.startsWith('vmlinuz-'))
      .sort(compareKernelNames)
      .reverse()) {
      const path = join('/boot', name);
      if (
        await access(path, constants.R_OK).then(
          () => true,
          () => false,
        )
      ) {
        kernel = path;
        break;
      }
    }
    const qemuVersion = await this.proc
      .run('qemu-system-x86_64', ['--version'], { timeoutMs: 5000 })
      .then((r) => r.stdout.split('\n')[0]?.trim() || 'unknown version')
      .catch(() => null);
    return { kvmDevice, kernel, qemuVersion };
  }

  /**
   * Boots `kernel` without a root file system under KVM with the host CPU
   * (what `kvm` domains get). A kernel that prints its banner and goes on
   * booting (up to its own "unable to mount root fs" panic) means KVM runs
   * guests; a qemu crash, "KVM internal error" or silence until the timeout
   * means it does not.
   */
  async bootsUnderKvm(kernel: string, timeoutMs = 20_000): Promise<GuestBoot> {
    const abort = new AbortController();
    let banner = false;
    let booted = false;
    const onLine = (line: string) => {
      if (/Linux version/.test(line)) banner = true;
      else if (banner && /^\[\s*\d+\.\d+\]/.test(line)) booted = true;
      if (booted || /Kernel panic - not syncing/.test(line)) {
        booted = true;
        abort.abort(new Error('guest booted'));
      }
    };
    const args = [
      ...['-accel', 'kvm', '-cpu', 'host', '-m', '128', '-nodefaults', '-display', 'none', '-serial', 'stdio', '-no-reboot'],
      ...['-kernel', kernel, '-append', 'console=ttyS0 panic=-1'],
    ];
    let failure = '';
    try {
      await this.proc.run('qemu-system-x86_64', args, {
        timeoutMs,
        signal: abort.signal,
        discardStdout: true,
        onStdoutLine: onLine,
        onStderrLine: (l) => {
          if (!failure && l.trim() && !/warning/i.test(l)) failure = l.trim();
        },
      });
    } catch (err) {
      if (booted) return { boots: true, detail: 'a test guest booted under KVM' };
      const why = failure || (err as Error).message;
      return { boots: false, detail: `a test guest did not boot under KVM (${why.slice(0, 200)})` };
    }
    if (booted) return { boots: true, detail: 'a test guest booted under KVM' };
    return { boots: false, detail: `a test guest did not boot under KVM (${failure.slice(0, 200) || 'qemu exited without output'})` };
  }
}

/** Orders `vmlinuz-6.1.0-9-amd64` before `vmlinuz-6.1.0-10-amd64`. */
export function compareKernelNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

export const TCG_WARNING =
  'Virtual machines run without hardware acceleration (KVM {why}): they are slower. ' +
  'Enable virtualization (VT-x/AMD-V, or nested KVM in a virtual host) and restart the panel, or set CLAN_DOMAIN_TYPE=kvm to force it.';

const tcg = (why: string): DomainTypeVerdict => ({
  type: 'qemu',
  automatic: true,
  detail: `QEMU emulation (TCG): ${why}`,
  warning: TCG_WARNING.replace('{why}', why),
});

/**
 * The pure decision. `boot` is the test guest's result (undefined when it
 * was not run). Only QEMU connections are probed: other libvirt drivers
 * (the `test:` driver) keep `kvm`, which they accept as is.
 */
export function decideDomainType(input: {
  configured: 'kvm' | 'qemu' | 'auto';
  uri: string;
  env?: KvmEnvironment;
  boot?: GuestBoot;
}): DomainTypeVerdict {
  const { configured, uri, env, boot } = input;
  if (configured !== 'auto') return { type: configured, automatic: false, detail: `CLAN_DOMAIN_TYPE=${configured}`, warning: null };
  if (!uri.startsWith('qemu'))
    return { type: 'kvm', automatic: true, detail: `${uri} is not a QEMU connection: nothing to probe`, warning: null };
  if (!env) throw new Error('decideDomainType: the host environment is needed for a QEMU connection');
  if (!env.kvmDevice) return tcg('is not available: /dev/kvm is missing or not accessible');
  if (!env.qemuVersion) return tcg('cannot be checked: qemu-system-x86_64 is not installed');
  if (!env.kernel) {
    return {
      type: 'kvm',
      automatic: true,
      detail: 'KVM (/dev/kvm is usable; no readable kernel in /boot to test-boot, so not verified)',
      warning: null,
    };
  }
  if (!boot) throw new Error('decideDomainType: the test boot result is needed');
  if (boot.boots) return { type: 'kvm', automatic: true, detail: `KVM: ${boot.detail}`, warning: null };
  return tcg(`does not run guests here: ${boot.detail}`);
}

interface CachedVerdict {
  kernel: string;
  qemuVersion: string;
  verdict: DomainTypeVerdict;
  at: string;
}

/**
 * The domain type VMs are defined with. CLAN_DOMAIN_TYPE=`kvm`/`qemu` is
 * taken as is; `auto` (the default) boots a test guest under KVM once and
 * uses KVM only when it boots. The verdict is kept in
 * `$CLAN_STATE_DIR/domain-type.json` with the kernel and qemu versions it
 * was made with, so an upgrade of either probes again.
 */
@Injectable()
export class DomainTypeService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DomainType');
  private verdict: DomainTypeVerdict | null = null;
  private inflight: Promise<DomainTypeVerdict> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'domainType' | 'libvirtUri' | 'stateDir'>,
    private readonly probe: KvmProbe,
  ) {}

  onApplicationBootstrap(): void {
    // Decide in the background so the host page can show the verdict before the first VM boots.
    if (this.config.domainType === 'auto') void this.resolve().catch(() => undefined);
  }

  /** The verdict, once decided (null while the probe runs). */
  current(): DomainTypeVerdict | null {
    if (this.config.domainType !== 'auto') return this.decide();
    return this.verdict;
  }

  /** The domain type to define VMs with (probing first when needed; concurrent callers share one probe). */
  async resolve(): Promise<DomainType> {
    return (await this.resolveVerdict()).type;
  }

  resolveVerdict(): Promise<DomainTypeVerdict> {
    const known = this.current();
    if (known) return Promise.resolve(known);
    this.inflight ??= this.probeNow().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private decide(env?: KvmEnvironment, boot?: GuestBoot): DomainTypeVerdict {
    return decideDomainType({ configured: this.config.domainType, uri: this.config.libvirtUri, env, boot });
  }

  private async probeNow(): Promise<DomainTypeVerdict> {
    let verdict: DomainTypeVerdict;
    if (!this.config.libvirtUri.startsWith('qemu')) verdict = this.decide();
    else {
      const env = await this.probe.environment();
      if (!env.kvmDevice || !env.qemuVersion || !env.kernel) verdict = this.decide(env);
      else {
        const file = join(this.config.stateDir, 'domain-type.json');
        const cached = await readFile(file, 'utf8')
          .then((t) => JSON.parse(t) as CachedVerdict)
          .catch(() => null);
        if (cached && cached.kernel === env.kernel && cached.qemuVersion === env.qemuVersion && cached.verdict?.type) {
          verdict = cached.verdict;
        } else {
          verdict = this.decide(env, await this.probe.bootsUnderKvm(env.kernel));
          const record: CachedVerdict = { kernel: env.kernel, qemuVersion: env.qemuVersion, verdict, at: new Date().toISOString() };
          await writeFile(file, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 }).catch((e: Error) =>
            this.logger.warn(`Could not keep the domain type verdict in ${file}: ${e.message}`),
          );
        }
      }
    }
    this.verdict = verdict;
    if (verdict.warning) this.logger.warn(verdict.warning);
    else this.logger.log(`VMs are defined as ${verdict.type} domains (${verdict.detail})`);
    return verdict;
  }
}
