import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import type { JobContext } from '../../services/queue/job-context';
import { JobHandler } from '../../services/queue/job-handler.decorator';
import { JobName } from '../../services/queue/queue.catalogue';
import { TasksService } from '../../tasks/tasks.service';
import { HostIdentity } from '../host-identity.service';
import { ClevisLuks } from './clevis-luks';
import { type ClevisPolicy, policyProblems, renderSssConfig, sssConfigText, type TangPinSource } from './clevis-policy';
import { ClevisPolicyEntity } from './clevis-policy.entity';
import { openSealed } from './host-sealing';
import { TangServer } from './tang-server.service';
import { TangServerEntity } from './tang-server.entity';
import { UnlockSecretEntity } from './unlock-secret.entity';
import { UnlockService } from './unlock.service';

/** The jobs of unattended unlock; each runs on the host it acts on (docs/fleet-unlock.md). */
@Injectable()
export class UnlockJobs {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(ClevisPolicyEntity) private readonly policies: Repository<ClevisPolicyEntity>,
    @InjectRepository(UnlockSecretEntity) private readonly secrets: Repository<UnlockSecretEntity>,
    @InjectRepository(TangServerEntity) private readonly tangRows: Repository<TangServerEntity>,
    private readonly identity: HostIdentity,
    private readonly tang: TangServer,
    private readonly clevis: ClevisLuks,
    private readonly unlock: UnlockService,
    private readonly tasks: TasksService,
  ) {}

  @JobHandler(JobName.TangApply)
  async apply(ctx: JobContext<JobName.TangApply>): Promise<Record<string, unknown>> {
    const state = await this.tang.apply();
    await ctx.log('info', state.enabled ? `Tang serves ${state.url} (keys ${state.thumbprints.join(', ')})` : 'Tang server stopped');
    return { ...state };
  }

  @JobHandler(JobName.TangRotate)
  async rotate(ctx: JobContext<JobName.TangRotate>): Promise<Record<string, unknown>> {
    const state = await this.tang.rotate();
    await ctx.log('info', `new signing key ${state.thumbprints.join(', ')}; the old keys stay hidden until every binding is renewed`);
    const hostId = await this.identity.selfId();
    const rebinds: { hostId: string; name: string; taskId: string }[] = [];
    for (const user of await this.unlock.dependents(hostId)) {
      if (!user.bound) continue;
      const { taskId } = await this.tasks.start(
        JobName.ClevisBind,
        { secretId: null, reason: 'rotation' },
        { userId: ctx.userId, hostId: user.hostId },
      );
      rebinds.push({ hostId: user.hostId, name: user.name, taskId });
      await ctx.log('info', `rebinding ${user.name} (task ${taskId})`);
    }
    return { ...state, rebinds };
  }

  @JobHandler(JobName.ClevisBind)
  async bind(ctx: JobContext<JobName.ClevisBind>): Promise<Record<string, unknown>> {
    const hostId = await this.identity.selfId();
    // The one-time secret is taken first: whatever happens next, it is not left behind.
    const existingKey = ctx.payload.secretId ? await this.takeSecret(hostId, ctx.payload.secretId) : null;
    const row = await this.policies.findOneBy({ hostId });
    if (!row) throw new Error('This host has no Clevis policy: set one before binding.');
    const policy: ClevisPolicy = { threshold: row.threshold, tangHostIds: row.tangHostIds, tpm: row.tpm, device: row.device };
    const sources = await this.pinSources();
    const problems = policyProblems(hostId, policy, sources);
    if (problems.length) throw new Error(problems.map((p) => p.message).join(' '));
    const device = policy.device ?? this.config.unlock.device;
    if (!device) throw new Error('No LUKS device to bind: name one in the policy or set CLAN_UNLOCK_DEVICE on this host.');
    const text = sssConfigText(renderSssConfig(policy, sources));
    ctx.throwIfCancelled();

    const slots = await this.clevis.slots(device);
    const previous = row.boundDevice === device && row.boundSlot !== null && slots.has(row.boundSlot) ? row.boundSlot : null;
    await ctx.progress(30, 'binding');
    let slot: number;
    if (previous !== null) {
      // Through the pins of the current binding, written over it: no passphrase needed, no second slot.
      try {
        await this.clevis.rebindInPlace(device, previous, text);
        slot = previous;
      } catch (err) {
        if (!existingKey) throw err;
        await ctx.log(
          'warn',
          `the binding in slot ${previous} cannot be renewed in place (${(err as Error).message}); replacing it with the passphrase`,
        );
        await this.clevis.unbind(device, previous);
        slot = await this.clevis.bindSss(device, existingKey, text);
      }
    } else {
      if (!existingKey) throw new Error(`${device} has no binding the panel made: bind it once with the disk's passphrase.`);
      slot = await this.clevis.bindSss(device, existingKey, text);
    }
    existingKey?.fill(0);
    await ctx.log('info', `bound ${device} slot ${slot}: sss ${text}`);
    await this.policies.update({ hostId }, { boundConfig: text, boundSlot: slot, boundDevice: device, boundAt: new Date() });
    return { device, slot, replacedSlot: previous, config: text, reason: ctx.payload.reason };
  }

  private async takeSecret(hostId: string, id: string): Promise<Buffer> {
    const secret = await this.secrets.findOneBy({ id, hostId });
    if (secret) await this.secrets.delete({ id });
    if (!secret || secret.expiresAt.getTime() < Date.now())
      throw new Error('The passphrase for this bind was already used or has expired: start the bind again with the passphrase.');
    return Buffer.from(openSealed(this.tang.sealingKey(), secret.sealed), 'utf8');
  }

  private async pinSources(): Promise<Map<string, TangPinSource>> {
    const rows = await this.tangRows.find({ relations: { host: true } });
    return new Map(
      rows.map((r) => [
        r.hostId,
        { hostId: r.hostId, hostName: r.host?.name ?? r.hostId, enabled: r.enabled, url: r.url, thumbprints: r.thumbprints },
      ]),
    );
  }
}
