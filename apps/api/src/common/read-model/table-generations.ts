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

const WRITE = /\b(?:INSERT|UPDATE|DELETE|TRUNCATE|MERGE|ALTER|DROP)\b/i;
const ROW_LOCK = /\bFOR\s+(?:NO\s+KEY\s+)?UPDATE\b/gi;
const IDENTIFIER = /"?([A-Za-z_][A-Za-z0-9_]*)"?/g;

/**
 * Every identifier a writing statement names (lower case); empty for reads.
 * Over-approximates on purpose (a column or another table that merely shares
 * a watched table's name): that only costs a reload.
 */
export function namesWrittenBy(sql: string): Set<string> {
  const names = new Set<string>();
  if (!WRITE.test(sql.replace(ROW_LOCK, ''))) return names;
  for (const m of sql.matchAll(IDENTIFIER)) names.add(m[1].toLowerCase());
  return names;
}

/**
 * A counter per table that every write to it through the panel's DataSource
 * bumps: at once, and again when the writing transaction commits (so that a
 * read racing with the uncommitted write is not kept as fresh). Read models
 * remember the generations they were built at; a different one means stale.
 * Only tables someone asked about are counted. See docs/decisions/0015-read-model-cache.md.
 */
@Injectable()
export class TableGenerations implements OnModuleInit {
  private readonly counters = new Map<string, number>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(new TableWriteWatcher(this));
  }

  /** The current generation of each table, in order (starts watching tables not seen before). */
  of(tables: readonly string[]): number[] {
    return tables.map((t) => {
      const n = this.counters.get(t);
      if (n !== undefined) return n;
      this.counters.set(t, 0);
      return 0;
    });
  }

  /** Called for every write statement: bumps the watched tables it names. */
  written(names: Iterable<string>): string[] {
    const bumped: string[] = [];
    for (const name of names) {
      const n = this.counters.get(name);
      if (n === undefined) continue;
      this.counters.set(name, n + 1);
      bumped.push(name);
    }
    return bumped;
  }
}

/** Sees every statement of the DataSource (repositories, query builders, raw queries, transactions). */
class TableWriteWatcher implements EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, Set<string>>();

  constructor(private readonly generations: TableGenerations) {}

  afterQuery(event: AfterQueryEvent): void {
    const names = namesWrittenBy(event.query);
    if (names.size === 0) return;
    const bumped = this.generations.written(names);
    const runner = event.queryRunner as QueryRunner | undefined;
    if (bumped.length === 0 || !runner?.isTransactionActive) return;
    const set = this.pending.get(runner) ?? new Set<string>();
    for (const t of bumped) set.add(t);
    this.pending.set(runner, set);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const set = this.pending.get(event.queryRunner);
    if (!set) return;
    // A savepoint's release also "commits": bump again only when the outermost transaction ends.
    if (event.queryRunner.isTransactionActive) return;
    this.pending.delete(event.queryRunner);
    this.generations.written(set);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
  }
}
