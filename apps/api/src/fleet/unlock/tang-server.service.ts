import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { ProcessRunner } from '../../services/process/process-runner';
import { HostIdentity } from '../host-identity.service';
import { type HostSealingKey, loadOrCreateSealingKey } from './host-sealing';
import { advertisedThumbprints, hasKeys } from './tang-keys';
import { TANG_PACKAGE, TANGD, TangListener } from './tang-listener';
import { TangServerEntity } from './tang-server.entity';

const KEYGEN = '/usr/libexec/tangd-keygen';
const ROTATE = '/usr/libexec/tangd-rotate-keys';

/** What this host's Tang server serves now. */
export interface TangState {
  enabled: boolean;
  url: string | null;
  thumbprints: string[];
}

/**
 * This host's Tang server (docs/fleet-unlock.md, "Tang servers"). Runs in the process that runs the
 * host's workers: keys in `<stateDir>/tang` (tangd-keygen), served on CLAN_FLEET_ADDRESS:CLAN_TANG_PORT
 * while the admin has it enabled. It reports its URL and advertised thumbprints to its tang_servers
 * row (the panel pins them in every policy) and publishes the host's sealing key there.
 */
@Injectable()
export class TangServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Tang');
  private listener: TangListener | null = null;
  private sealing: HostSealingKey | null = null;
  /** One apply or rotation at a time in this process. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(TangServerEntity) private readonly rows: Repository<TangServerEntity>,
    private readonly identity: HostIdentity,
    private readonly processes: ProcessRunner,
  ) {}

  get keyDir(): string {
    return join(this.config.stateDir, 'tang');
  }

  /** This host's sealing key (its one-time secrets are sealed to it). */
  sealingKey(): HostSealingKey {
    this.sealing ??= loadOrCreateSealingKey(this.config.stateDir);
    return this.sealing;
  }

  onApplicationBootstrap(): void {
    if (!this.config.runWorkers) return;
    void this.apply().catch((err: unknown) => this.logger.warn(`Tang server not started: ${(err as Error).message}`));
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.stop();
    this.listener = null;
  }

  /** Starts or stops the server as the host's row says, and reports what it serves. */
  apply(): Promise<TangState> {
    return this.serialised(() => this.applyNow());
  }

  /**
   * Rotates the keys (tangd-rotate-keys: the old ones stay, hidden, so bindings made with them
   * still unlock until they are rebound) and reports the new thumbprint.
   */
  rotate(): Promise<TangState> {
    return this.serialised(async () => {
      const row = await this.ownRow();
      if (!row.enabled) throw new Error('This host’s Tang server is not enabled: enable it before rotating its keys.');
      this.requireTool(ROTATE);
      await this.processes.run(ROTATE, ['-d', this.keyDir], { pkg: TANG_PACKAGE });
      const state = await this.applyNow();
      await this.rows.update({ hostId: row.hostId }, { rotatedAt: new Date() });
      return state;
    });
  }

  private serialised<T>(step: () => Promise<T>): Promise<T> {
    const next = this.chain.then(step, step);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async ownRow(): Promise<TangServerEntity> {
    const hostId = await this.identity.selfId();
    const sealingKey = this.sealingKey().publicKey;
    // The admin's `enabled` is kept; the sealing key is this host's to publish.
    await this.rows
      .createQueryBuilder()
      .insert()
      .values({ hostId, enabled: false, thumbprints: [], sealingKey })
      .orUpdate(['sealing_key'], ['host_id'])
      .execute();
    return this.rows.findOneByOrFail({ hostId });
  }

  private requireTool(path: string): void {
    if (!existsSync(path)) throw new Error(`${path} is missing: install the Debian package ${TANG_PACKAGE}.`);
  }

  private async applyNow(): Promise<TangState> {
    const row = await this.ownRow();
    if (!row.enabled) {
      await this.listener?.stop();
      this.listener = null;
      await this.rows.update({ hostId: row.hostId }, { url: null, reportedAt: new Date() });
      return { enabled: false, url: null, thumbprints: row.thumbprints };
    }
    const address = this.config.fleet.address;
    if (!address)
      throw new Error(
        'This host has no fleet address: set CLAN_FLEET_ADDRESS so the other hosts can reach its Tang server inside the fleet mesh.',
      );
    this.requireTool(TANGD);
    await mkdir(this.keyDir, { recursive: true, mode: 0o700 });
    if (!(await hasKeys(this.keyDir))) {
      this.requireTool(KEYGEN);
      await this.processes.run(KEYGEN, [this.keyDir], { pkg: TANG_PACKAGE });
    }
    if (!this.listener) {
      const listener = new TangListener(this.processes, this.keyDir, address, this.config.unlock.tangPort, this.config.fleet.netns);
      try {
        await listener.start();
      } catch (err) {
        throw new Error(`The Tang server cannot listen on ${address}:${this.config.unlock.tangPort}: ${(err as Error).message}`);
      }
      this.listener = listener;
      this.logger.log(`serving Tang on ${listener.url}`);
    }
    const thumbprints = await advertisedThumbprints(this.keyDir);
    await this.rows.update({ hostId: row.hostId }, { url: this.listener.url, thumbprints, reportedAt: new Date() });
    return { enabled: true, url: this.listener.url, thumbprints };
  }
}
