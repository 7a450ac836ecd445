import { Injectable } from '@nestjs/common';
import { PreparedJson } from '../http/prepared-json';
import { TableGenerations } from './table-generations';

/**
 * A safety net for writes the panel's DataSource does not see (an API-only and
 * a worker panel process, psql): they show within this time. Writes through
 * this process's DataSource make an answer stale at once.
 */
export const READ_MODEL_TTL_MS = 5_000;
/** All answers together; the least recently used go first when over. */
export const READ_MODEL_MAX_BYTES = 16 * 1024 * 1024;
export const READ_MODEL_MAX_ENTRIES = 2_000;

interface Entry {
  json: PreparedJson;
  generations: number[];
  expiresAt: number;
}

export interface ReadModelStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

const same = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Serialised answers of hot list endpoints, per (caller, query) key, each kept
 * with the generations of the tables it was read from: the next write to any
 * of them (TableGenerations) makes it stale, so a read after a write is always
 * fresh. A load that raced with a write is used once and rebuilt next time.
 */
@Injectable()
export class ReadModelCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly counters = { hits: 0, misses: 0 };

  constructor(private readonly generations: TableGenerations) {}

  /**
   * The answer for `key`: kept bytes while none of `tables` has been written
   * since they were read, else `load()` serialised and kept. `key` must name
   * everything the answer depends on besides those tables (caller, query, head commit…).
   */
  async json<T>(key: string, tables: readonly string[], load: () => Promise<T>): Promise<PreparedJson<T>> {
    const now = Date.now();
    const current = this.generations.of(tables);
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now && same(hit.generations, current)) {
      this.counters.hits++;
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.json as PreparedJson<T>;
    }
    this.counters.misses++;
    const json = PreparedJson.of(await load());
    this.put(key, { json, generations: current, expiresAt: Date.now() + READ_MODEL_TTL_MS });
    return json;
  }

  stats(): ReadModelStats {
    return { ...this.counters, entries: this.entries.size, bytes: this.bytes };
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private put(key: string, entry: Entry): void {
    this.remove(key);
    if (entry.json.bytes.length > READ_MODEL_MAX_BYTES / 4) return; // not worth evicting everything else for
    this.entries.set(key, entry);
    this.bytes += entry.json.bytes.length;
    for (const [oldest] of this.entries) {
      if (this.bytes <= READ_MODEL_MAX_BYTES && this.entries.size <= READ_MODEL_MAX_ENTRIES) break;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.json.bytes.length;
  }
}
