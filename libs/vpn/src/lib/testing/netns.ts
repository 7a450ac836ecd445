import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throw-away lab of network namespaces for integration tests (root only):
 * one namespace per peer, joined by veth links to a bridge that lives in a
 * namespace of its own, and a userspace WireGuard (wireguard-go) per peer.
 * Nothing is created in the caller's namespace. Every name carries a random
 * run id, and cleanup() removes all of it, whatever state the test left.
 */

const TOOLS: [command: string, debianPackage: string][] = [
  ['ip', 'iproute2'],
  ['wireguard-go', 'wireguard-go'],
  ['wg', 'wireguard-tools'],
  ['ping', 'iputils-ping'],
  ['nft', 'nftables'],
];

/** Throws, naming the Debian packages, when a tool is missing or we are not root. */
export function requireLabTools(env: NodeJS.ProcessEnv = process.env): void {
  const missing = TOOLS.filter(([command]) => {
    try {
      execFileSync('/bin/sh', ['-c', `command -v ${command}`], { stdio: 'ignore', env });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new Error(
      `The WireGuard namespace test needs ${missing.map(([c, p]) => `\`${c}\` (Debian package ${p})`).join(', ')}: apt-get install -y ${missing.map(([, p]) => p).join(' ')}`,
    );
  }
  if (process.getuid?.() !== 0) throw new Error('The WireGuard namespace test creates network namespaces and must run as root.');
  if (!existsSync('/dev/net/tun')) throw new Error('wireguard-go needs /dev/net/tun (the tun kernel module).');
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], input?: string): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

export class NetnsLab {
  /** e.g. "cl3f9a01": prefix of every namespace and interface name of this run. */
  readonly id = `cl${randomBytes(3).toString('hex')}`;
  readonly underlay = `${this.id}u`;
  private readonly namespaces: string[] = [];
  private readonly processes: ChildProcess[] = [];
  private readonly sockets: string[] = [];
  private readonly daemons: string[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'clan-netns-'));

  /** Runs a command and throws with its output when it fails. */
  async must(command: string, args: string[], input?: string): Promise<string> {
    const result = await run(command, args, input);
    if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.code}): ${result.stderr || result.stdout}`);
    return result.stdout;
  }

  /** Runs a command inside a namespace. */
  exec(ns: string, command: string, args: string[], input?: string): Promise<CommandResult> {
    return run('ip', ['netns', 'exec', ns, command, ...args], input);
  }

  async addNamespace(ns: string): Promise<void> {
    await this.must('ip', ['netns', 'add', ns]);
    this.namespaces.push(ns);
    await this.must('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  }

  /** The bridge namespace; call once before connect(). */
  async createUnderlay(): Promise<void> {
    await this.addNamespace(this.underlay);
    await this.must('ip', ['-n', this.underlay, 'link', 'add', 'br0', 'type', 'bridge']);
    await this.must('ip', ['-n', this.underlay, 'link', 'set', 'br0', 'up']);
  }

  /** A veth from `ns` (named `<ns-suffix>0`) to the bridge, with an underlay address such as "10.254.77.2/24". */
  async connect(ns: string, suffix: string, address: string): Promise<void> {
    const inside = `${this.id}${suffix}0`;
    const outside = `${this.id}${suffix}1`;
    await this.must('ip', ['link', 'add', 'name', inside, 'netns', ns, 'type', 'veth', 'peer', 'name', outside, 'netns', this.underlay]);
    await this.must('ip', ['-n', this.underlay, 'link', 'set', outside, 'master', 'br0', 'up']);
    await this.must('ip', ['-n', ns, 'addr', 'add', address, 'dev', inside]);
    await this.must('ip', ['-n', ns, 'link', 'set', inside, 'up']);
  }

  /** Starts wireguard-go in the foreground inside `ns` and waits for its control socket. */
  async startWireGuard(ns: string, ifname: string): Promise<void> {
    const child = spawn('ip', ['netns', 'exec', ns, 'wireguard-go', '-f', ifname], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.processes.push(child);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const socket = `/var/run/wireguard/${ifname}.sock`;
    this.sockets.push(socket);
    for (let i = 0; i < 100 && !existsSync(socket); i++) {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!existsSync(socket)) throw new Error(`wireguard-go did not create ${socket}: ${stderr}`);
  }

  /**
   * An interface some other program started with wireguard-go inside one of
   * our namespaces (the panel's host interface): cleanup() stops its daemon,
   * which would otherwise keep the deleted namespace alive.
   */
  trackWireGuard(ifname: string): void {
    this.daemons.push(ifname);
    this.sockets.push(`/var/run/wireguard/${ifname}.sock`);
  }

  /** Starts a long-running command inside a namespace (stopped by cleanup()). */
  startProcess(ns: string, command: string, args: string[]): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', ns, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.processes.push(child);
    return child;
  }

  /** Writes a file only root can read (configs hold private keys) and returns its path. */
  secretFile(name: string, content: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  }

  /** True when `address` answers one of `attempts` pings (1 s each) from `ns`. */
  async pings(ns: string, address: string, attempts = 1): Promise<boolean> {
    for (let i = 0; i < attempts; i++) {
      const result = await this.exec(ns, 'ping', ['-n', '-q', '-c', '1', '-W', '1', address]);
      if (result.code === 0) return true;
    }
    return false;
  }

  /** Stops every process by its pid, deletes every namespace (and with them all interfaces), removes files. */
  async cleanup(): Promise<void> {
    for (const child of this.processes) {
      if (child.exitCode === null && child.pid !== undefined) child.kill('SIGTERM');
    }
    await Promise.all(
      this.processes.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => {
              child.kill('SIGKILL');
              resolve();
            }, 2000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
    for (const ifname of this.daemons) await run('pkill', ['-f', `^wireguard-go ${ifname}$`]);
    for (const ns of this.namespaces.reverse()) await run('ip', ['netns', 'del', ns]);
    // wireguard-go removes its socket on SIGTERM, not when killed.
    for (const socket of this.sockets) rmSync(socket, { force: true });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
