import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { conflict } from '../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { loadOrCreateKey } from '../services/secrets/state-keys';
import type { CreatedEnrolmentDto, EnrolmentDto, HostEnrolledDto } from './dto/fleet.dto';
import { fleetHttpUrl, workerDatabaseUrl, workerRedisUrl } from './fleet-connections';
import type { HostEnrolmentEntity } from './host-enrolment.entity';
import { HostsService } from './hosts.service';
import { NixCacheServer } from './nix-cache.server';

/**
 * Enrolment of a new host (docs/fleet.md, "Enrolment"): the token the Hosts
 * page makes, and what a worker gets for it — its credential, the panel's
 * database and Redis at the panel's fleet address (relayed there, never on
 * the host's public side), and the panel's keys: a worker runs the VMs of
 * every network and writes their secrets disks, so it is trusted like the
 * panel's own host.
 */
@Injectable()
export class FleetEnrolment {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly hosts: HostsService,
    private readonly cache: NixCacheServer,
  ) {}

  static dto(e: HostEnrolmentEntity): EnrolmentDto {
    return {
      id: e.id,
      name: e.name,
      expiresAt: e.expiresAt.toISOString(),
      usedAt: e.usedAt?.toISOString() ?? null,
      hostId: e.hostId,
      createdAt: e.createdAt.toISOString(),
    };
  }

  private fleetAddress(): string {
    if (!this.config.databaseUrl) {
      throw conflict(
        'This panel keeps its data in its embedded database, which serves the panel alone; hosts need a PostgreSQL server. Set DATABASE_URL (the NixOS module does) and restart the panel before adding hosts.',
      );
    }
    const address = this.config.fleet.address;
    if (!address) {
      throw conflict(
        'This panel has no fleet address yet: set CLAN_FLEET_ADDRESS to its address inside the fleet mesh (and CLAN_FLEET_NETNS if that interface lives in a network namespace), then restart it. Hosts reach its database and Redis only there.',
      );
    }
    return address;
  }

  /** The panel as a new host reaches it: inside the fleet mesh. */
  panelUrlInMesh(): string {
    return fleetHttpUrl(this.fleetAddress(), this.config.mesh.panelPort);
  }

  async create(name: string, expiresInMinutes: number, createdBy: string | null): Promise<CreatedEnrolmentDto> {
    const panelUrl = this.panelUrlInMesh();
    const { enrolment, token } = await this.hosts.createEnrolment(name, expiresInMinutes, createdBy);
    return {
      ...FleetEnrolment.dto(enrolment),
      token,
      commands: [
        `sudo -u clan-panel clan-panel worker enrol --state-dir /var/lib/clan-panel --panel ${panelUrl} --token ${token}`,
        '# then, in the host\'s NixOS configuration: services.clan-panel = { enable = true; role = "worker"; fleet.address = "<its fleet address>"; };',
        'sudo nixos-rebuild switch',
      ],
    };
  }

  async enrol(token: string): Promise<HostEnrolledDto> {
    const address = this.fleetAddress();
    const { host, secret } = await this.hosts.enrol(token);
    const databaseUrl = (this.ds.options as { url?: string }).url ?? this.config.databaseUrl ?? '';
    return {
      hostId: host.id,
      name: host.name,
      secret,
      databaseUrl: workerDatabaseUrl(databaseUrl, address),
      redisUrl: workerRedisUrl(this.config.redisUrl, address),
      queuePrefix: this.config.queuePrefix,
      heartbeatSeconds: this.config.fleet.heartbeatSeconds,
      keys: {
        master: loadOrCreateKey(this.config.stateDir, 'master').toString('base64'),
        panelId: loadOrCreateKey(this.config.stateDir, 'panel-id').toString('base64'),
      },
      cache: {
        url: fleetHttpUrl(address, this.config.fleet.cachePort),
        publicKey: this.cache.signingKey().trusted,
      },
    };
  }
}
