import type { CommandResult, CommandRunner, SupervisedProcess } from '../runner';
import { MissingToolError } from '../runner';

type Handler = (args: readonly string[], input: string | undefined) => Partial<CommandResult> | undefined;

/** A CommandRunner that records every call and answers from handlers keyed by "command sub" or "command". */
export class FakeRunner implements CommandRunner {
  readonly calls: { command: string; args: string[]; input?: string }[] = [];
  readonly missing = new Set<string>();
  private readonly handlers = new Map<string, Handler>();
  readonly started: FakeProcess[] = [];

  on(key: string, handler: Handler): this {
    this.handlers.set(key, handler);
    return this;
  }

  async run(command: string, args: readonly string[], options: { input?: string } = {}): Promise<CommandResult> {
    if (this.missing.has(command)) throw new MissingToolError(command);
    this.calls.push({ command, args: [...args], ...(options.input !== undefined ? { input: options.input } : {}) });
    const handler =
      this.handlers.get(`${command} ${args.join(' ')}`) ?? this.handlers.get(`${command} ${args[0]}`) ?? this.handlers.get(command);
    const answer = handler?.(args, options.input) ?? {};
    return { code: 0, stdout: '', stderr: '', ...answer };
  }

  async exists(command: string): Promise<boolean> {
    return !this.missing.has(command);
  }

  start(command: string, args: readonly string[]): SupervisedProcess {
    const p = new FakeProcess(command, [...args]);
    this.started.push(p);
    return p;
  }

  /** "ip link add dev clan-wg type wireguard", … */
  lines(): string[] {
    return this.calls.map((c) => [c.command, ...c.args].join(' '));
  }
}

export class FakeProcess implements SupervisedProcess {
  readonly pid = undefined;
  stopped = false;
  readonly exited: Promise<number | string>;
  exit: (code: number | string) => void = () => undefined;

  constructor(
    readonly command: string,
    readonly args: string[],
  ) {
    this.exited = new Promise((resolve) => (this.exit = resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.exit('SIGTERM');
  }

  output(): string {
    return '';
  }
}
