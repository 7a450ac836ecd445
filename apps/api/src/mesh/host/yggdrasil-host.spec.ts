import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateYggdrasilKeyPair, yggdrasilAddress } from '@clan/vpn';
import type { AppConfig } from '../../services/config/app-config';
import type { ProcessRunner } from '../../services/process/process-runner';
import type { HostInterfaceConfig } from '../layers/mesh-layers';
import type { MeshHostCommands } from './host-commands';
import { YggdrasilHost, yggdrasilHostTable } from './yggdrasil-host';

/** A child that exits when killed, as yggdrasil does on SIGTERM. */
class FakeChild extends EventEmitter {
  exitCode: number | null = null;
  signalCode: string | null = null;
  stdout = new EventEmitter();
  stderr = new EventEmitter();
  constructor(readonly pid: number) {
    super();
  }
  kill(signal: string): boolean {
    setImmediate(() => {
      this.signalCode = signal;
      this.emit('exit', null, signal);
    });
    return true;
  }
}

describe('YggdrasilHost', () => {
  const name = 'clan0a1b2c3d';
  const self = generateYggdrasilKeyPair();
  const members = [generateYggdrasilKeyPair().publicKey, generateYggdrasilKeyPair().publicKey].sort();
  const nodeConfig = (allowed: string[]): HostInterfaceConfig => ({
    networkId: '0a1b2c3d-0000-4000-8000-000000000000',
    networkName: 'family',
    layer: 'yggdrasil',
    revision: 1,
    hostPeerId: 'h',
    interfaceName: name,
    listenPort: 52810,
    addresses: [],
    config: JSON.stringify({ PrivateKey: self.privateKey, IfName: name, AllowedPublicKeys: allowed, AdminListen: 'none' }),
    forwards: false,
    peers: allowed.length,
  });
  let stateDir: string;
  let events: string[];
  let host: YggdrasilHost;
  let removeHook: ((name: string) => Promise<void>) | undefined;
  let pid = 1000;

  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'ygg-host-'));
    events = [];
    const commands = {
      beforeRemove: (hook: (n: string) => Promise<void>) => (removeHook = hook),
      interfaces: () => Promise.resolve([name]),
      run: (command: string, args: string[], options: { input?: string } = {}) => {
        if (command === 'nft') events.push(`nft ${args.join(' ')}${options.input ? `: ${options.input}` : ''}`);
        if (command === 'ip') return Promise.resolve(` inet6 ${yggdrasilAddress(self.publicKey)}/7 scope global`);
        return Promise.resolve('');
      },
    } as unknown as MeshHostCommands;
    const runner = {
      start: (command: string, args: string[], options: { netns?: string }) => {
        const child = new FakeChild(++pid);
        events.push(`start ${command} ${args[0]} in ${options.netns}`);
        const kill = child.kill.bind(child);
        child.kill = (signal: string) => {
          events.push(`kill ${child.pid} ${signal}`);
          return kill(signal);
        };
        return child;
      },
    } as unknown as ProcessRunner;
    host = new YggdrasilHost({ stateDir, mesh: { netns: 'labns' } } as unknown as AppConfig, commands, runner);
  });

  afterEach(async () => {
    await host.onModuleDestroy();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('writes the node config privately with its admin socket, and runs yggdrasil in the mesh namespace', async () => {
    await host.setUp(nodeConfig(members));
    const file = join(stateDir, 'mesh-yggdrasil', `${name}.conf`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      IfName: name,
      AllowedPublicKeys: members,
      AdminListen: `unix://${join(stateDir, 'mesh-yggdrasil', `${name}.sock`)}`,
    });
    expect(events[0]).toMatch(new RegExp(`^nft -f -: table inet ${yggdrasilHostTable(name)}\\n`));
    expect(events[1]).toBe('start yggdrasil -useconffile in labns');
    // The same config again: nothing restarts.
    await host.setUp(nodeConfig(members));
    expect(events.filter((e) => e.startsWith('start'))).toHaveLength(1);
  });

  it('on a member removal drops the address in the firewall before it restarts the daemon', async () => {
    await host.setUp(nodeConfig(members));
    events = [];
    await host.update(nodeConfig(members.slice(0, 1)));
    expect(events.map((e) => e.split(':')[0])).toEqual(['nft -f -', `kill ${pid - 1} SIGTERM`, 'start yggdrasil -useconffile in labns']);
    expect(events[0]).not.toContain(yggdrasilAddress(members[1]));
    expect(events[0]).toContain(yggdrasilAddress(members[0]));
  });

  it('refuses an update without a running daemon (MeshHost then sets it up), and stops it when its interface is removed', async () => {
    await expect(host.update(nodeConfig(members))).rejects.toThrow(`The Yggdrasil daemon of ${name} is not running.`);
    await host.setUp(nodeConfig(members));
    await removeHook!(name);
    expect(events.slice(-2)).toEqual([`kill ${pid} SIGTERM`, `nft delete table inet ${yggdrasilHostTable(name)}`]);
    await expect(host.live(name)).rejects.toThrow('is not running');
  });
});
