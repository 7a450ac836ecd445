import { type ChildProcess, execFile, spawn } from 'node:child_process';

/**
 * How the agent runs system tools (ip, wg, nft, yggdrasil, resolvectl). One
 * small interface so unit tests drive the drivers with a fake, and so every
 * missing tool is reported the same way: naming its Debian package.
 */

/** The Debian package of each tool the agent runs. */
export const TOOL_PACKAGES: Readonly<Record<string, string>> = {
  ip: 'iproute2',
  wg: 'wireguard-tools',
  'wireguard-go': 'wireguard-go',
  nft: 'nftables',
  yggdrasil: 'yggdrasil',
  yggdrasilctl: 'yggdrasil',
  resolvectl: 'systemd-resolved',
};

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A long-running child (yggdrasil) the agent supervises. */
export interface SupervisedProcess {
  readonly pid: number | undefined;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** Stops it by its pid: SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines it wrote to stderr/stdout, for messages. */
  output(): string;
}

export interface CommandRunner {
  /** Runs a command to completion; a non-zero exit is a result, a missing program throws MissingToolError. */
  run(command: string, args: readonly string[], options?: { input?: string }): Promise<CommandResult>;
  /** True when the program is on PATH. */
  exists(command: string): Promise<boolean>;
  /** Starts a long-running program. */
  start(command: string, args: readonly string[]): SupervisedProcess;
}

/** A tool the agent needs is not installed: the message names the package. */
export class MissingToolError extends Error {
  constructor(readonly command: string) {
    const pkg = TOOL_PACKAGES[command];
    super(`\`${command}\` is not installed${pkg ? `: install the Debian package ${pkg} (apt-get install ${pkg})` : ''}.`);
    this.name = 'MissingToolError';
  }
}

/** A command that ran and failed: its first line of complaint. */
export class CommandFailedError extends Error {
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly result: CommandResult,
  ) {
    const said = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' / ');
    super(`\`${command} ${args.join(' ')}\` failed (exit ${result.code})${said ? `: ${said}` : ''}`);
    this.name = 'CommandFailedError';
  }
}

/** Runs and throws CommandFailedError on a non-zero exit; answers stdout. */
export async function must(runner: CommandRunner, command: string, args: readonly string[], input?: string): Promise<string> {
  const result = await runner.run(command, args, input === undefined ? {} : { input });
  if (result.code !== 0) throw new CommandFailedError(command, args, result);
  return result.stdout;
}

const COMMAND_TIMEOUT_MS = 30_000;
const OUTPUT_LINES_KEPT = 20;

/** The real runner: execFile/spawn without a shell (arguments are never interpreted). */
export class SystemRunner implements CommandRunner {
  run(command: string, args: readonly string[], options: { input?: string } = {}): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      const child = execFile(command, [...args], { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS }, (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') return reject(new MissingToolError(command));
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
      // A program that exits before reading its stdin must not crash us with EPIPE.
      child.stdin?.on('error', () => undefined);
      if (options.input !== undefined) child.stdin?.end(options.input);
      else child.stdin?.end();
    });
  }

  async exists(command: string): Promise<boolean> {
    const result = await this.run('/bin/sh', ['-c', 'command -v "$1"', 'sh', command]);
    return result.code === 0;
  }

  start(command: string, args: readonly string[]): SupervisedProcess {
    const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    return new SpawnedProcess(command, child);
  }
}

class SpawnedProcess implements SupervisedProcess {
  readonly exited: Promise<number | string>;
  private readonly lines: string[] = [];

  constructor(
    command: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (data: Buffer) => {
      this.lines.push(
        ...data
          .toString()
          .split('\n')
          .filter((l) => l.trim() !== ''),
      );
      this.lines.splice(0, Math.max(0, this.lines.length - OUTPUT_LINES_KEPT));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      child.once('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') this.lines.push(new MissingToolError(command).message);
        else this.lines.push(err.message);
        resolve(127);
      });
      child.once('exit', (code, signal) => resolve(code ?? signal ?? 1));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  output(): string {
    return this.lines.join('\n');
  }

  async stop(graceMs = 3000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, graceMs);
    });
    await Promise.race([this.exited.then(() => undefined), killed]);
    clearTimeout(timer);
    await this.exited;
  }
}
