import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from '@nestjs/common';
import type { ProcessRunner } from './process-runner';

const RESTART_DELAY_MS = 1000;
const APPLY_TIMEOUT_MS = 15_000;

/** What the panel sends: the whole desired state, numbered. */
export interface WorkerState {
  type: 'state';
  seq: number;
}
/** What a worker answers: `ready` once, then `applied` for each state (matched by seq). */
export type WorkerAnswer<A extends { type: 'applied'; seq: number }> = { type: 'ready' } | A;

export interface IpcWorkerOptions {
  /** Says what the worker is in errors ("the phonebook worker did not answer"). */
  called: string;
  /** The worker's file name without extension, next to the caller: `<dir>/<script>.ts` from source, `<bundle>/<script>.js` built. */
  script: string;
  /** The caller's __dirname: where the script lies (from source) or the bundle (built). */
  dir: string;
  /** PATH for the worker: it gets nothing else of the panel's environment, so no secret reaches it. */
  path: string;
  /** The network namespace to run it in (CLAN_MESH_NETNS), if any. */
  netns?: string;
  log: Logger;
  /** Called a moment after the worker died unexpectedly: send it the state again. */
  onRestart: () => void;
  /**
   * Any other message of the worker, with the handle it passed along (a TCP socket the worker accepted: the panel
   * inside the mesh hands each connection over this way, child_process `send(message, socket)`).
   */
  onMessage?: (message: { type: string }, handle: unknown) => void;
}

/**
 * A worker process the panel feeds whole states over IPC and that answers
 * each with `applied` (the phonebook, the machines' backup repositories): it
 * is started on first use inside the mesh namespace, restarted after it
 * dies, and killed on close. From source (tests, dev) it runs under ts-node;
 * from the bundle it is `<script>.js` next to main.js.
 */
export class IpcWorker<S extends WorkerState, A extends { type: 'applied'; seq: number }> {
  private child: ReturnType<ProcessRunner['start']> | null = null;
  private ready: Promise<void> | null = null;
  private readonly waiting = new Map<number, (m: A) => void>();
  private closing = false;

  constructor(
    private readonly runner: ProcessRunner,
    private readonly options: IpcWorkerOptions,
  ) {}

  /** Whether a worker process runs now. */
  get running(): boolean {
    return this.child !== null;
  }

  /** Sends the state (starting the worker when needed) and resolves with its answer. */
  async send(state: S): Promise<A> {
    await this.start();
    return new Promise((resolveApplied, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(state.seq);
        reject(new Error(`${this.options.called} did not answer`));
      }, APPLY_TIMEOUT_MS);
      this.waiting.set(state.seq, (m) => {
        clearTimeout(timer);
        this.waiting.delete(state.seq);
        resolveApplied(m);
      });
      this.child?.send(state);
    });
  }

  close(): void {
    this.closing = true;
    this.child?.kill('SIGTERM');
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const { command, args, env, cwd } = this.command();
    const child = this.runner.start(command, args, {
      replaceEnv: env,
      cwd,
      netns: this.options.netns,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    this.ready = new Promise<void>((resolveReady, reject) => {
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (d: string) => {
        stderr = (stderr + d).slice(-4096);
        for (const line of d.split('\n').filter(Boolean)) this.options.log.warn(line);
      });
      child.on('message', (m: WorkerAnswer<A> | { type: string }, handle: unknown) => {
        if (m.type === 'ready') resolveReady();
        else if (m.type === 'applied') this.waiting.get((m as A).seq)?.(m as A);
        else this.options.onMessage?.(m, handle);
      });
      child.on('exit', (code, signal) => {
        this.child = null;
        this.ready = null;
        reject(new Error(`${this.options.called} exited (${signal ?? code}): ${stderr.trim()}`));
        if (this.closing) return;
        this.options.log.warn(`worker exited (${signal ?? code}); restarting`);
        setTimeout(() => {
          if (!this.closing) this.options.onRestart();
        }, RESTART_DELAY_MS).unref();
      });
    });
    return this.ready;
  }

  /** node (+ ts-node from source) running the worker; the runner puts it inside the mesh namespace when there is one. */
  private command(): { command: string; args: string[]; env: Record<string, string>; cwd: string | undefined } {
    const { dir, script } = this.options;
    const bundled = join(dir, `${script}.js`);
    const env: Record<string, string> = { PATH: this.options.path };
    if (existsSync(bundled)) return { command: process.execPath, args: [bundled], env, cwd: undefined };
    const root = repoRoot(dir);
    env['TS_NODE_TRANSPILE_ONLY'] = '1';
    env['TS_NODE_PROJECT'] = join(root, 'apps/api/tools/tsconfig.json');
    return {
      command: process.execPath,
      args: ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', join(dir, `${script}.ts`)],
      env,
      cwd: root,
    };
  }
}

/** The repository's root above a source directory: where apps/api/tools/tsconfig.json is. */
function repoRoot(dir: string): string {
  for (let d = dir; ; d = resolve(d, '..')) {
    if (existsSync(join(d, 'apps/api/tools/tsconfig.json'))) return d;
    if (resolve(d, '..') === d) throw new Error(`no repository root (apps/api/tools/tsconfig.json) above ${dir}`);
  }
}
