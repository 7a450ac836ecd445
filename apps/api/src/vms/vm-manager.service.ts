import { join } from 'node:path';
import { LibvirtError, LibvirtErrorCode, VmState } from '@clan/libvirt-client';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { MachineConsoleStore } from '../consoles/settings/machine-console.store';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import type { VmLayout } from '../services/disk/vm-layout';
import { VmDisks } from '../services/disk/vm-disks';
import { LibvirtService } from '../services/libvirt/libvirt.service';
import { VmNetworkService } from '../services/libvirt/vm-network';
import { NixService } from '../services/nix/nix.service';
import type { JobContext } from '../services/queue/job-context';
import type { GenerationEntity } from './generation.entity';
import { type HealthOutcome, HealthProbe } from './health-probe';
import type { MachineAtRevision } from './machine-configs.service';
import { FleetClosures } from '../fleet/fleet-closures';
import { MachineStateService } from './machine-state.service';
import { SECRETS_DISK_LABEL } from './secrets-disk';
import { VmJobError } from './vm-job-error';
import { vmDomainSpec } from './vm-layout';
import { VmSecrets } from './vm-secrets';

/**
 * The host-side steps of the VM manager, shared by its jobs: lay out a
 * generation's boot files and disks, define/start/stop the domain and probe
 * its health, recording what happened in the machine's state. Every effect
 * goes through an injected adapter (VmDisks, NixService, LibvirtService,
 * HealthProbe), so the decisions built on these steps (vm-deployer.service.ts)
 * run against fakes in unit tests.
 */
@Injectable()
export class VmManager {
  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'healthTimeoutSeconds'> & Partial<Pick<AppConfig, 'vmNic'>>,
    private readonly state: MachineStateService,
    private readonly libvirt: LibvirtService,
    private readonly disks: VmDisks,
    private readonly nix: NixService,
    private readonly consoles: MachineConsoleStore,
    private readonly secrets: VmSecrets,
    private readonly health: HealthProbe,
    // The NAT network the panel may own (CLAN_VM_NETWORK_CREATE); absent (unit tests): CLAN_VM_BRIDGE/CLAN_VM_NETWORK as configured.
    @Optional() private readonly vmNetwork?: VmNetworkService,
    // A worker host's copy of a closure built on the panel's host (absent in unit tests: nothing to copy).
    @Optional() private readonly closures?: FleetClosures,
  ) {}

  layout(networkId: string, machine: string): VmLayout {
    return this.disks.layout(networkId, machine);
  }

  /** Kernel, initrd and store disk of generation `g` in the VM's directory; skips what is already there. */
  async prepareGeneration(g: GenerationEntity, ctx: JobContext, from: number, to: number): Promise<void> {
    const layout = this.layout(g.networkId, g.machine);
    // On a worker host the system was built elsewhere: its closure first (docs/fleet.md, "Closures").
    await this.closures?.ensure(g.storePath, ctx);
    await this.disks.copyBootFiles(layout, g.number, g.storePath);
    await ctx.progress(from + (to - from) * 0.2, `Generation ${g.number}: boot files ready`);
    const disk = layout.storeDisk(g.number);
    if (!(await this.disks.exists(disk))) {
      const closure = await this.nix.closure(g.storePath, ctx.signal);
      await ctx.log(
        'info',
        `Store disk of generation ${g.number}: ${closure.paths.length} store paths (${mib(closure.narBytes)} MiB), nothing else.`,
      );
      const scratch = join(layout.genDir(g.number), 'scratch');
      const made = await this.disks.makeStoreDisk(closure.paths, disk, scratch, ctx.signal);
      await ctx.log('info', `Store disk written: ${mib(made.bytes)} MiB image.`);
    }
    await ctx.progress(to, `Generation ${g.number}: store disk ready`);
  }

  /** The persistent state disk: created sparse on first use, grown (never shrunk) when the config asks for more. */
  async ensureStateDisk(networkId: string, machine: string, gib: number, ctx: JobContext): Promise<void> {
    const done = await this.disks.ensureStateDisk(this.layout(networkId, machine), gib);
    if (done === 'created') await ctx.log('info', `State disk created: ${gib} GiB (sparse).`);
    if (done === 'grown') await ctx.log('info', `State disk grown to ${gib} GiB.`);
  }

  /** The VM's state as libvirt reports it now (Undefined when it has no domain). */
  async domainState(domainName: string | null | undefined): Promise<VmState> {
    if (!domainName) return VmState.Undefined;
    return (await this.libvirt.client.state(domainName)).state;
  }

  /**
   * Defines the domain for generation `g` with its configuration `m` (idempotent: redefining the same XML changes nothing).
   * A managed VM network that cannot be made ready leaves the VM without a NIC, said in `ctx`'s log, rather than failing.
   */
  async define(g: GenerationEntity, m: MachineAtRevision, ctx?: Pick<JobContext, 'log'>): Promise<string> {
    const domainName = this.libvirt.domainName(g.networkId, g.machine);
    // Record the name first: if the panel dies right after `define`, reconciliation finds it as ours.
    await this.state.patch(g.networkId, g.machine, { domainName });
    const kernelParams = (await this.disks.readText(join(g.storePath, 'kernel-params'))) ?? '';
    // Redefining keeps the domain's UUID (libvirt refuses a second domain with the same name).
    const { state } = await this.libvirt.client.state(domainName);
    const uuid = state === VmState.Undefined ? undefined : (await this.libvirt.client.get(domainName)).uuid;
    const { display } = await this.consoles.get(g.networkId, g.machine);
    if (display) await this.prepareDisplay(g.networkId, g.machine);
    await this.writeSecretsDisk(g.networkId, g.machine);
    const { nic, problem } = this.vmNetwork ? await this.vmNetwork.nicForDefinition() : { nic: this.config.vmNic, problem: null };
    if (problem) await ctx?.log('warn', `${g.machine} is defined without a network interface. ${problem}`);
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
        domainType: await this.libvirt.domainType(),
        vcpus: m.config.resources.vcpus,
        memoryMiB: m.config.resources.memoryMiB,
        display,
        layout: this.layout(g.networkId, g.machine),
        nic,
      }),
    });
    await this.state.patch(g.networkId, g.machine, { currentGeneration: g.number });
    return domainName;
  }

  /**
   * The machine's secrets disk from what the features registered with
   * VmSecrets hold for it now (its mesh private key, …). Made at every
   * definition, so a deployment or a redefinition always attaches the
   * current secrets; empty when there are none. Never logs the contents.
   */
  async writeSecretsDisk(networkId: string, machine: string, signal?: AbortSignal): Promise<{ files: number }> {
    const layout = this.layout(networkId, machine);
    await this.disks.ensureDirs(layout);
    const files = await this.secrets.filesFor(networkId, machine);
    return this.disks.makeSecretsDisk(files, layout.secretsDisk, { scratchDir: layout.secretsScratch, label: SECRETS_DISK_LABEL, signal });
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
    const owner = await this.libvirt.client.qemuProcessLabel(await this.libvirt.domainType());
    try {
      await this.disks.ensureDisplayDir(this.layout(networkId, machine), owner);
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
    await this.state.patch(networkId, machine, {
      vmState: VmState.Running,
      vmStateAt: now,
      bootedAt: now,
      health: 'checking',
      healthAt: now,
    });
    return true;
  }

  async suspend(domainName: string): Promise<void> {
    await this.libvirt.client.suspend(domainName);
  }

  async resume(domainName: string): Promise<void> {
    await this.libvirt.client.resume(domainName);
  }

  /** Undefines the domain when libvirt still has it. */
  async undefine(domainName: string): Promise<void> {
    if ((await this.libvirt.client.state(domainName)).state !== VmState.Undefined) await this.libvirt.client.undefine(domainName);
  }

  /** Probes the health channel until generation `n` answers or the deadline passes; records the result. */
  async checkHealth(networkId: string, machine: string, n: number, ctx: JobContext, from: number, to: number): Promise<HealthOutcome> {
    const deadlineMs = this.config.healthTimeoutSeconds * 1000;
    await ctx.log('info', `Waiting for generation ${n} to answer its health probe (deadline ${this.config.healthTimeoutSeconds} s)…`);
    const started = Date.now();
    const outcome = await this.health.wait(
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
    await this.state.patch(networkId, machine, { health: outcome.healthy ? 'healthy' : 'unhealthy', healthAt: now });
    if (outcome.healthy) await ctx.log('info', `Generation ${n} is healthy (answered after ${(outcome.afterMs / 1000).toFixed(1)} s).`);
    else await ctx.log('warn', `Generation ${n} is not healthy: ${outcome.reason}.`);
    return outcome;
  }

  /** Removes the boot files and store disk of a generation. */
  async removeGenerationFiles(networkId: string, machine: string, n: number): Promise<void> {
    await this.disks.removeGeneration(this.layout(networkId, machine), n);
  }

  /** Moves what is left of a removed machine's VM directory (state disk, serial log) aside; returns where, or null. */
  async archiveVmDir(networkId: string, machine: string): Promise<string | null> {
    // The machine's data is kept; its secrets are not (its mesh key is revoked with it).
    return this.disks.archiveVmDir(this.layout(networkId, machine));
  }
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
