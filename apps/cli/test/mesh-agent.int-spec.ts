import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MeshAgentConfigMessage } from '@clan/contracts';
import { generateWireGuardKeyPair, generateYggdrasilKeyPair, yggdrasilAddress } from '@clan/vpn';
import { NetnsLab, requireLabTools } from '@clan/vpn/testing';
import { type CommandResult, type CommandRunner, type SupervisedProcess, SystemRunner } from '../src/agent/runner';
import { YggdrasilDriver } from '../src/agent/yggdrasil-driver';

/**
 * The built `clanctl mesh up` as the panel's integration tests run it
 * (`ip netns exec <ns> node dist/apps/cli/main.js mesh up --panel … --invite …`),
 * against a small fake panel in another namespace and a real WireGuard
 * (wireguard-go: this kernel may have no module) on both ends. Checks `wg show`
 * after each apply, that `wg syncconf` keeps the session of a peer that stays,
 * the host-only start from the cache, SIGTERM (host peer only) and removal. And the Yggdrasil
 * driver against the real yggdrasil (Debian's 0.4.7) and yggdrasilctl.
 */

const MAIN = join(__dirname, '../../../dist/apps/cli/main.js');
const INVITE = 'AbCdEfGhIjKlMnOpQrStUvWxYz012-_9';
const PANEL_ADDR = '10.254.77.1';
const DEVICE_ADDR = '10.254.77.2';
const PANEL_PORT = 8099;

/** The fake panel: HTTP for the invite preview and enrolment, the agent WebSocket; events on stdout, commands on stdin (JSON lines). */
const FAKE_PANEL = `
const http = require('node:http');
const { WebSocketServer } = require(process.argv[2]);
const [host, port] = [process.argv[3], Number(process.argv[4])];
const emit = (e) => process.stdout.write(JSON.stringify(e) + '\\n');
let socket = null;
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    emit({ http: { method: req.method, url: req.url, body: body ? JSON.parse(body) : null } });
    res.setHeader('content-type', 'application/json');
    if (req.url === '/api/mesh/invites/${INVITE}') return res.end(JSON.stringify({ network: 'family', layer: { kind: 'wireguard' } }));
    if (req.url === '/api/mesh/agents/enrol') {
      res.statusCode = 201;
      const b = JSON.parse(body);
      return res.end(JSON.stringify({ networkId: 'n1', network: 'family', peer: b.name, layer: 'wireguard', agentToken: 'tok-' + b.name, panelUrls: ['http://' + host + ':' + port] }));
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ code: 'NOT_FOUND', message: 'No such route.' }));
  });
});
const wss = new WebSocketServer({ server, path: '/api/mesh/agent' });
wss.on('connection', (ws, req) => {
  socket = ws;
  emit({ connected: { authorization: req.headers.authorization } });
  ws.on('message', (d) => emit({ message: JSON.parse(d.toString()) }));
  ws.on('close', (code) => emit({ closed: code }));
});
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const c = JSON.parse(line);
  if (c.send) socket.send(JSON.stringify(c.send));
  if (c.close) socket.close(c.close[0], c.close[1]);
});
server.listen(port, host, () => emit({ listening: true }));
`;

type PanelEvent = {
  listening?: true;
  http?: { method: string; url: string; body: Record<string, unknown> | null };
  connected?: { authorization: string };
  message?: { type: string; revision?: number; error?: string | null; peers?: unknown[] };
  closed?: number;
};

/** Lines of a child's stdout as events, with waiting. */
class EventLog {
  readonly events: PanelEvent[] = [];
  constructor(child: ChildProcess) {
    let buffer = '';
    child.stdout?.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        this.events.push(JSON.parse(buffer.slice(0, nl)) as PanelEvent);
        buffer = buffer.slice(nl + 1);
      }
    });
  }
  async until<T>(what: string, find: (events: PanelEvent[]) => T | undefined, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find(this.events);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; events: ${JSON.stringify(this.events)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  messages(type: string): NonNullable<PanelEvent['message']>[] {
    return this.events.flatMap((e) => (e.message?.type === type ? [e.message] : []));
  }
}

/** Agents a test started: stopped by pid after each test, whatever it left running. */
const running: ChildProcess[] = [];

async function stopAgents(): Promise<void> {
  for (const child of running.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

/** The built CLI inside a namespace; stderr collected. */
function startAgent(
  lab: NetnsLab,
  ns: string,
  args: string[],
): { child: ChildProcess; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, MAIN, 'mesh', 'up', ...args], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  running.push(child);
  void lab;
  return { child, stderr: () => stderr, exit };
}

describe('clanctl mesh up (built CLI, network namespaces, wireguard-go)', () => {
  let lab: NetnsLab;
  let dir: string;

  beforeAll(() => requireLabTools());

  beforeEach(() => {
    lab = new NetnsLab();
    dir = mkdtempSync(join(tmpdir(), 'clan-mesh-agent-'));
  });

  afterEach(async () => {
    await stopAgents();
    await lab.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enrols with an invite, applies configs (wg syncconf keeps sessions), starts host-only from the cache, narrows to the host on SIGTERM and goes down on removal', async () => {
    const pan = `${lab.id}p`;
    const dev = `${lab.id}d`;
    const hostIf = `${lab.id}h`;
    const devIf = `${lab.id}w`;
    lab.trackWireGuard(devIf);
    await lab.createUnderlay();
    await lab.addNamespace(pan);
    await lab.addNamespace(dev);
    await lab.connect(pan, 'p', `${PANEL_ADDR}/24`);
    await lab.connect(dev, 'd', `${DEVICE_ADDR}/24`);

    // The panel, and the host's own WireGuard interface (the peer every device keeps).
    const scriptPath = join(dir, 'fake-panel.cjs');
    writeFileSync(scriptPath, FAKE_PANEL);
    const panelProcess = spawn(
      'ip',
      ['netns', 'exec', pan, process.execPath, scriptPath, require.resolve('ws'), PANEL_ADDR, String(PANEL_PORT)],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const panel = new EventLog(panelProcess);
    const command = (c: unknown) => panelProcess.stdin?.write(`${JSON.stringify(c)}\n`);
    try {
      await panel.until('the panel to listen', (e) => (e.some((x) => x.listening) ? true : undefined));
      await lab.startWireGuard(pan, hostIf);
      const host = generateWireGuardKeyPair();
      const ghost = generateWireGuardKeyPair();

      const stateDir = join(dir, 'state');
      const resolvConf = join(dir, 'resolv.conf');
      const args = [
        '--panel',
        `http://${PANEL_ADDR}:${PANEL_PORT}`,
        '--state-dir',
        stateDir,
        '--interface',
        devIf,
        '--resolv-conf',
        resolvConf,
      ];
      // The link's origin is the panel's public name; --panel (where it is reachable from here) wins.
      const first = startAgent(lab, dev, [...args, '--invite', `https://panel.example.org/join/${INVITE}`, '--name', 'laptop']);

      const enrol = await panel.until('the enrolment', (e) => e.find((x) => x.http?.url === '/api/mesh/agents/enrol')?.http);
      const devicePublicKey = enrol.body?.['publicKey'] as string;
      expect(enrol.body).toEqual({ invite: INVITE, name: 'laptop', publicKey: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/) });
      const connected = await panel.until('the WebSocket', (e) => e.find((x) => x.connected)?.connected);
      expect(connected.authorization).toBe('Bearer tok-laptop');
      await panel.until('hello', (e) => (e[e.length - 1]?.message?.type === 'hello' ? true : undefined));

      const hostConf = lab.secretFile(
        'host.conf',
        `[Interface]\nPrivateKey = ${host.privateKey}\nListenPort = 51820\n\n[Peer]\nPublicKey = ${devicePublicKey}\nAllowedIPs = 10.100.0.2/32\n`,
      );
      await lab.must('ip', ['netns', 'exec', pan, 'wg', 'setconf', hostIf, hostConf]);
      await lab.must('ip', ['-n', pan, 'addr', 'add', '10.100.0.1/24', 'dev', hostIf]);
      await lab.must('ip', ['-n', pan, 'link', 'set', 'up', 'dev', hostIf]);

      const hostPeer = `# host (host)\n[Peer]\nPublicKey = ${host.publicKey}\nAllowedIPs = 10.100.0.1/32\nEndpoint = ${PANEL_ADDR}:51820\nPersistentKeepalive = 25\n`;
      const ghostPeer = `# ghost (device)\n[Peer]\nPublicKey = ${ghost.publicKey}\nAllowedIPs = 10.100.0.9/32\n`;
      const config = (revision: number, peers: string, firewall: string | null): MeshAgentConfigMessage => ({
        type: 'config',
        revision,
        network: 'family',
        peer: 'laptop',
        layer: 'wireguard',
        config: `[Interface]\nPrivateKey = {{PRIVATE_KEY}}\n\n${peers}`,
        addresses: ['10.100.0.2/24'],
        listenPort: null,
        hostPublicKey: host.publicKey,
        dns: { servers: ['10.100.0.1'], domain: 'family.clan' },
        firewall,
        panelUrls: [`http://${PANEL_ADDR}:${PANEL_PORT}`],
      });
      const reach = `table inet clan_reach\ndelete table inet clan_reach\ntable inet clan_reach {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t\tiifname "${devIf}" tcp dport 22 drop\n\t}\n}\n`;
      const peersOf = async (): Promise<string[]> =>
        (await lab.must('ip', ['netns', 'exec', dev, 'wg', 'show', devIf, 'peers'])).split('\n').filter(Boolean).sort();
      const handshakeWithHost = async (): Promise<string> =>
        (await lab.must('ip', ['netns', 'exec', dev, 'wg', 'show', devIf, 'latest-handshakes']))
          .split('\n')
          .find((l) => l.startsWith(host.publicKey))
          ?.split('\t')[1] ?? '';

      // Revision 1: the host and a ghost peer, reachability rules, DNS.
      command({ send: config(1, `${hostPeer}\n${ghostPeer}`, reach) });
      const applied1 = await panel.until('applied 1', () => panel.messages('applied')[0]);
      expect(applied1).toEqual({ type: 'applied', revision: 1, error: null, ms: expect.any(Number) });
      await panel.until('status after applied', () => panel.messages('status')[0]);
      const order = panel.events.flatMap((e) => (e.message ? [e.message.type] : []));
      expect(order.slice(0, 3)).toEqual(['hello', 'applied', 'status']);
      expect(await peersOf()).toEqual([host.publicKey, ghost.publicKey].sort());
      expect(await lab.must('ip', ['-n', dev, '-br', 'addr', 'show', 'dev', devIf])).toContain('10.100.0.2/24');
      expect(await lab.pings(dev, '10.100.0.1', 5)).toBe(true);
      expect(await lab.must('ip', ['netns', 'exec', dev, 'nft', 'list', 'tables'])).toContain('table inet clan_reach');
      expect(readFileSync(resolvConf, 'utf8')).toContain('nameserver 10.100.0.1\nsearch family.clan\n');
      const handshake = await handshakeWithHost();
      expect(Number(handshake)).toBeGreaterThan(0);

      // SIGTERM: exit 0, the interface stays up with only the host peer (no agent hears of removals now).
      first.child.kill('SIGTERM');
      expect(await first.exit).toBe(0);
      expect(await peersOf()).toEqual([host.publicKey]);
      expect(first.stderr()).toContain(`${devIf} keeps only the panel host as peer until the agent runs again`);
      expect(await handshakeWithHost()).toBe(handshake);

      // Start again from the cache (which has the ghost) on an interface that trusts the ghost again:
      // by the time the agent says hello, only the host peer is left.
      await lab.must('ip', ['netns', 'exec', dev, 'wg', 'set', devIf, 'peer', ghost.publicKey, 'allowed-ips', '10.100.0.9/32']);
      expect(await peersOf()).toEqual([host.publicKey, ghost.publicKey].sort());
      const second = startAgent(lab, dev, args);
      await panel.until('the second hello', () => (panel.messages('hello').length >= 2 ? true : undefined));
      expect(await peersOf()).toEqual([host.publicKey]);
      for (let i = 0; i < 50 && !second.stderr().includes('with only the panel host as peer'); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(second.stderr()).toContain('with only the panel host as peer');
      expect(panel.messages('hello')[1]).toMatchObject({ revision: 0, interfaceName: devIf });

      // Revision 2 without the ghost and without rules: syncconf keeps the host's session.
      command({ send: config(2, hostPeer, null) });
      await panel.until('applied 2', () => panel.messages('applied')[1]);
      expect(panel.messages('applied')[1]).toMatchObject({ revision: 2, error: null });
      expect(await peersOf()).toEqual([host.publicKey]);
      expect(await handshakeWithHost()).toBe(handshake);
      expect(await lab.must('ip', ['netns', 'exec', dev, 'nft', 'list', 'tables'])).not.toContain('clan_reach');
      expect(await lab.pings(dev, '10.100.0.1', 3)).toBe(true);

      // Removal: interface down, cache deleted, exit 1 with the panel's sentence.
      command({ send: { type: 'removed', reason: 'removed', message: 'Anna removed this device from family.' } });
      command({ close: [4403, 'removed'] });
      expect(await second.exit).toBe(1);
      expect(second.stderr()).toContain('removed by the panel: Anna removed this device from family.');
      expect((await lab.exec(dev, 'ip', ['link', 'show', 'dev', devIf])).code).not.toBe(0);
      expect(existsSync(join(stateDir, 'last-config.json'))).toBe(false);
      expect(existsSync(join(stateDir, 'agent.json'))).toBe(true);
      expect(`${first.stderr()}${second.stderr()}`).not.toContain('tok-laptop');
    } finally {
      const gone = new Promise((resolve) => panelProcess.once('exit', resolve));
      panelProcess.kill('SIGTERM');
      await gone;
    }
  }, 60_000);
});

/** The system runner with every command inside a namespace (`ip netns exec` execs, so a started child's pid is the program's). */
class NetnsRunner implements CommandRunner {
  private readonly system = new SystemRunner();
  constructor(private readonly ns: string) {}
  run(command: string, args: readonly string[], options?: { input?: string }): Promise<CommandResult> {
    return this.system.run('ip', ['netns', 'exec', this.ns, command, ...args], options);
  }
  exists(command: string): Promise<boolean> {
    return this.system.exists(command);
  }
  start(command: string, args: readonly string[]): SupervisedProcess {
    return this.system.start('ip', ['netns', 'exec', this.ns, command, ...args]);
  }
}

describe('the Yggdrasil driver (real yggdrasil in network namespaces)', () => {
  let lab: NetnsLab;
  let dir: string;

  beforeAll(() => {
    requireLabTools();
    const missing = ['yggdrasil', 'yggdrasilctl'].filter((c) => spawnSyncCode('/bin/sh', ['-c', `command -v ${c}`]) !== 0);
    if (missing.length) throw new Error(`This test needs ${missing.join(', ')}: apt-get install -y yggdrasil`);
  });

  beforeEach(() => {
    lab = new NetnsLab();
    dir = mkdtempSync(join(tmpdir(), 'clan-mesh-ygg-'));
  });

  afterEach(async () => {
    await lab.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs yggdrasil with its own key, peers with the host, applies and removes the members table, restarts on change, goes down', async () => {
    const hostNs = `${lab.id}p`;
    const devNs = `${lab.id}d`;
    const devIf = `${lab.id}y`;
    await lab.createUnderlay();
    await lab.addNamespace(hostNs);
    await lab.addNamespace(devNs);
    await lab.connect(hostNs, 'p', `${PANEL_ADDR}/24`);
    await lab.connect(devNs, 'd', `${DEVICE_ADDR}/24`);
    const host = generateYggdrasilKeyPair();
    const device = generateYggdrasilKeyPair();
    const hostConf = lab.secretFile(
      'host-ygg.json',
      JSON.stringify({
        PrivateKey: host.privateKey,
        Listen: [`tls://${PANEL_ADDR}:12345`],
        Peers: [],
        AllowedPublicKeys: [device.publicKey],
        IfName: 'none',
        AdminListen: 'none',
        MulticastInterfaces: [],
        NodeInfoPrivacy: true,
      }),
    );
    lab.startProcess(hostNs, 'yggdrasil', ['-useconffile', hostConf]);

    const logs: string[] = [];
    const driver = new YggdrasilDriver(
      new NetnsRunner(devNs),
      { interfaceName: devIf, stateDir: join(dir, 'state'), privateKey: device.privateKey },
      (s) => logs.push(s),
    );
    const settings = {
      Listen: [],
      Peers: [`tls://${PANEL_ADDR}:12345`],
      AllowedPublicKeys: [host.publicKey],
      MulticastInterfaces: [],
      NodeInfoPrivacy: true,
    };
    const config: MeshAgentConfigMessage = {
      type: 'config',
      revision: 1,
      network: 'family',
      peer: 'laptop',
      layer: 'yggdrasil',
      config: JSON.stringify(settings),
      addresses: [],
      listenPort: null,
      hostPublicKey: host.publicKey,
      dns: null,
      firewall: null,
      panelUrls: [],
    };
    try {
      await driver.apply(driver.hostOnly(config));
      const link = await lab.must('ip', ['-n', devNs, 'addr', 'show', 'dev', devIf]);
      expect(link).toContain(yggdrasilAddress(device.publicKey));
      expect(await lab.must('ip', ['netns', 'exec', devNs, 'nft', 'list', 'table', 'inet', 'clan_ygg_members'])).toContain(
        yggdrasilAddress(host.publicKey),
      );
      let peers = await driver.status();
      for (let i = 0; i < 50 && peers.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        peers = await driver.status();
      }
      expect(peers).toEqual([
        {
          publicKey: host.publicKey,
          latestHandshake: expect.any(Number),
          endpoint: `tls://${PANEL_ADDR}:12345`,
          rxBytes: expect.any(Number),
          txBytes: expect.any(Number),
        },
      ]);
      const pid = readFileSync(join(dir, 'state', 'yggdrasil.pid'), 'utf8').trim();

      // The same text again keeps the process; a changed one restarts it; a null firewall deletes the members table.
      await driver.apply(driver.hostOnly(config));
      expect(readFileSync(join(dir, 'state', 'yggdrasil.pid'), 'utf8').trim()).toBe(pid);
      await driver.apply({ ...config, revision: 2, config: JSON.stringify({ ...settings, NodeInfoPrivacy: false }) });
      expect(readFileSync(join(dir, 'state', 'yggdrasil.pid'), 'utf8').trim()).not.toBe(pid);
      expect(await lab.must('ip', ['netns', 'exec', devNs, 'nft', 'list', 'tables'])).not.toContain('clan_ygg_members');

      await driver.down();
      expect((await lab.exec(devNs, 'ip', ['link', 'show', 'dev', devIf])).code).not.toBe(0);
      expect(logs.filter((l) => l.startsWith('yggdrasil stopped'))).toEqual([]);
    } finally {
      await driver.close();
    }
  }, 60_000);
});

function spawnSyncCode(command: string, args: string[]): number | null {
  return require('node:child_process').spawnSync(command, args).status as number | null;
}
