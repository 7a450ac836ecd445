import { PanelApi } from '../lib/api';
import { type Connection, configPath, readConfig, resolveConnection, type StoredConfig } from '../lib/config';
import { type EventStream } from '../lib/events';
import { type Painter, painter } from '../lib/format';
import type { Prompt } from '../lib/prompt';

/** Everything a command touches outside itself, so tests can supply fakes. */
export interface CliDeps {
  env: Record<string, string | undefined>;
  out(text: string): void;
  err(text: string): void;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  prompt: Prompt;
  /** All of stdin; one trailing newline dropped unless `exact`. */
  readStdin(options?: { exact?: boolean }): Promise<string>;
  /** A file's text (UTF-8). */
  readFile(path: string): Promise<string>;
  now(): Date;
  hostname(): string;
  sleep(ms: number): Promise<void>;
  fetch?: typeof globalThis.fetch;
  openEvents(url: string, token: string | undefined, topic: string): Promise<EventStream>;
}

export interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

/** One invocation: resolved connection, output helpers and the API. */
export class CliContext {
  readonly configPath: string;
  readonly json: boolean;
  readonly paint: Painter;
  private storedCache: StoredConfig | undefined;
  private connectionCache: Connection | undefined;

  constructor(
    readonly deps: CliDeps,
    readonly globals: GlobalOptions,
  ) {
    this.configPath = configPath(deps.env);
    this.json = Boolean(globals.json);
    this.paint = painter(deps.stdoutIsTTY && !this.json && !deps.env['NO_COLOR']);
  }

  get stored(): StoredConfig {
    return (this.storedCache ??= readConfig(this.configPath));
  }

  get connection(): Connection {
    return (this.connectionCache ??= resolveConnection(this.globals, this.deps.env, this.stored));
  }

  api(options: { session?: boolean; token?: string | null } = {}): PanelApi {
    const token = options.token === null ? undefined : (options.token ?? this.connection.token);
    return new PanelApi(this.connection.url, token, {
      session: options.session,
      fetch: this.deps.fetch,
    });
  }

  now(): Date {
    return this.deps.now();
  }

  /** Prints JSON with --json, else the human text; a command prints through here once. */
  print(json: unknown, human: () => string): void {
    if (this.json) this.deps.out(`${JSON.stringify(json, null, 2)}\n`);
    else {
      const text = human();
      if (text) this.deps.out(text.endsWith('\n') ? text : `${text}\n`);
    }
  }

  /** Notes for people (never JSON), on stderr so stdout stays parseable. */
  note(text: string): void {
    if (!this.json) this.deps.err(text.endsWith('\n') ? text : `${text}\n`);
  }
}
