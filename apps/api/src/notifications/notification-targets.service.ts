import { randomUUID } from 'node:crypto';
import type { NotificationTargetType } from '@clan/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { invalid, notFound } from '../common/errors/domain-error';
import type {
  CreateHostTargetDto,
  EmailSettingsPatchDto,
  NtfySettingsPatchDto,
  TargetDto,
  TargetListDto,
  TargetTestResultDto,
  UpdateHostTargetDto,
  WebhookSettingsPatchDto,
} from './dto/target.dto';
import { NotificationTargetEntity } from './entities/notification-target.entity';
import { TargetVault } from './target-vault';
import { DeliveryError, type OutgoingNotification } from './targets/outgoing';
import { deliver } from './targets/senders';
import {
  type EmailSettings,
  type NtfySettings,
  SECRET_FIELDS,
  type TargetSecrets,
  type TargetSettings,
  type WebhookSettings,
} from './targets/target-settings';

/** Whose targets a request addresses: the host's (null) or one network's. */
export interface TargetScope {
  networkId: string | null;
}

type SectionPatch = WebhookSettingsPatchDto | NtfySettingsPatchDto | EmailSettingsPatchDto;

/** Headers the panel sets itself; a secret header must not replace them. */
const RESERVED_HEADERS = /^(host|content-type|content-length|transfer-encoding|connection|user-agent|x-clan-.*)$/i;
export const DEFAULT_NTFY_SERVER = 'https://ntfy.sh';

/**
 * Targets: create, change, list, delete and test. Secret settings are
 * write-only (sealed with SecretBox, answered as "…Set" flags); errors
 * stored for a target have them scrubbed out.
 */
@Injectable()
export class NotificationTargetsService {
  private readonly logger = new Logger('NotificationTargets');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly vault: TargetVault,
  ) {}

  private get repo() {
    return this.ds.getRepository(NotificationTargetEntity);
  }

  async list(scope: TargetScope): Promise<TargetListDto> {
    const visible = await this.repo.find({
      where: { networkId: scope.networkId === null ? IsNull() : scope.networkId },
      order: { createdAt: 'ASC' },
    });
    const counts = await this.counts(visible.map((t) => t.id));
    const kinds = await this.ds.query<{ kind: string }[]>(
      scope.networkId === null
        ? 'SELECT DISTINCT "kind" FROM "notification_subjects" ORDER BY "kind" LIMIT 200'
        : 'SELECT DISTINCT "kind" FROM "notification_subjects" WHERE "network_id" = $1 OR "network_id" IS NULL ORDER BY "kind" LIMIT 200',
      scope.networkId === null ? [] : [scope.networkId],
    );
    return { items: visible.map((t) => this.toDto(t, counts.get(t.id))), knownKinds: kinds.map((k) => k.kind) };
  }

  async create(scope: TargetScope, body: CreateHostTargetDto): Promise<TargetDto> {
    const type = body.type;
    for (const other of otherTypes(type)) {
      if (body[other] !== undefined && body[other] !== null)
        throw invalid(other, `A ${type} target takes only "${type}" settings, not "${other}".`);
    }
    const section = body[type];
    if (!section) throw invalid(type, `A ${type} target needs its "${type}" settings.`);
    const { settings, secrets } = applySection(type, null, {}, section);
    const target = this.repo.create({
      networkId: scope.networkId,
      name: body.name.trim(),
      type,
      enabled: body.enabled ?? true,
      minSeverity: body.minSeverity ?? 'warning',
      networkIds: scope.networkId === null ? await this.checkNetworks(body.networkIds) : null,
      kinds: normaliseKinds(body.kinds),
      settings,
      secretsEncrypted: this.vault.seal(secrets),
    });
    if (!target.name) throw invalid('name', 'name must not be blank');
    const saved = await this.repo.save(target);
    return this.toDto(saved, undefined);
  }

  async update(scope: TargetScope, id: string, body: UpdateHostTargetDto): Promise<TargetDto> {
    const target = await this.find(scope, id);
    for (const other of otherTypes(target.type)) {
      if (body[other] !== undefined && body[other] !== null)
        throw invalid(other, `This is a ${target.type} target: change its "${target.type}" settings (the type cannot change).`);
    }
    if (body.name !== undefined) {
      if (!body.name.trim()) throw invalid('name', 'name must not be blank');
      target.name = body.name.trim();
    }
    if (body.enabled !== undefined) target.enabled = body.enabled;
    if (body.minSeverity !== undefined) target.minSeverity = body.minSeverity;
    if (body.kinds !== undefined) target.kinds = normaliseKinds(body.kinds);
    if (body.networkIds !== undefined && scope.networkId === null) target.networkIds = await this.checkNetworks(body.networkIds);
    const patch = body[target.type];
    if (patch) {
      const { settings, secrets } = applySection(target.type, target.settings, this.openOrEmpty(target), patch);
      target.settings = settings;
      target.secretsEncrypted = this.vault.seal(secrets);
    }
    const saved = await this.repo.save(target);
    return this.toDto(saved, (await this.counts([saved.id])).get(saved.id));
  }

  async remove(scope: TargetScope, id: string): Promise<TargetDto> {
    const target = await this.find(scope, id);
    const dto = this.toDto(target, undefined);
    await this.repo.delete({ id: target.id });
    return dto;
  }

  /** Sends a test notification now (not queued, no retries) and records the outcome on the target. */
  async test(scope: TargetScope, id: string): Promise<TargetTestResultDto> {
    const target = await this.find(scope, id);
    const networkName = target.networkId
      ? ((await this.ds.query<{ name: string }[]>('SELECT "name" FROM "networks" WHERE "id" = $1', [target.networkId]))[0]?.name ?? null)
      : null;
    const started = Date.now();
    let error: string | null = null;
    try {
      await deliver(target.type, target.settings, this.vault.open(target), this.testNotification(target, networkName));
    } catch (e) {
      error = e instanceof DeliveryError ? e.message : "The target's secrets cannot be decrypted (was the master key replaced?)";
    }
    await this.vault.recordOutcome(target.id, error);
    if (error) this.logger.log(`test of ${target.type} target "${target.name}" failed: ${error}`);
    return { ok: error === null, error, durationMs: Date.now() - started };
  }

  private testNotification(target: NotificationTargetEntity, networkName: string | null): OutgoingNotification {
    return {
      id: randomUUID(),
      deliveryId: null,
      test: true,
      kind: 'panel.test',
      severity: 'info',
      networkId: target.networkId,
      networkName,
      subject: `test:${target.id}`,
      state: 'test',
      previousState: null,
      title: 'Test notification from the cLAN panel',
      message: `If you can read this, the target “${target.name}” works.`,
      link: this.vault.absoluteLink(target.networkId ? `/networks/${target.networkId}/notifications` : '/notifications'),
      createdAt: new Date().toISOString(),
    };
  }

  private async find(scope: TargetScope, id: string): Promise<NotificationTargetEntity> {
    const target = await this.repo.findOneBy({ id });
    // Another scope's target answers like a missing one: ids never leak across networks.
    if (!target || target.networkId !== scope.networkId) throw notFound('The notification target');
    return target;
  }

  /** Existing secrets, or none when they cannot be opened any more (they are being replaced anyway). */
  private openOrEmpty(target: NotificationTargetEntity): TargetSecrets {
    try {
      return this.vault.open(target);
    } catch {
      return {};
    }
  }

  private async checkNetworks(ids: string[] | null | undefined): Promise<string[] | null> {
    if (!ids || ids.length === 0) return null;
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    const found = await this.ds.query<{ id: string }[]>('SELECT "id" FROM "networks" WHERE "id" = ANY($1::uuid[])', [unique]);
    const known = new Set(found.map((r) => r.id));
    const missing = unique.filter((id) => !known.has(id));
    if (missing.length) throw invalid('networkIds', `No network has the id ${missing.map((m) => `"${m}"`).join(', ')}.`);
    return unique;
  }

  private async counts(ids: string[]): Promise<Map<string, { pending: number; failed: number }>> {
    const out = new Map<string, { pending: number; failed: number }>();
    if (!ids.length) return out;
    const rows = await this.ds.query<{ target_id: string; status: 'pending' | 'failed'; n: number }[]>(
      'SELECT "target_id", "status", count(*)::int AS "n" FROM "notification_deliveries" ' +
        'WHERE "target_id" = ANY($1::uuid[]) AND "status" IN (\'pending\', \'failed\') GROUP BY "target_id", "status"',
      [ids],
    );
    for (const r of rows) {
      const c = out.get(r.target_id) ?? { pending: 0, failed: 0 };
      c[r.status] = r.n;
      out.set(r.target_id, c);
    }
    return out;
  }

  private toDto(t: NotificationTargetEntity, counts: { pending: number; failed: number } | undefined): TargetDto {
    const set = this.secretFlags(t);
    const s = t.settings as WebhookSettings & NtfySettings & EmailSettings;
    return {
      id: t.id,
      name: t.name,
      type: t.type,
      networkId: t.networkId,
      enabled: t.enabled,
      minSeverity: t.minSeverity,
      networkIds: t.networkIds,
      kinds: t.kinds,
      webhook:
        t.type === 'webhook'
          ? {
              url: s.url,
              headerName: s.headerName ?? null,
              headerSecretSet: set.has('headerSecret'),
              signingSecretSet: set.has('signingSecret'),
            }
          : null,
      ntfy: t.type === 'ntfy' ? { server: s.server, topic: s.topic, tokenSet: set.has('token') } : null,
      email:
        t.type === 'email'
          ? {
              host: s.host,
              port: s.port,
              secure: s.secure,
              username: s.username ?? null,
              passwordSet: set.has('password'),
              from: s.from,
              to: s.to,
            }
          : null,
      lastAttemptAt: t.lastAttemptAt?.toISOString() ?? null,
      lastStatus: t.lastStatus,
      lastError: t.lastError,
      lastSuccessAt: t.lastSuccessAt?.toISOString() ?? null,
      pendingDeliveries: counts?.pending ?? 0,
      failedDeliveries: counts?.failed ?? 0,
      createdAt: t.createdAt.toISOString(),
      updatedAt: t.updatedAt.toISOString(),
    };
  }

  /** Which secret fields are stored — names only; the values are opened for delivery and nowhere else. */
  private secretFlags(t: NotificationTargetEntity): Set<string> {
    try {
      return new Set(Object.keys(this.vault.open(t)));
    } catch {
      return new Set();
    }
  }
}

function otherTypes(type: NotificationTargetType): NotificationTargetType[] {
  return (['webhook', 'ntfy', 'email'] as const).filter((t) => t !== type);
}

function normaliseKinds(kinds: string[] | null | undefined): string[] | null {
  if (!kinds || kinds.length === 0 || kinds.includes('*')) return null;
  return [...new Set(kinds)];
}

/**
 * Merges a settings section (create: onto nothing; update: onto the stored
 * settings) into non-secret settings and secrets. Secret fields: a string
 * sets, null clears, absent keeps.
 */
export function applySection(
  type: NotificationTargetType,
  current: TargetSettings | null,
  currentSecrets: TargetSecrets,
  patch: SectionPatch,
): { settings: TargetSettings; secrets: TargetSecrets } {
  const p = patch as Record<string, unknown>;
  const secrets: TargetSecrets = { ...currentSecrets };
  for (const field of SECRET_FIELDS[type] as readonly string[]) {
    if (p[field] === null) delete secrets[field];
    else if (typeof p[field] === 'string') secrets[field] = p[field];
  }
  const pick = <T>(field: string, fallback: T): T => (p[field] !== undefined ? (p[field] as T) : fallback);
  switch (type) {
    case 'webhook': {
      const c = current as WebhookSettings | null;
      const settings: WebhookSettings = { url: pick('url', c?.url ?? ''), headerName: pick('headerName', c?.headerName ?? null) };
      if (!settings.url) throw invalid('webhook.url', 'url is required');
      if (settings.headerName && RESERVED_HEADERS.test(settings.headerName))
        throw invalid('webhook.headerName', `The panel sets "${settings.headerName}" itself; use another header, e.g. Authorization.`);
      if (secrets['headerSecret'] && !settings.headerName)
        throw invalid('webhook.headerName', 'Name the header the secret value is sent in (e.g. Authorization), or clear headerSecret.');
      if (settings.headerName && !secrets['headerSecret'])
        throw invalid('webhook.headerSecret', `Give the value of the "${settings.headerName}" header, or clear headerName.`);
      return { settings, secrets };
    }
    case 'ntfy': {
      const c = current as NtfySettings | null;
      const settings: NtfySettings = { server: pick('server', c?.server ?? DEFAULT_NTFY_SERVER), topic: pick('topic', c?.topic ?? '') };
      if (!settings.topic) throw invalid('ntfy.topic', 'topic is required');
      return { settings, secrets };
    }
    case 'email': {
      const c = current as EmailSettings | null;
      const port = pick('port', c?.port ?? 0);
      const settings: EmailSettings = {
        host: pick('host', c?.host ?? ''),
        port,
        // A new port without an explicit choice implies its usual mode.
        secure: p['secure'] !== undefined ? (p['secure'] as boolean) : p['port'] !== undefined || !c ? port === 465 : c.secure,
        username: pick('username', c?.username ?? null),
        from: pick('from', c?.from ?? ''),
        to: pick('to', c?.to ?? []),
      };
      for (const field of ['host', 'port', 'from', 'to'] as const) {
        const v = settings[field];
        if (!v || (Array.isArray(v) && v.length === 0)) throw invalid(`email.${field}`, `${field} is required`);
      }
      if (secrets['password'] && !settings.username) throw invalid('email.username', 'A password needs a username.');
      return { settings, secrets };
    }
  }
}
