import { probeLibvirt } from '@clan/libvirt-client';
import { Inject, Injectable } from '@nestjs/common';
import { auditHealth, AuditService } from '../audit/audit.service';
import { SystemFlakes } from '../configs/system-flakes.service';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { DomainTypeService } from '../services/libvirt/domain-type';
import { VmNetworkService } from '../services/libvirt/vm-network';
import { CommandError, ProcessRunner } from '../services/process/process-runner';
import { Dependencies } from './dependencies.service';
import type { ComponentHealthDto, HealthDto } from './health.dto';

export const PANEL_VERSION = '0.1.0';

/**
 * Slow probes (they spawn processes) are cached briefly and single-flight: under
 * load, concurrent requests share one probe instead of each spawning their own.
 */
class CachedProbe {
  private at = 0;
  private value: ComponentHealthDto | null = null;
  private inflight: Promise<ComponentHealthDto> | null = null;

  constructor(
    private readonly ttlMs: number,
    private readonly probe: () => Promise<ComponentHealthDto>,
  ) {}

  get(): Promise<ComponentHealthDto> {
    if (this.value && Date.now() - this.at < this.ttlMs) return Promise.resolve(this.value);
    this.inflight ??= this.probe()
      .then((v) => {
        this.value = v;
        this.at = Date.now();
        return v;
      })
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }
}

@Injectable()
export class HealthService {
  private readonly libvirtProbe = new CachedProbe(10_000, () => this.libvirt());
  private readonly nixProbe = new CachedProbe(10_000, () => this.nix());

  constructor(
    private readonly dependencies: Dependencies,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly proc: ProcessRunner,
    private readonly flakes: SystemFlakes,
    private readonly domainTypes: DomainTypeService,
    private readonly audit: AuditService,
    private readonly vmNetwork: VmNetworkService,
  ) {}

  async check(): Promise<HealthDto> {
    const [database, redis, libvirt, nix] = await Promise.all([
      this.dependencies.database(),
      this.dependencies.redisHealth(),
      this.libvirtProbe.get(),
      this.nixProbe.get(),
    ]);
    // What machines build from (SystemFlakes); informational: a host without nixpkgs still runs the demo system.
    const { clanFlake, nixpkgs, demoSystem } = await this.flakes.health();
    // Any component not ok degrades; only the database or Redis down makes the answer 503 (HealthController).
    const audit = auditHealth(this.audit.status());
    const status = [database, redis, libvirt, nix, audit].every((c) => c.status === 'ok') ? 'ok' : 'degraded';
    const domainType = this.domainTypes.current() ?? undefined;
    return {
      status,
      version: PANEL_VERSION,
      components: { database, redis, libvirt, nix, clanFlake, nixpkgs, demoSystem, audit },
      ...(domainType ? { domainType } : {}),
    };
  }

  private async libvirt(): Promise<ComponentHealthDto> {
    const p = await probeLibvirt(this.config.libvirtUri, 3000);
    // The VMs' managed NAT network (CLAN_VM_NETWORK_CREATE) not ready: VMs still run, without a NIC.
    const network = this.vmNetwork.problem();
    if (p.available && network) return { status: 'unavailable', detail: `${p.detail}; ${network}`, message: network };
    if (p.available) return { status: 'ok', detail: p.detail };
    return { status: 'unavailable', detail: p.detail, message: p.message };
  }

  private async nix(): Promise<ComponentHealthDto> {
    try {
      const { stdout } = await this.proc.run(this.config.nixBin, ['--version'], { timeoutMs: 3000 });
      return { status: 'ok', detail: stdout.trim() };
    } catch (err) {
      // A missing nix names its Debian package (ProcessRunner).
      const missing = err instanceof CommandError && err.missing;
      return {
        status: 'unavailable',
        detail: missing ? (err as Error).message : `nix --version failed: ${(err as Error).message}`,
        message: missing
          ? 'Nix is not installed: install it with `sudo apt-get install nix-bin`, or run `sudo npm start` once.'
          : `Nix does not run (${this.config.nixBin} --version failed): reinstall it with \`sudo apt-get install --reinstall nix-bin\` or fix CLAN_NIX_BIN.`,
      };
    }
  }
}
