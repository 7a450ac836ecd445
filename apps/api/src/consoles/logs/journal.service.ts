import { ErrorCode } from '@clan/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import { DomainError } from '../../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { CommandError, ProcessRunner } from '../../services/process/process-runner';

export interface JournalEntry {
  cursor: string;
  /** When it was logged (ISO 8601, microseconds dropped). */
  at: string;
  /** Microseconds since the epoch, as journald keeps it. */
  realtimeUs: string;
  unit: string | null;
  identifier: string | null;
  pid: number | null;
  /** syslog priority, 0 (emerg) … 7 (debug). */
  priority: number | null;
  hostname: string | null;
  message: string;
}

export interface JournalFilter {
  unit?: string;
  /** Entries of this priority or more important. */
  priority?: number;
}

export interface JournalPage {
  items: JournalEntry[];
  /** Cursor of the oldest entry returned (ask with `before` for older ones). */
  first: string | null;
  /** Cursor of the newest entry returned (ask with `after`, or follow from it, for newer ones). */
  last: string | null;
  /** Set when the host keeps no systemd journal at all (no journalctl, or no journal files): why, as a sentence. */
  noJournal: string | null;
}

/** journalctl is not installed: the host does not run systemd's journal. */
class JournalctlMissing extends Error {}

export const NO_JOURNALCTL =
  'This host keeps no systemd journal (journalctl is not installed): the panel logs to its standard output, libvirt to /var/log/libvirt.';
export const NO_JOURNAL_FILES =
  'This host keeps no systemd journal (journalctl found no journal files: systemd-journald does not run here, e.g. in a container): ' +
  'the panel logs to its standard output, libvirt to /var/log/libvirt.';

/** Units look like `nginx.service`, `user@1000.service`, `sys-devices-….device`. */
export const UNIT_PATTERN = /^[A-Za-z0-9@._:\\-]{1,256}$/;
export const CURSOR_PATTERN = /^[A-Za-z0-9=;_-]{1,512}$/;

const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

/** One line of `journalctl -o json` as the API shows it. */
export function toJournalEntry(raw: Record<string, unknown>): JournalEntry | null {
  const cursor = raw['__CURSOR'];
  if (typeof cursor !== 'string') return null;
  const realtime = String(first(raw['__REALTIME_TIMESTAMP']) ?? '0');
  const msg = raw['MESSAGE'];
  // Binary messages come as arrays of byte values; several values as arrays of strings.
  const message =
    Array.isArray(msg) && msg.every((b) => typeof b === 'number') ? Buffer.from(msg).toString('utf8') : String(first(msg) ?? '');
  const str = (k: string) => {
    const v = first(raw[k]);
    return typeof v === 'string' ? v : null;
  };
  const int = (k: string) => {
    const v = Number(first(raw[k]));
    return Number.isInteger(v) ? v : null;
  };
  const us = /^\d+$/.test(realtime) ? BigInt(realtime) : 0n;
  return {
    cursor,
    at: new Date(Number(us / 1000n)).toISOString(),
    realtimeUs: us.toString(),
    unit: str('_SYSTEMD_UNIT') ?? str('UNIT'),
    identifier: str('SYSLOG_IDENTIFIER') ?? str('_COMM'),
    pid: int('_PID'),
    priority: int('PRIORITY'),
    hostname: str('_HOSTNAME'),
    message,
  };
}

/**
 * The host journal through `journalctl -o json` (the system journal, or
 * CLAN_JOURNAL_DIR via --directory): pages by cursor, filters by unit and
 * priority, follows new entries.
 */
@Injectable()
export class JournalService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly proc: ProcessRunner,
  ) {}

  /** journalctl through the ProcessRunner, with exactly the host-command environment (as before). */
  private journalctl(args: string[]) {
    const child = this.proc.start('journalctl', args, { replaceEnv: this.config.hostCommandEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const { stdout, stderr } = child;
    if (!stdout || !stderr) throw new Error('journalctl was started without its output pipes');
    return { child, stdout, stderr };
  }

  private baseArgs(filter: JournalFilter): string[] {
    const args = ['--no-pager', '-o', 'json'];
    const dir = this.config.consoles.journalDir;
    if (dir) args.push(`--directory=${dir}`);
    if (filter.unit) args.push(`--unit=${filter.unit}`);
    if (filter.priority !== undefined) args.push(`--priority=${filter.priority}`);
    return args;
  }

  /**
   * A page: the newest `limit` entries; or the `limit` entries after the
   * cursor `after`; or those before `before`. Always oldest first.
   */
  async page(filter: JournalFilter, opts: { after?: string; before?: string; limit: number }): Promise<JournalPage> {
    try {
      const items = await this.entries(filter, opts);
      // Nothing at all (not a page past the end): tell an empty journal from a host that keeps none.
      const noJournal = !items.length && !opts.after && !opts.before && !(await this.hasJournalFiles()) ? NO_JOURNAL_FILES : null;
      return { items, first: items[0]?.cursor ?? null, last: items.at(-1)?.cursor ?? null, noJournal };
    } catch (err) {
      if (err instanceof JournalctlMissing) return { items: [], first: null, last: null, noJournal: NO_JOURNALCTL };
      throw err;
    }
  }

  /** `journalctl --header` prints nothing but "No journal files were found." where there is no journal. */
  private async hasJournalFiles(): Promise<boolean> {
    const dir = this.config.consoles.journalDir;
    const { stdout, stderr } = await this.proc.run('journalctl', ['--header', ...(dir ? [`--directory=${dir}`] : [])], {
      replaceEnv: this.config.hostCommandEnv,
      timeoutMs: 10_000,
      okCodes: [1],
    });
    return !(stdout.trim() === '' && /No journal files were found/.test(stderr));
  }

  private async entries(filter: JournalFilter, opts: { after?: string; before?: string; limit: number }): Promise<JournalEntry[]> {
    let items: JournalEntry[];
    if (opts.after) {
      items = await this.lines([...this.baseArgs(filter), `--after-cursor=${opts.after}`], opts.limit, 'after');
    } else if (opts.before) {
      const back = await this.lines([...this.baseArgs(filter), `--cursor=${opts.before}`, '--reverse'], opts.limit + 1, 'before');
      items = back
        .filter((e) => e.cursor !== opts.before)
        .slice(0, opts.limit)
        .reverse();
    } else {
      items = (await this.lines([...this.baseArgs(filter), '--reverse', `--lines=${opts.limit}`], opts.limit)).reverse();
    }
    return items;
  }

  /** New entries as they are written, from after `after` (or from now). Unsubscribing stops journalctl. */
  follow(filter: JournalFilter, after: string | undefined): Observable<JournalEntry> {
    return new Observable<JournalEntry>((sub) => {
      const args = [...this.baseArgs(filter), '--follow'];
      args.push(after ? `--after-cursor=${after}` : '--lines=0');
      const { child, stdout, stderr: errors } = this.journalctl(args);
      let buffer = '';
      let stderr = '';
      stdout.setEncoding('utf8').on('data', (d: string) => {
        buffer += d;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          const entry = parseLine(line);
          if (entry) sub.next(entry);
        }
      });
      errors.setEncoding('utf8').on('data', (d: string) => (stderr += d.slice(0, 4000)));
      child.on('error', (err: Error) => sub.error(journalctlError(err)));
      child.on('close', (code) => {
        if (code && code !== 0 && !/No journal files were found/.test(stderr)) sub.error(journalctlError(stderr));
        else sub.complete();
      });
      return () => child.kill('SIGTERM');
    });
  }

  /** Runs journalctl and returns its first `max` entries (stopping it there); `cursorParam` names the query parameter a bad cursor came in. */
  private lines(args: string[], max: number, cursorParam = 'cursor'): Promise<JournalEntry[]> {
    return new Promise((resolve, reject) => {
      const { child, stdout, stderr: errors } = this.journalctl(args);
      const out: JournalEntry[] = [];
      let buffer = '';
      let stderr = '';
      let done = false;
      const finish = (err?: Error) => {
        if (done) return;
        done = true;
        if (err) reject(err);
        else resolve(out);
      };
      stdout.setEncoding('utf8').on('data', (d: string) => {
        if (done) return;
        buffer += d;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0 && out.length < max) {
          const entry = parseLine(buffer.slice(0, nl));
          buffer = buffer.slice(nl + 1);
          if (entry) out.push(entry);
        }
        if (out.length >= max) {
          child.kill('SIGTERM');
          finish();
        }
      });
      errors.setEncoding('utf8').on('data', (d: string) => (stderr += d.slice(0, 4000)));
      child.on('error', (err: Error) =>
        finish(err instanceof CommandError && err.missing ? new JournalctlMissing(err.message) : journalctlError(err)),
      );
      child.on('close', (code) => {
        if (done) return;
        const tail = parseLine(buffer);
        if (tail && out.length < max) out.push(tail);
        if (code === 0 || /No journal files were found/.test(stderr)) return finish();
        if (/cursor/i.test(stderr))
          return finish(
            new DomainError(ErrorCode.ValidationFailed, `${cursorParam}: not a cursor of this journal.`, [
              { field: cursorParam, message: 'not a cursor of this journal' },
            ]),
          );
        finish(journalctlError(stderr));
      });
    });
  }
}

function parseLine(line: string): JournalEntry | null {
  if (!line.trim()) return null;
  try {
    return toJournalEntry(JSON.parse(line) as Record<string, unknown>);
  } catch {
    return null;
  }
}

/** A journalctl failure: its stderr, or the ProcessRunner's error (a missing journalctl names its Debian package there). */
function journalctlError(failure: string | Error): DomainError {
  if (failure instanceof CommandError && failure.missing) return new DomainError(ErrorCode.Internal, failure.message);
  const detail = failure instanceof Error ? failure.message : failure;
  return new DomainError(ErrorCode.Internal, `journalctl failed: ${detail.trim().split('\n')[0]?.slice(0, 300) ?? 'no reason given'}`);
}
