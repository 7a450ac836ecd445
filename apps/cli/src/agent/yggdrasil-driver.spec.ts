import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateYggdrasilKeyPair, yggdrasilAddress } from '@clan/vpn';
import { configMessage } from './testing/fake-panel';
import { FakeRunner } from './testing/fake-runner';
import { parseYggdrasilPeers, YggdrasilDriver } from './yggdrasil-driver';

const SELF = generateYggdrasilKeyPair();
const HOST = generateYggdrasilKeyPair().publicKey;
const NAS = generateYggdrasilKeyPair().publicKey;

const SETTINGS = {
  PrivateKey: '{{PRIVATE_KEY}}',
  IfName: 'clan-ygg',
  Listen: [],
  Peers: ['tls://192.0.2.1:12345'],
  AllowedPublicKeys: [HOST, NAS].sort(),
  MulticastInterfaces: [],
  NodeInfoPrivacy: true,
};

describe('YggdrasilDriver', () => {
  let dir: string;
  let logs: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clan-yggd-'));
    logs = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function driver(runner: FakeRunner): YggdrasilDriver {
    return new YggdrasilDriver(
      runner,
      { interfaceName: 'clan-ygg2', stateDir: dir, privateKey: SELF.privateKey },
      (s) => logs.push(s),
      async () => {
        // The fake yggdrasil "opens" its admin socket as soon as we wait for it.
        writeFileSync(join(dir, 'yggdrasil.sock'), '');
      },
    );
  }

  const config = (over = {}) =>
    configMessage(2, { layer: 'yggdrasil', config: JSON.stringify(SETTINGS), hostPublicKey: HOST, addresses: [], ...over });

  it('writes the config with its own key, interface and admin socket (0600) and runs yggdrasil with it', async () => {
    const runner = new FakeRunner();
    const d = driver(runner);
    await d.apply(config());
    const file = join(dir, 'yggdrasil.conf');
    const written = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(written).toEqual({
      ...SETTINGS,
      PrivateKey: SELF.privateKey,
      IfName: 'clan-ygg2',
      AdminListen: `unix://${join(dir, 'yggdrasil.sock')}`,
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(runner.started.map((p) => [p.command, ...p.args].join(' '))).toEqual([`yggdrasil -useconffile ${file}`]);
    // The same config again: yggdrasil keeps running.
    await d.apply(config());
    expect(runner.started).toHaveLength(1);
    // A changed config: restarted.
    await d.apply(config({ config: JSON.stringify({ ...SETTINGS, Peers: [] }) }));
    expect(runner.started).toHaveLength(2);
    expect(runner.started[0].stopped).toBe(true);
    await d.close();
    expect(runner.started[1].stopped).toBe(true);
  });

  it('starts yggdrasil again when it dies', async () => {
    const runner = new FakeRunner();
    const d = driver(runner);
    await d.apply(config());
    runner.started[0].exit(2);
    for (let i = 0; i < 40 && runner.started.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(runner.started).toHaveLength(2);
    expect(logs[0]).toMatch(/^yggdrasil stopped \(2\): starting it again in 1 s/);
    await d.close();
  });

  it("a yggdrasil that fails to start is the apply's error, not a restart loop", async () => {
    const runner = new FakeRunner();
    const d = new YggdrasilDriver(
      runner,
      { interfaceName: 'clan-ygg2', stateDir: dir, privateKey: SELF.privateKey },
      (s) => logs.push(s),
      async () => {
        runner.started[runner.started.length - 1].exit(127);
        await new Promise((r) => setImmediate(r));
      },
    );
    await expect(d.apply(config())).rejects.toThrow('yggdrasil stopped right away');
    await new Promise((r) => setTimeout(r, 1200));
    expect(runner.started).toHaveLength(1);
    expect(logs).toEqual([]);
    // The next config tries again.
    await expect(d.apply(config())).rejects.toThrow('yggdrasil stopped right away');
    expect(runner.started).toHaveLength(2);
  });

  it('host-only: the host is the only allowed key and the members table lets only the host (and itself) through', () => {
    const d = driver(new FakeRunner());
    const only = d.hostOnly(config({ firewall: 'table inet clan_reach {\n}\n' }));
    expect(JSON.parse(only.config)).toMatchObject({ AllowedPublicKeys: [HOST], Peers: SETTINGS.Peers });
    expect(only.firewall).toContain('table inet clan_reach {\n}\n');
    expect(only.firewall).toContain(`elements = { ${[yggdrasilAddress(SELF.publicKey), yggdrasilAddress(HOST)].sort().join(', ')} }`);
    expect(only.firewall).not.toContain(yggdrasilAddress(NAS));
    expect(d.peerCount(only)).toBe(1);
    expect(d.peerCount(config())).toBe(2);
  });

  it('applies the firewall and reads the peers from yggdrasilctl', async () => {
    const runner = new FakeRunner().on('yggdrasilctl', () => ({
      stdout: JSON.stringify({ peers: [{ key: HOST, remote: 'tls://192.0.2.1:12345', bytes_recvd: 5, bytes_sent: 6, port: 1 }] }),
    }));
    const d = driver(runner);
    await d.apply(config({ firewall: 'table inet clan_reach {\n}\n' }));
    expect(runner.calls.find((c) => c.command === 'nft')?.input).toBe('table inet clan_reach {\n}\n');
    const peers = await d.status();
    expect(runner.lines()).toContain(`yggdrasilctl -endpoint unix://${join(dir, 'yggdrasil.sock')} -json getPeers`);
    expect(peers).toEqual([
      { publicKey: HOST, latestHandshake: expect.any(Number), endpoint: 'tls://192.0.2.1:12345', rxBytes: 5, txBytes: 6 },
    ]);
    await d.down();
    expect(existsSync(join(dir, 'yggdrasil.pid'))).toBe(false);
  });

  it('redials the host every second while the new node has no peer (the panel restarts its node too), and stops once one is up', async () => {
    jest.useFakeTimers();
    let up = false;
    const runner = new FakeRunner().on('yggdrasilctl', () => ({
      stdout: JSON.stringify({ peers: up ? [{ key: HOST, remote: SETTINGS.Peers[0] }] : [] }),
    }));
    const d = driver(runner);
    const socket = `unix://${join(dir, 'yggdrasil.sock')}`;
    const redials = () => runner.lines().filter((l) => l === `yggdrasilctl -endpoint ${socket} addPeer uri=${SETTINGS.Peers[0]}`).length;
    try {
      await d.apply(config());
      expect(redials()).toBe(0);
      await jest.advanceTimersByTimeAsync(1000);
      expect(runner.lines()).toContain(`yggdrasilctl -endpoint ${socket} removePeer uri=${SETTINGS.Peers[0]}`);
      expect(redials()).toBe(1);
      await jest.advanceTimersByTimeAsync(1000);
      expect(redials()).toBe(2);
      up = true;
      await jest.advanceTimersByTimeAsync(5000);
      expect(redials()).toBe(2);
    } finally {
      jest.useRealTimers();
      await d.close();
    }
  });
});

describe('parseYggdrasilPeers', () => {
  it('reads 0.4 output (a list) and the keyed form alike', () => {
    const entry = { key: HOST, remote: 'tls://[fd00::1]:1', bytes_recvd: 1, bytes_sent: 2 };
    const want = [{ publicKey: HOST, latestHandshake: 100, endpoint: 'tls://[fd00::1]:1', rxBytes: 1, txBytes: 2 }];
    expect(parseYggdrasilPeers(JSON.stringify({ peers: [entry] }), 100)).toEqual(want);
    expect(parseYggdrasilPeers(JSON.stringify({ peers: { '200::1': entry } }), 100)).toEqual(want);
    expect(parseYggdrasilPeers(JSON.stringify({ peers: [{ ...entry, up: false }] }), 100)[0].latestHandshake).toBeNull();
  });
});
