import { spawn } from 'node:child_process';
import { copyFile, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LibvirtError, LibvirtErrorCode, VmState } from '@clan/libvirt-client';
import type { MachineConfig } from '@clan/nix-schema';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { validateLayers } from '../configs/layers';
import type { MachineStateEntity } from '../configs/machine-state.entity';
import { NetworkRepoService } from '../configs/network-repo.service';
import { readRepoState } from '../configs/repo-state';
import { MachineConsoleStore } from '../consoles/settings/machine-console.store';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import type { JobContext } from '../services/queue/job-context';
import type { GenerationEntity } from './generation.entity';
import { GenerationsStore } from './generations.service';
import { type HealthOutcome, waitHealthy } from './health-probe';
import { LibvirtService } from './libvirt.service';
import { NixOps } from './nix-ops';
import { makeSecretsDisk } from './secrets-disk';
import { makeStoreDisk } from './store-disk';
import { vmDomainSpec, VmLayout } from './vm-layout';
import { VmSecrets } from './vm-secrets';

/** Thrown by VM jobs with a sentence for the task's error. */
export class VmJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VmJobError';
  }
}

const GiB = 1024 ** 3;

/**
 * The host-side steps of the VM manager, shared by its jobs: read a machine's
 * configuration at a revision, export and build it, lay out a generation's
 * boot files and store disk, define/start the domain and probe its health.
 */
@Injectable()
export class VmManager {
  private readonly logger = new Logger('VmManager');
  readonly nix: NixOps;

  constructor(
    @Inject(APP_CONFIG) readonly config: AppConfig,
    private readonly repos: NetworkRepoService,
    readonly libvirt: LibvirtService,
    readonly store: GenerationsStore,
    private readonly consoles: MachineConsoleStore,
    private readonly secrets: VmSecrets,
  ) {
    this.nix = new NixOps(config.nixBin, config.hostCommandEnv);
  }

  layout(networkId: string, machine: string): VmLayout {
    return new VmLayout(this.config.stateDir, networkId, machine);
  }

  profile(networkId: string, machine: string): string {
    return join(this.config.profilesDir, networkId, machine);
  }

  /** The machine's effective configuration at a revision, or null when the machine is not in it. */
  async machineConfigAt(networkId: string, machine: string, revision: string): Promise<MachineConfig | null> {
    const state = await readRepoState(this.repos.tree(networkId), revision);
    if (!state.configs) throw new VmJobError(`configs.json at ${revision.slice(0, 12)} does not validate; fix the configuration first.`);
    const valid = validateLayers({ configs: state.configs, overrides: state.overrides, localAdmins: state.localAdmins });
    if (!valid.ok)
      throw new VmJobError(`The configuration at ${revision.slice(0, 12)} does not validate: ${valid.errors[0]?.message ?? ''}`);
    return valid.value.effective[machine] ?? null;
  }

  async head(networkId: string): Promise<string> {
    const head = await this.repos.tree(networkId).head();
    if (!head) throw new VmJobError('The network has no configuration repository yet.');
    return head;
  }

  async resolveRevision(networkId: string, rev: string): Promise<string | null> {
    return this.repos.tree(networkId).resolveCommit(rev);
  }

  /** Writes the files of `revision` into `dir` (git archive | tar -x). */
  async exportRevision(networkId: string, revision: string, dir: string): Promise<void> {
    const { stdout } = await this.repos.tree(networkId).run(['archive', '--format=tar', revision]);
    await mkdir(dir, { recursive: true });
    await new Promise<void>((resolve, reject) => {
      const tar = spawn('tar', ['-x', '-C', dir], { stdio: ['pipe', 'ignore', 'pipe'] });
      let err = '';
      tar.stderr.on('data', (d: Buffer) => (err += d.toString()));
      tar.on('error', reject);
      tar.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar -x failed: ${err.trim()}`))));
      tar.stdin.end(stdout);
    });
  }

  /** Kernel, initrd and store disk of generation `g` in the VM's directory; skips what is already there. */
  async prepareGeneration(g: GenerationEntity, ctx: JobContext, from: number, to: number): Promise<void> {
    const layout = this.layout(g.networkId, g.machine);
    await layout.ensure(g.number);
    for (const f of ['kernel', 'initrd'] as const) {
      const dest = f === 'kernel' ? layout.kernel(g.number) : layout.initrd(g.number);
      if (await exists(dest)) continue;
      await copyFile(join(g.storePath, f), dest + '.tmp');
      await rename(dest + '.tmp', dest);
    }
    await ctx.progress(from + (to - from) * 0.2, `Generation ${g.number}: boot files ready`);
    const disk = layout.storeDisk(g.number);
    if (!(await exists(disk))) {
      const closure = await this.nix.closure(g.storePath, ctx.signal);
      await ctx.log(
        'info',
        `Store disk of generation ${g.number}: ${closure.paths.length} store paths (${mib(closure.narBytes)} MiB), nothing else.`,
      );
      const scratch = join(layout.genDir(g.number), 'scratch');
      const made = await makeStoreDisk(closure.paths, disk + '.tmp', scratch, { signal: ctx.signal, env: this.config.hostCommandEnv });
      await rename(disk + '.tmp', disk);
      await ctx.log('info', `Store disk written: ${mib(made.bytes)} MiB image.`);
    }
    await ctx.progress(to, `Generation ${g.number}: store disk ready`);
  }

  /** The persistent state disk: created sparse on first use, grown (never shrunk) when the config asks for more. */
  async ensureStateDisk(layout: VmLayout, gib: number, ctx: JobContext): Promise<void> {
    await layout.ensure();
    const want = gib * GiB;
    const current = (await exists(layout.stateDisk)) ? (await stat(layout.stateDisk)).size : -1;
    if (current >= want) return;
    const fh = await open(layout.stateDisk, current < 0 ? 'wx' : 'r+', 0o600);
    try {
      await fh.truncate(want);
    } finally {
      await fh.close();
    }
    await ctx.log('info', current < 0 ? `State disk created: ${gib} GiB (sparse).` : `State disk grown to ${gib} GiB.`);
  }

  /** The VM's state as libvirt reports it now (Undefined when it has no domain). */
  async domainState(row: MachineStateEntity | null): Promise<VmState> {
    if (!row?.domainName) return VmState.Undefined;
    return (await this.libvirt.client.state(row.domainName)).state;
  }

  /** Defines the domain for generation `g` (idempotent: redefining the same XML changes nothing). */
  async define(g: GenerationEntity, config: MachineConfig): Promise<string> {
    const domainName = this.libvirt.domainName(g.networkId, g.machine);
    // Record the name first: if the panel dies right after `define`, reconciliation finds it as ours.
    await this.store.patchMachine(g.networkId, g.machine, { domainName });
    const kernelParams = await readFile(join(g.storePath, 'kernel-params'), 'utf8').catch(() => '');
    // Redefining keeps the domain's UUID (libvirt refuses a second domain with the same name).
    const { state } = await this.libvirt.client.state(domainName);
    const uuid = state === VmState.Undefined ? undefined : (await this.libvirt.client.get(domainName)).uuid;
    const { display } = await this.consoles.get(g.networkId, g.machine);
    if (display) await this.prepareDisplay(g.networkId, g.machine);
    await this.writeSecretsDisk(g.networkId, g.machine);
    await this.libvirt.client.define({
      uuid,
      ...vmDomainSpec({
        domainName,
        panelId: this.libvirt.panelId,
        networkId: g.networkId,
        machine: g.machine,
        generation: g.number,
        toplevel: g.storePath,
        kernelParams,
        domainType: this.config.domainType,
        vcpus: config.resources.vcpus,
        memoryMiB: config.resources.memoryMiB,
        display,
        layout: this.layout(g.networkId, g.machine),
      }),
    });
    await this.store.patchMachine(g.networkId, g.machine, { currentGeneration: g.number });
    return domainName;
  }

  /**
   * The machine's secrets disk (vms/secrets-disk.ts) from what the features
   * registered with VmSecrets hold for it now (its mesh private key, …). Made
   * at every definition, so a deployment or a redefinition always attaches
   * the current secrets; empty when there are none. Never logs the contents.
   */
  async writeSecretsDisk(networkId: string, machine: string, signal?: AbortSignal): Promise<{ files: number }> {
    const layout = this.layout(networkId, machine);
    await layout.ensure();
    const files = await this.secrets.filesFor(networkId, machine);
    return makeSecretsDisk(files, layout.secretsDisk, { scratchDir: layout.secretsScratch, env: this.config.hostCommandEnv, signal });
  }

  /**
   * Brings a stopped domain's console devices in line with the machine's
   * console settings before it boots (docs/consoles.md): the serial console
   * as a logged pty, and a VNC display on a unix socket when `display` is on.
   * Redefines only when something differs.
   */
  private async applyConsoleSettings(networkId: string, machine: string, domainName: string): Promise<void> {
    const layout = this.layout(networkId, machine);
    const { display } = await this.consoles.get(networkId, machine);
    const spec = await this.libvirt.client.getSpec(domainName);
    const serial = { type: 'pty' as const, logFile: layout.serialLog };
    const graphics = display ? { type: 'vnc' as const, socket: layout.vncSocket } : undefined;
    if (display) await this.prepareDisplay(networkId, machine);
    const same = JSON.stringify(spec.serial) === JSON.stringify(serial) && JSON.stringify(spec.graphics) === JSON.stringify(graphics);
    if (same) return;
    await this.libvirt.client.define({ ...spec, serial, graphics });
  }

  private async prepareDisplay(networkId: string, machine: string): Promise<void> {
    const owner = await this.libvirt.client.qemuProcessLabel(this.config.domainType);
    try {
      await this.layout(networkId, machine).ensureDisplayDir(owner);
    } catch (e) {
      throw new VmJobError((e as Error).message);
    }
  }

  /** Stops the domain if it runs: ACPI shutdown, destroyed after `timeoutMs`. */
  async stop(domainName: string, ctx: JobContext, timeoutMs = 60_000): Promise<'graceful' | 'destroyed' | 'not-running'> {
    const { state } = await this.libvirt.client.state(domainName);
    if (state === VmState.Undefined || state === VmState.ShutOff || state === VmState.Crashed) return 'not-running';
    if (state === VmState.Paused || state === VmState.PmSuspended || state === VmState.ShuttingDown || state === VmState.Unknown) {
      await this.libvirt.client.destroy(domainName);
      return 'destroyed';
    }
    await ctx.log('info', `Shutting down ${domainName} (ACPI; forced off after ${Math.round(timeoutMs / 1000)} s)…`);
    return this.libvirt.client.shutdown(domainName, { timeoutMs });
  }

  /** Starts the domain unless it already runs; records the boot. Returns whether it was started now. */
  async start(networkId: string, machine: string, domainName: string): Promise<boolean> {
    const { state } = await this.libvirt.client.state(domainName);
    if (state === VmState.Running || state === VmState.Blocked) return false;
    if (state === VmState.ShutOff || state === VmState.Crashed) await this.applyConsoleSettings(networkId, machine, domainName);
    try {
      await this.libvirt.client.start(domainName);
    } catch (e) {
      // Started by someone else between our look and our start: fine, it runs.
      if (!(e instanceof LibvirtError && e.code === LibvirtErrorCode.InvalidState)) throw e;
    }
    const now = new Date();
    await this.store.patchMachine(networkId, machine, {
      vmState: VmState.Running,
      vmStateAt: now,
      bootedAt: now,
      health: 'checking',
      healthAt: now,
    });
    return true;
  }

  /** Probes the health channel until generation `n` answers or the deadline passes; records the result. */
  async checkHealth(networkId: string, machine: string, n: number, ctx: JobContext, from: number, to: number): Promise<HealthOutcome> {
    const deadlineMs = this.config.healthTimeoutSeconds * 1000;
    await ctx.log('info', `Waiting for generation ${n} to answer its health probe (deadline ${this.config.healthTimeoutSeconds} s)…`);
    const started = Date.now();
    const outcome = await waitHealthy(
      this.layout(networkId, machine).healthSocket,
      { machine, generation: n },
      {
        deadlineMs,
        signal: ctx.signal,
        onAttempt: (attempt) => {
          const f = Math.min(1, (Date.now() - started) / deadlineMs);
          void ctx.progress(from + (to - from) * f, `Health check of generation ${n} (probe ${attempt})`);
        },
      },
    );
    const now = new Date();
    await this.store.patchMachine(networkId, machine, { health: outcome.healthy ? 'healthy' : 'unhealthy', healthAt: now });
    if (outcome.healthy) await ctx.log('info', `Generation ${n} is healthy (answered after ${(outcome.afterMs / 1000).toFixed(1)} s).`);
    else await ctx.log('warn', `Generation ${n} is not healthy: ${outcome.reason}.`);
    return outcome;
  }

  /** Removes the boot files and store disk of a generation. */
  async removeGenerationFiles(networkId: string, machine: string, n: number): Promise<void> {
    await rm(this.layout(networkId, machine).genDir(n), { recursive: true, force: true });
  }

  /** Moves what is left of a removed machine's VM directory (state disk, serial log) aside; returns where, or null. */
  async archiveVmDir(networkId: string, machine: string): Promise<string | null> {
    const layout = this.layout(networkId, machine);
    if (!(await exists(layout.dir))) return null;
    // The machine's data is kept; its secrets are not (its mesh key is revoked with it).
    await rm(layout.secretsDisk, { force: true });
    await rm(layout.secretsScratch, { recursive: true, force: true });
    const dest = join(this.config.stateDir, 'vms-removed', networkId, `${machine}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    await mkdir(join(dest, '..'), { recursive: true });
    await rename(layout.dir, dest);
    return dest;
  }

  warn(message: string): void {
    this.logger.warn(message);
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
