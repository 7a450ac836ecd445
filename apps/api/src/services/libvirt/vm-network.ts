import {
  buildNatNetworkXml,
  type LibvirtClient,
  LibvirtError,
  LibvirtErrorCode,
  natNetworkDifferences,
  natNetworkSpec,
  type NatNetworkSpec,
} from '@clan/libvirt-client';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { VmNic } from '../config/config.schema';
import { LibvirtService } from './libvirt.service';

/** The NIC a VM definition gets now, and why it gets none when the managed network is broken. */
export interface VmNicChoice {
  nic: VmNic | undefined;
  /** Set when CLAN_VM_NETWORK_CREATE is on and the network could not be made ready: a sentence naming what to do. */
  problem: string | null;
}

/** True when `action` succeeded, false when it failed with `code`; other failures are thrown. */
async function unlessCode(action: Promise<void>, code: LibvirtErrorCode): Promise<boolean> {
  try {
    await action;
    return true;
  } catch (e) {
    if (e instanceof LibvirtError && e.code === code) return false;
    throw e;
  }
}

/** The sentence for a network that could not be defined or started. */
export function vmNetworkProblem(name: string, error: unknown): string {
  const text = error instanceof LibvirtError ? (error.detail ?? error.message) : (error as Error).message;
  if (/dnsmasq/i.test(text)) {
    return (
      `The VMs' network ${name} cannot start: dnsmasq is not installed (libvirt runs it for DHCP and DNS). ` +
      'Install it (Debian: sudo apt-get install dnsmasq-base) and restart the panel; until then VMs get no network interface.'
    );
  }
  return `The VMs' network ${name} could not be set up (${text}); until it can, VMs get no network interface.`;
}

/**
 * The libvirt NAT network the panel owns for its VMs (CLAN_VM_NETWORK with
 * CLAN_VM_NETWORK_CREATE, docs/vms.md "Network"): defined when missing,
 * started when inactive, autostarted — at start-up and again before each VM
 * definition. A network of that name that differs from what the panel would
 * write is an administrator's: left alone, with a warning.
 */
@Injectable()
export class VmNetworkService implements OnApplicationBootstrap {
  private readonly logger = new Logger('VmNetwork');
  private problemNow: string | null = null;
  private warned = false;
  private inflight: Promise<void> | null = null;
  private readonly spec: NatNetworkSpec | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'vmNic' | 'managedVmNetwork'>,
    private readonly libvirt: LibvirtService,
  ) {
    const m = config.managedVmNetwork;
    this.spec = m ? natNetworkSpec(m.name, m.subnet) : null;
  }

  onApplicationBootstrap(): void {
    if (this.spec) void this.ensure();
  }

  /** The managed network's problem, for /api/health (null when it is ready or not managed). */
  problem(): string | null {
    return this.problemNow;
  }

  /** The NIC for a VM definition: CLAN_VM_BRIDGE/CLAN_VM_NETWORK as configured; none while the managed network is broken. */
  async nicForDefinition(): Promise<VmNicChoice> {
    if (!this.spec) return { nic: this.config.vmNic, problem: null };
    await this.ensure();
    return this.problemNow ? { nic: undefined, problem: this.problemNow } : { nic: this.config.vmNic, problem: null };
  }

  /** Makes the network exist, run and autostart; concurrent callers share one attempt. Never throws. */
  ensure(): Promise<void> {
    this.inflight ??= this.ensureNow().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async ensureNow(): Promise<void> {
    const spec = this.spec;
    if (!spec) return;
    const client: LibvirtClient = this.libvirt.client;
    try {
      let info = await client.networkInfo(spec.name);
      let ours = true;
      if (!info) {
        // Another process of the panel (API and worker apart) may define it at the same moment: then it exists, fine.
        if (await unlessCode(client.defineNetworkXml(buildNatNetworkXml(spec), spec.name), LibvirtErrorCode.AlreadyExists)) {
          this.logger.log(
            `Defined the libvirt network ${spec.name} for the VMs (NAT, ${spec.gateway}/${spec.prefix}, bridge ${spec.bridge}).`,
          );
        }
        info = await client.networkInfo(spec.name);
      } else {
        const differences = natNetworkDifferences(spec, await client.networkSummary(spec.name));
        ours = differences.length === 0;
        if (!ours && !this.warned) {
          this.warned = true;
          this.logger.warn(
            `The libvirt network ${spec.name} exists and differs from what the panel would write (${differences.join('; ')}): ` +
              'the panel leaves it as it is and puts the VMs on it. Remove it or set CLAN_VM_NETWORK to another name to let the panel make its own.',
          );
        }
      }
      if (info && !info.active) {
        // Started by someone else meanwhile ("network is already running"): fine.
        if (await unlessCode(client.startNetwork(spec.name), LibvirtErrorCode.InvalidState)) {
          this.logger.log(`Started the libvirt network ${spec.name}.`);
        }
      }
      if (ours && info && !info.autostart) await client.autostartNetwork(spec.name);
      if (this.problemNow) this.logger.log(`The VMs' network ${spec.name} is ready again.`);
      this.problemNow = null;
    } catch (error) {
      const problem = vmNetworkProblem(spec.name, error);
      if (problem !== this.problemNow) this.logger.warn(problem);
      this.problemNow = problem;
    }
  }
}
