import { appendFile, chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import type { NewAuditEntry } from './audit.service';

/** One spooled line: the entry exactly as it would have been written. */
export function toSpoolLine(entry: NewAuditEntry): string {
  return `${JSON.stringify({ ...entry, at: entry.at.toISOString() })}\n`;
}

/** Parses the spool file; a torn last line (a crash mid-append) is skipped. */
export function parseSpool(text: string): NewAuditEntry[] {
  const out: NewAuditEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const raw = JSON.parse(line) as NewAuditEntry & { at: string };
      out.push({ ...raw, at: new Date(raw.at) });
    } catch {
      /* a torn line: the rest is still replayed */
    }
  }
  return out;
}

/**
 * The audit spool on disk: `$CLAN_STATE_DIR/audit-spool/pending.jsonl`,
 * append-only JSON lines (0600 in a 0700 directory) holding entries the
 * database could not take yet. AuditService replays it in order.
 */
@Injectable()
export class AuditSpoolFile {
  readonly dir: string;
  readonly file: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.dir = join(config.stateDir, 'audit-spool');
    this.file = join(this.dir, 'pending.jsonl');
  }

  async append(entries: NewAuditEntry[]): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await appendFile(this.file, entries.map(toSpoolLine).join(''), { mode: 0o600 });
    await chmod(this.file, 0o600);
  }

  async read(): Promise<NewAuditEntry[]> {
    try {
      return parseSpool(await readFile(this.file, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /** Replaces the spool with `remaining` (atomically), or removes it when nothing remains. */
  async replace(remaining: NewAuditEntry[]): Promise<void> {
    if (!remaining.length) return rm(this.file, { force: true });
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, remaining.map(toSpoolLine).join(''), { mode: 0o600 });
    await rename(tmp, this.file);
  }
}
