import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Privilege } from '@clan/contracts';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, LessThan, Not, type Repository } from 'typeorm';
import { AccessService } from '../../common/authz/access.service';
import type { Principal } from '../../common/authz/principal';
import { notFound } from '../../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { AsciicastWriter } from './asciicast-writer';
import { ConsoleRecordingEntity, type RecordingKind, type RecordingParticipant } from './recording.entity';

const PRUNE_EVERY_MS = 3600_000;

/** What a recording is of. */
export interface RecordingSubject {
  kind: RecordingKind;
  sessionId: string;
  title: string;
  networkId: string | null;
  networkName: string | null;
  machine: string | null;
}

export interface RecordingFilter {
  networkId?: string;
  machine?: string;
  kind?: RecordingKind;
}

/** A recording being written: the session feeds it output, resizes and who comes and goes. */
export class ActiveRecording {
  private finished: Promise<void> | null = null;
  private readonly participants: RecordingParticipant[] = [];

  constructor(
    readonly id: string,
    private readonly writer: AsciicastWriter,
    private readonly service: RecordingsService,
  ) {}

  output(chunk: Buffer): void {
    this.writer.output(chunk);
  }

  resize(cols: number, rows: number): void {
    this.writer.resize(cols, rows);
  }

  join(p: Principal): void {
    // One entry per person: first joined, last left (null while connected).
    const seen = this.participants.find((x) => x.userId === p.userId);
    if (seen) seen.leftAt = null;
    else this.participants.push({ userId: p.userId, username: p.username, joinedAt: new Date().toISOString(), leftAt: null });
    this.writer.marker(`${p.username} joined`);
    this.service.saveParticipants(this.id, this.participants);
  }

  leave(p: Principal): void {
    const seen = this.participants.find((x) => x.userId === p.userId);
    if (seen) seen.leftAt = new Date().toISOString();
    this.writer.marker(`${p.username} left`);
    this.service.saveParticipants(this.id, this.participants);
  }

  /** Closes the file and records the end; safe to call more than once. */
  finish(): Promise<void> {
    this.finished ??= this.writer.close().then(
      (bytes) => this.service.finished(this.id, bytes, this.participants),
      (err: unknown) => this.service.failed(this.id, err as Error, this.participants),
    );
    return this.finished;
  }
}

/**
 * Terminal recordings (asciicast v2) under `<stateDir>/recordings/`: one
 * `.cast` file and a `.json` sidecar per session, a row per recording for
 * listing and access, and retention by age and count (docs/consoles.md).
 */
@Injectable()
export class RecordingsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Recordings');
  readonly dir: string;
  private timer: NodeJS.Timeout | null = null;
  private pruning: Promise<number> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(ConsoleRecordingEntity) private readonly rows: Repository<ConsoleRecordingEntity>,
    private readonly access: AccessService,
  ) {
    this.dir = join(config.stateDir, 'recordings');
  }

  onApplicationBootstrap(): void {
    const tick = () => void this.prune().catch((e: unknown) => this.logger.warn(`pruning recordings failed: ${(e as Error).message}`));
    tick();
    this.timer = setInterval(tick, PRUNE_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  castFile(id: string): string {
    return join(this.dir, `${id}.cast`);
  }

  async start(subject: RecordingSubject, starter: Principal, size: { cols: number; rows: number }): Promise<ActiveRecording> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const id = randomUUID();
    const startedAt = new Date();
    const row = this.rows.create({
      id,
      ...subject,
      startedBy: starter.userId,
      startedByName: starter.username,
      participants: [],
      startedAt,
      endedAt: null,
      bytes: '0',
      width: size.cols,
      height: size.rows,
    });
    await this.rows.insert(row);
    const writer = AsciicastWriter.create(this.castFile(id), {
      width: size.cols,
      height: size.rows,
      timestamp: Math.floor(startedAt.getTime() / 1000),
      title: subject.title,
      env: { TERM: 'xterm-256color' },
    });
    await this.writeSidecar(id).catch(() => undefined);
    return new ActiveRecording(id, writer, this);
  }

  /** @internal Called by ActiveRecording. */
  saveParticipants(id: string, participants: RecordingParticipant[]): void {
    this.rows
      .update({ id }, { participants: [...participants] })
      .catch((e: unknown) => this.logger.warn(`recording ${id}: ${(e as Error).message}`));
  }

  /** @internal */
  async finished(id: string, bytes: number, participants: RecordingParticipant[]): Promise<void> {
    const now = new Date().toISOString();
    const closed = participants.map((p) => ({ ...p, leftAt: p.leftAt ?? now }));
    await this.rows.update({ id }, { endedAt: new Date(), bytes: String(bytes), participants: closed });
    await this.writeSidecar(id).catch(() => undefined);
    void this.prune().catch((e: unknown) => this.logger.warn(`pruning recordings failed: ${(e as Error).message}`));
  }

  /** @internal The file could not be written to the end: keep what there is, say so in the log. */
  async failed(id: string, err: Error, participants: RecordingParticipant[]): Promise<void> {
    this.logger.error(`recording ${id} failed: ${err.message}`);
    const bytes = await stat(this.castFile(id)).then(
      (s) => s.size,
      () => 0,
    );
    await this.finished(id, bytes, participants);
  }

  /** The same facts as the row, beside the file, so a copied-away recording still says who, when and what. */
  private async writeSidecar(id: string): Promise<void> {
    const row = await this.rows.findOne({ where: { id } });
    if (!row) return;
    const facts = {
      id: row.id,
      kind: row.kind,
      title: row.title,
      networkId: row.networkId,
      networkName: row.networkName,
      machine: row.machine,
      sessionId: row.sessionId,
      startedBy: row.startedBy,
      startedByName: row.startedByName,
      participants: row.participants,
      startedAt: row.startedAt,
      endedAt: row.endedAt,
      bytes: Number(row.bytes),
      width: row.width,
      height: row.height,
    };
    await writeFile(join(this.dir, `${id}.json`), JSON.stringify(facts, null, 2) + '\n', { mode: 0o600 });
  }

  /** Which recordings `principal` may see: host admins all, others the serial consoles of networks where they hold Machine.Console. */
  private async visibleWhere(principal: Principal, filter: RecordingFilter) {
    const base = {
      ...(filter.networkId ? { networkId: filter.networkId } : {}),
      ...(filter.machine ? { machine: filter.machine } : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
    };
    if (principal.isHostAdmin) return base;
    const networks = await this.access.networksWith(principal, Privilege.MachineConsole);
    if (networks === 'all') return base;
    if (filter.kind === 'host' || !networks.length) return null;
    if (filter.networkId && !networks.includes(filter.networkId)) return null;
    return { ...base, kind: 'serial' as const, networkId: filter.networkId ?? In(networks) };
  }

  /** The retention limits in force, for the recordings page. */
  retention(): { keepDays: number; keepCount: number } {
    return { keepDays: this.config.consoles.recordingsKeepDays, keepCount: this.config.consoles.recordingsKeepCount };
  }

  async list(principal: Principal, filter: RecordingFilter, limit: number, offset: number) {
    const where = await this.visibleWhere(principal, filter);
    if (!where) return { items: [] as ConsoleRecordingEntity[], total: 0 };
    const [items, total] = await this.rows.findAndCount({ where, order: { startedAt: 'DESC', id: 'ASC' }, take: limit, skip: offset });
    return { items, total };
  }

  /** Recordings matching the filter, whoever asks (the route's access rule already decided). */
  async listAll(filter: RecordingFilter, limit: number, offset: number) {
    const where = {
      ...(filter.networkId ? { networkId: filter.networkId } : {}),
      ...(filter.machine ? { machine: filter.machine } : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
    };
    const [items, total] = await this.rows.findAndCount({ where, order: { startedAt: 'DESC', id: 'ASC' }, take: limit, skip: offset });
    return { items, total };
  }

  /** A recording of this network (404 for any other, so ids elsewhere are not confirmed). */
  async getInNetwork(networkId: string, id: string): Promise<ConsoleRecordingEntity> {
    const row = await this.rows.findOne({ where: { id, networkId } });
    if (!row) throw notFound('Recording');
    return row;
  }

  /** Any recording (host admins). */
  async get(id: string): Promise<ConsoleRecordingEntity> {
    const row = await this.rows.findOne({ where: { id } });
    if (!row) throw notFound('Recording');
    return row;
  }

  async delete(id: string): Promise<void> {
    const row = await this.rows.findOne({ where: { id } });
    if (!row) throw notFound('Recording');
    await this.removeFiles(row.id);
    await this.rows.delete({ id });
  }

  private async removeFiles(id: string): Promise<void> {
    await rm(this.castFile(id), { force: true });
    await rm(join(this.dir, `${id}.json`), { force: true });
  }

  /** Deletes finished recordings past the retention (days, then count); returns how many went. */
  prune(): Promise<number> {
    this.pruning ??= this.pruneOnce().finally(() => (this.pruning = null));
    return this.pruning;
  }

  private async pruneOnce(): Promise<number> {
    const { recordingsKeepDays: days, recordingsKeepCount: count } = this.config.consoles;
    const doomed = new Set<string>();
    if (days > 0) {
      const old = await this.rows.find({
        where: { endedAt: Not(IsNull()), startedAt: LessThan(new Date(Date.now() - days * 86400_000)) },
        select: { id: true },
      });
      for (const r of old) doomed.add(r.id);
    }
    if (count > 0) {
      const beyond = await this.rows.find({
        where: { endedAt: Not(IsNull()) },
        select: { id: true },
        order: { startedAt: 'DESC', id: 'ASC' },
        skip: count,
        take: 10_000,
      });
      for (const r of beyond) doomed.add(r.id);
    }
    for (const id of doomed) {
      await this.removeFiles(id);
      await this.rows.delete({ id });
    }
    if (doomed.size) this.logger.log(`retention removed ${doomed.size} recording(s)`);
    return doomed.size;
  }
}
