/**
 * Parser of `nix build --log-format internal-json` (stderr lines starting
 * with `@nix `). Nix's activity and result type numbers (src/libutil/logging.hh).
 */
export const ActivityType = {
  CopyPath: 100,
  FileTransfer: 101,
  Realise: 102,
  CopyPaths: 103,
  Builds: 104,
  Build: 105,
  OptimiseStore: 106,
  VerifyPaths: 107,
  Substitute: 108,
  QueryPathInfo: 109,
  PostBuildHook: 110,
  BuildWaiting: 111,
} as const;

export const ResultType = {
  FileLinked: 100,
  BuildLogLine: 101,
  UntrustedPath: 102,
  CorruptedPath: 103,
  SetPhase: 104,
  Progress: 105,
  SetExpected: 106,
  PostBuildLogLine: 107,
} as const;

export interface NixProgress {
  /** Derivations built so far / expected in this build. */
  done: number;
  expected: number;
  running: number;
  failed: number;
  /** Name of the derivation being built most recently (`foo-1.0`), if any. */
  current: string | null;
}

export type NixLogEvent = { kind: 'progress'; progress: NixProgress } | { kind: 'log'; level: 'info' | 'warn' | 'error'; text: string };

interface RawEntry {
  action?: unknown;
  id?: unknown;
  type?: unknown;
  level?: unknown;
  text?: unknown;
  msg?: unknown;
  fields?: unknown;
}

/** `/nix/store/<hash>-foo-1.0.drv` → `foo-1.0`. */
export function derivationName(drvPath: string): string {
  const base = drvPath.split('/').pop() ?? drvPath;
  return base.replace(/^[0-9a-z]{32}-/, '').replace(/\.drv$/, '');
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** Strips terminal colour codes Nix puts into messages. */
export function plain(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * Stateful: feed it every stderr line in order. Lines that are not
 * `@nix {…}` (older Nix, wrappers) come back as log lines.
 */
export class NixLogParser {
  private readonly progress: NixProgress = { done: 0, expected: 0, running: 0, failed: 0, current: null };
  private readonly builds = new Map<number, string>();
  /** The last error message Nix printed (for the task's failure sentence). */
  lastError: string | null = null;

  get state(): NixProgress {
    return { ...this.progress };
  }

  feed(line: string): NixLogEvent[] {
    if (!line.startsWith('@nix ')) {
      const text = plain(line).trimEnd();
      return text ? [{ kind: 'log', level: 'info', text }] : [];
    }
    let e: RawEntry;
    try {
      e = JSON.parse(line.slice(5)) as RawEntry;
    } catch {
      return [{ kind: 'log', level: 'info', text: plain(line.slice(5)) }];
    }
    const fields = Array.isArray(e.fields) ? (e.fields as unknown[]) : [];
    switch (e.action) {
      case 'msg': {
        const text = plain(typeof e.msg === 'string' ? e.msg : '').trimEnd();
        if (!text) return [];
        const level = typeof e.level === 'number' ? e.level : 3;
        const warning = /^warning:/i.test(text);
        if (level === 0 && !warning) this.lastError = summarizeNixError(text) ?? this.lastError;
        return [{ kind: 'log', level: warning || level === 1 ? 'warn' : level === 0 ? 'error' : 'info', text }];
      }
      case 'start': {
        if (e.type === ActivityType.Builds && typeof e.id === 'number') {
          this.buildsIds.add(e.id);
          return [];
        }
        if (e.type === ActivityType.Build && typeof e.id === 'number') {
          const drv = typeof fields[0] === 'string' ? fields[0] : '';
          const name = derivationName(drv);
          this.builds.set(e.id, name);
          this.progress.current = name;
          const text = plain(typeof e.text === 'string' && e.text ? e.text : `building ${name}`);
          return [
            { kind: 'log', level: 'info', text },
            { kind: 'progress', progress: this.state },
          ];
        }
        if ((e.type === ActivityType.CopyPath || e.type === ActivityType.Substitute) && typeof e.text === 'string' && e.text) {
          return [{ kind: 'log', level: 'info', text: plain(e.text) }];
        }
        return [];
      }
      case 'stop': {
        if (typeof e.id === 'number' && this.builds.delete(e.id)) {
          const still = [...this.builds.values()];
          this.progress.current = still.length ? still[still.length - 1] : this.progress.current;
        }
        return [];
      }
      case 'result': {
        if (e.type === ResultType.BuildLogLine || e.type === ResultType.PostBuildLogLine) {
          const text = plain(typeof fields[0] === 'string' ? fields[0] : '').trimEnd();
          const who = typeof e.id === 'number' ? this.builds.get(e.id) : undefined;
          return text ? [{ kind: 'log', level: 'info', text: who ? `${who}> ${text}` : text }] : [];
        }
        if (e.type === ResultType.Progress && this.isBuildsActivity(e.id, fields)) {
          const [done, expected, running, failed] = fields.map((f) => (typeof f === 'number' ? f : 0));
          this.progress.done = done ?? 0;
          this.progress.expected = Math.max(expected ?? 0, this.progress.expected);
          this.progress.running = running ?? 0;
          this.progress.failed = failed ?? 0;
          return [{ kind: 'progress', progress: this.state }];
        }
        if (e.type === ResultType.SetExpected && fields[0] === ActivityType.Builds && typeof fields[1] === 'number') {
          this.progress.expected = fields[1];
          return [{ kind: 'progress', progress: this.state }];
        }
        return [];
      }
      default:
        return [];
    }
  }

  /** Ids of the `Builds` activities: their Progress results count derivations. */
  private readonly buildsIds = new Set<number>();

  private isBuildsActivity(id: unknown, fields: unknown[]): boolean {
    return typeof id === 'number' && this.buildsIds.has(id) && fields.length >= 2;
  }
}

/**
 * The sentence of a Nix error that says what went wrong: not the
 * `--show-trace` hint nor the "… while evaluating" trace, but the innermost
 * `error:`/`fatal:` line (e.g. git's "fatal: unable to access …").
 */
export function summarizeNixError(text: string): string | null {
  const lines = plain(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/--show-trace/.test(l) && !/^…|^\.\.\./.test(l) && !/^at .*:\d+:\d+:?$/.test(l));
  const marked = lines.filter((l) => /^(error|fatal):/i.test(l) || /\b(fatal|error):\s/.test(l));
  const pick = marked.at(-1) ?? lines[0];
  return pick === undefined ? null : pick.replace(/^error:\s*/i, '').slice(0, 500);
}
