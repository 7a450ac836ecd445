import type { NetworkRole } from '@clan/contracts';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AfterQueryEvent,
  DataSource,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

/** What authorization needs of a user row. */
export interface CachedUser {
  id: string;
  username: string;
  displayName: string;
  isHostAdmin: boolean;
  disabled: boolean;
}

/** What authorization needs of an API token row (times in epoch ms). */
export interface CachedToken {
  id: string;
  userId: string;
  revokedAt: number | null;
  expiresAt: number | null;
  lastUsedAt: number | null;
}

/** networkId → the user's role there. */
export type CachedMemberships = ReadonlyMap<string, NetworkRole>;

/**
 * A safety net for writes the panel does not see (another process, psql):
 * they take effect within this time. Writes through the panel's own
 * connection invalidate at once (PrincipalInvalidator).
 */
export const PRINCIPAL_CACHE_TTL_MS = 30_000;
/** Per kind; the oldest entry goes first when full. */
export const PRINCIPAL_CACHE_MAX_ENTRIES = 10_000;

/**
 * The statement AccessService uses to record a token's last use (at most once
 * a minute per token). It changes nothing authorization reads, so it does not
 * invalidate the token cache.
 */
export const TOKEN_LAST_USED_SQL = 'UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 AND revoked_at IS NULL';

type Table = 'users' | 'api_tokens' | 'network_members' | 'networks';
const TABLES = /(?:^|[\s."(,])"?(users|api_tokens|network_members|networks)"?(?=$|[\s"(),.;])/gi;
const WRITE = /\b(?:INSERT|UPDATE|DELETE|TRUNCATE|MERGE|ALTER|DROP)\b/i;
const ROW_LOCK = /\bFOR\s+(?:NO\s+KEY\s+)?UPDATE\b/gi;

/** Which of the principal tables a SQL statement may write; empty for reads and other tables. */
export function writtenPrincipalTables(sql: string): Table[] {
  if (sql === TOKEN_LAST_USED_SQL) return [];
  const named = new Set<Table>();
  for (const m of sql.matchAll(TABLES)) named.add(m[1].toLowerCase() as Table);
  if (named.size === 0) return [];
  // Over-approximates (a write to another table that merely names one of these), which only costs a reload.
  if (!WRITE.test(sql.replace(ROW_LOCK, ''))) return [];
  return [...named];
}

class Entry<V> {
  constructor(
    readonly value: V,
    readonly expiresAt: number,
  ) {}
}

/** A Map with a time to live and a size bound (insertion order = age). */
class TtlMap<K, V> {
  private readonly map = new Map<K, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  get(key: K, now: number): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= now) {
      this.map.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: K, value: V, now: number): void {
    this.map.delete(key);
    this.map.set(key, new Entry(value, now + this.ttlMs));
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  deleteWhere(pred: (value: V, key: K) => boolean): void {
    for (const [k, e] of this.map) if (pred(e.value, k)) this.map.delete(k);
  }

  clear(): void {
    this.map.clear();
  }
}

export interface PrincipalCacheStats {
  hits: number;
  misses: number;
  invalidations: number;
}

/**
 * In-process cache of what every authenticated request needs: the user
 * behind a session or token, the token row, and the user's roles.
 * Invalidation, not expiry, keeps it right: any statement that writes the
 * users, api_tokens, network_members or networks table through the panel's
 * DataSource forgets the affected kinds before the write call returns (and
 * again when its transaction commits); a load that raced with a write is
 * not kept. See docs/decisions/0014-principal-cache.md.
 */
@Injectable()
export class PrincipalCache implements OnModuleInit {
  private readonly users = new TtlMap<string, CachedUser>(PRINCIPAL_CACHE_TTL_MS, PRINCIPAL_CACHE_MAX_ENTRIES);
  /** Keyed by the token's sha256. */
  private readonly tokens = new TtlMap<string, CachedToken>(PRINCIPAL_CACHE_TTL_MS, PRINCIPAL_CACHE_MAX_ENTRIES);
  /** Keyed by user id. */
  private readonly memberships = new TtlMap<string, CachedMemberships>(PRINCIPAL_CACHE_TTL_MS, PRINCIPAL_CACHE_MAX_ENTRIES);
  /** Bumped by every invalidation; a load that started before one is not cached. */
  private generation = 0;
  private readonly counters: PrincipalCacheStats = { hits: 0, misses: 0, invalidations: 0 };

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(new PrincipalInvalidator(this));
  }

  stats(): PrincipalCacheStats {
    return { ...this.counters };
  }

  user(id: string, load: () => Promise<CachedUser | undefined>): Promise<CachedUser | undefined> {
    return this.through(this.users, id, load);
  }

  token(secretHash: string, load: () => Promise<CachedToken | undefined>): Promise<CachedToken | undefined> {
    return this.through(this.tokens, secretHash, load);
  }

  membershipsOf(userId: string, load: () => Promise<CachedMemberships>): Promise<CachedMemberships> {
    return this.through(this.memberships, userId, load) as Promise<CachedMemberships>;
  }

  /** A user changed (disabled, removed, renamed, host-admin flag): forget them, their tokens and roles. */
  forgetUser(userId: string): void {
    this.users.delete(userId);
    this.memberships.delete(userId);
    this.tokens.deleteWhere((t) => t.userId === userId);
    this.bump();
  }

  /** A token changed (revoked, expiry): by its id or its secret's hash. */
  forgetToken(idOrHash: string): void {
    this.tokens.deleteWhere((t, hash) => t.id === idOrHash || hash === idOrHash);
    this.bump();
  }

  /** A user's membership changed (added, role changed, removed). */
  forgetMembership(userId: string): void {
    this.memberships.delete(userId);
    this.bump();
  }

  /** A statement wrote one of the principal tables; which rows is not known, so the whole kind goes. */
  forgetTable(table: Table): void {
    if (table === 'users') {
      // Deleting a user cascades to its tokens and memberships.
      this.users.clear();
      this.tokens.clear();
      this.memberships.clear();
    } else if (table === 'api_tokens') this.tokens.clear();
    else this.memberships.clear(); // network_members, or networks (deleting one cascades to its members)
    this.bump();
  }

  forgetAll(): void {
    this.users.clear();
    this.tokens.clear();
    this.memberships.clear();
    this.bump();
  }

  private bump(): void {
    this.generation++;
    this.counters.invalidations++;
  }

  private async through<V>(map: TtlMap<string, V>, key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const now = Date.now();
    const hit = map.get(key, now);
    if (hit !== undefined) {
      this.counters.hits++;
      return hit;
    }
    this.counters.misses++;
    const generation = this.generation;
    const value = await load();
    // A write that landed while this load ran may not be in `value`: use it, but do not keep it.
    if (value !== undefined && generation === this.generation) map.set(key, value, Date.now());
    return value;
  }
}

/**
 * Watches every statement the panel's DataSource runs (repositories, query
 * builders, raw queries, transactions alike) and invalidates on writes to
 * the principal tables: at once, and again after the transaction commits so
 * that a load racing with the uncommitted write is not kept either.
 */
class PrincipalInvalidator implements EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, Set<Table>>();

  constructor(private readonly cache: PrincipalCache) {}

  afterQuery(event: AfterQueryEvent): void {
    const tables = writtenPrincipalTables(event.query);
    if (tables.length === 0) return;
    for (const t of tables) this.cache.forgetTable(t);
    const runner = event.queryRunner as QueryRunner | undefined;
    if (runner?.isTransactionActive) {
      const set = this.pending.get(runner) ?? new Set<Table>();
      for (const t of tables) set.add(t);
      this.pending.set(runner, set);
    }
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const set = this.pending.get(event.queryRunner);
    if (!set) return;
    // A savepoint's release also "commits"; keep the tables until the outermost transaction ends.
    if (!event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
    for (const t of set) this.cache.forgetTable(t);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
  }
}
