import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MESH_AGENT_CLOSE_REMOVED, MESH_AGENT_CLOSE_UNAUTHORIZED, MESH_AGENT_PROTOCOL, type MeshAgentEnrolment } from '@clan/contracts';
import { agentSocketUrl, MeshAgent, type MeshAgentOptions } from './agent';
import { Backoff } from './backoff';
import { AgentState } from './state';
import { configMessage, FakeDriver, FakePanel } from './testing/fake-panel';

const TOKEN = 'agent-token-secret-0123456789';

describe('MeshAgent', () => {
  let dir: string;
  let panel: FakePanel;
  let state: AgentState;
  let driver: FakeDriver;
  let logs: string[];
  const agents: MeshAgent[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clan-agent-'));
    state = new AgentState(join(dir, 'state'));
    panel = await FakePanel.start();
    driver = new FakeDriver();
    logs = [];
  });

  afterEach(async () => {
    for (const a of agents.splice(0)) a.stop();
    await panel.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function until(check: () => boolean, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out; log:\n${logs.join('\n')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  function enrolment(panelUrls = [panel.url]): MeshAgentEnrolment {
    return { networkId: 'n1', network: 'family', peer: 'laptop', layer: 'wireguard', agentToken: TOKEN, panelUrls };
  }

  function start(over: Partial<MeshAgentOptions> = {}): { agent: MeshAgent; exit: Promise<number> } {
    const agent = new MeshAgent({
      enrolment: enrolment(),
      driver,
      state,
      log: (s) => logs.push(s),
      version: '9.9.9',
      platform: 'linux',
      offlineAfterMs: 30_000,
      statusIntervalMs: 40,
      backoff: new Backoff(20, 100, () => 0.5),
      ...over,
    });
    agents.push(agent);
    return { agent, exit: agent.run() };
  }

  it('sends hello first, with the bearer token on the upgrade', async () => {
    start();
    const hello = await panel.until('hello', () => panel.message('hello'));
    expect(panel.types()[0]).toBe('hello');
    expect(hello).toEqual({
      type: 'hello',
      protocol: MESH_AGENT_PROTOCOL,
      version: '9.9.9',
      revision: 0,
      interfaceName: 'clan-wg',
      platform: 'linux',
    });
    expect(panel.connections[0].request.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('applies a config and answers applied with its revision before any status, then reports status', async () => {
    driver.applyDelayMs = 150; // longer than several status intervals
    panel.onConnection = (c) => c.ws.once('message', () => c.ws.send(JSON.stringify(configMessage(7))));
    start();
    const applied = await panel.until('applied', () => panel.message('applied'));
    expect(applied).toEqual({ type: 'applied', revision: 7, error: null, ms: expect.any(Number) });
    expect(applied.ms).toBeGreaterThanOrEqual(150);
    await panel.until('status', () => panel.message('status'));
    expect(panel.types().slice(0, 3)).toEqual(['hello', 'applied', 'status']);
    expect(panel.message('status')).toEqual({ type: 'status', revision: 7, peers: driver.peers });
    expect(driver.applied.map((c) => c.revision)).toEqual([7]);
    expect(state.readLastConfig()?.revision).toBe(7);
    expect(state.readApplied()).toMatchObject({ revision: 7, mode: 'full', peers: 2 });
    expect(logs.some((l) => /^applied revision 7 \(2 peers\) in \d+ ms$/.test(l))).toBe(true);
    // Status keeps coming on the interval.
    await panel.until('a second status', () => panel.message('status', 1));
  });

  it('answers every pushed config with applied before sending anything else', async () => {
    driver.applyDelayMs = 60;
    panel.onConnection = (c) =>
      c.ws.once('message', () => {
        c.ws.send(JSON.stringify(configMessage(1)));
        c.ws.send(JSON.stringify(configMessage(2)));
        c.ws.send(JSON.stringify(configMessage(3)));
      });
    start();
    await panel.until('three applied', () => panel.message('applied', 2));
    await panel.until('status', () => panel.message('status'));
    expect(panel.types().slice(0, 5)).toEqual(['hello', 'applied', 'applied', 'applied', 'status']);
    expect([1, 2, 3].map((_, i) => panel.message('applied', i)?.revision)).toEqual([1, 2, 3]);
  });

  it('reports a config it cannot apply (error in applied) and keeps it as the newest word', async () => {
    driver.failWith = '`wg` is not installed: install the Debian package wireguard-tools (apt-get install wireguard-tools).';
    panel.onConnection = (c) => c.ws.once('message', () => c.ws.send(JSON.stringify(configMessage(4))));
    start();
    const applied = await panel.until('applied', () => panel.message('applied'));
    expect(applied.error).toContain('wireguard-tools');
    expect(state.readLastConfig()?.revision).toBe(4);
    expect(logs.join('\n')).toContain('could not apply revision 4');
  });

  it('does not apply a config of another layer, and says why in applied', async () => {
    panel.onConnection = (c) => c.ws.once('message', () => c.ws.send(JSON.stringify(configMessage(4, { layer: 'yggdrasil' }))));
    start();
    const applied = await panel.until('applied', () => panel.message('applied'));
    expect(applied.error).toBe(`the network now runs yggdrasil and this agent wireguard: stop it, delete ${state.dir} and enrol again`);
    expect(driver.events.filter((e) => e.startsWith('apply'))).toEqual([]);
  });

  it('reconnects with backoff after the panel drops the connection, saying the revision it runs', async () => {
    let n = 0;
    panel.onConnection = (c) =>
      c.ws.once('message', () => {
        n++;
        if (n === 1) {
          c.ws.send(JSON.stringify(configMessage(3)));
          setTimeout(() => c.ws.terminate(), 100);
        }
      });
    start();
    await panel.until('a second connection', () => panel.connections.length >= 2 && panel.connections[1].messages.length > 0);
    expect(panel.connections[1].messages[0]).toMatchObject({ type: 'hello', revision: 3 });
    expect(logs.some((l) => l.startsWith(`lost the panel at ${panel.url}`) && l.endsWith('trying again'))).toBe(true);
  });

  it('cycles through panelUrls while a panel is unreachable', async () => {
    const dead = await FakePanel.start();
    const deadUrl = dead.url;
    await dead.close();
    start({ enrolment: enrolment([deadUrl, panel.url]) });
    await panel.until('hello on the second URL', () => panel.message('hello'));
    expect(logs.some((l) => l.startsWith(`cannot reach the panel at ${deadUrl} (ECONNREFUSED)`))).toBe(true);
  });

  it('says each reason a URL fails for once, not on every retry', async () => {
    const dead = await FakePanel.start();
    await dead.close();
    const other = await FakePanel.start();
    await other.close();
    start({ enrolment: enrolment([dead.url, other.url]) });
    await new Promise((r) => setTimeout(r, 400));
    const failures = logs.filter((l) => l.startsWith('cannot reach'));
    expect(failures).toEqual([
      `cannot reach the panel at ${dead.url} (ECONNREFUSED); trying again`,
      `cannot reach the panel at ${other.url} (ECONNREFUSED); trying again`,
    ]);
  });

  it("keeps trying the enrolment's URL when a config names only others (the panel's public name, its mesh address)", async () => {
    const dead = await FakePanel.start();
    await dead.close();
    let n = 0;
    panel.onConnection = (c) =>
      c.ws.once('message', () => {
        if (++n === 1) {
          c.ws.send(JSON.stringify(configMessage(3, { panelUrls: [dead.url] })));
          setTimeout(() => c.ws.terminate(), 100);
        }
      });
    start();
    await panel.until('a second connection', () => panel.connections.length >= 2 && panel.connections[1].messages.length > 0);
    expect(logs.some((l) => l.startsWith(`cannot reach the panel at ${dead.url}`))).toBe(true);
  });

  it('starts from a cached config with only the host peer, and the first config replaces it', async () => {
    state.writeLastConfig(configMessage(5, { panelUrls: [panel.url] }));
    let release: () => void = () => undefined;
    const sendConfig = new Promise<void>((r) => (release = r));
    panel.onConnection = (c) => c.ws.once('message', () => void sendConfig.then(() => c.ws.send(JSON.stringify(configMessage(6)))));
    start({ offlineAfterMs: 200 });
    await panel.until('hello', () => panel.message('hello'));
    expect(panel.message('hello')?.revision).toBe(0);
    expect(driver.applied.map((c) => c.config)).toEqual(['host-only HOST']);
    expect(state.readApplied()).toMatchObject({ mode: 'host-only', revision: 5 });
    release();
    await panel.until('applied 6', () => panel.message('applied'));
    expect(driver.applied.map((c) => [c.revision, c.config.startsWith('host-only')])).toEqual([
      [5, true],
      [6, false],
    ]);
    // The offline fallback never fires once the panel has spoken.
    await new Promise((r) => setTimeout(r, 300));
    expect(driver.applied).toHaveLength(2);
    expect(logs.join('\n')).toContain('only the panel host as peer');
  });

  it('runs the cached full config only after the panel stayed unreachable for offlineAfterMs', async () => {
    const dead = await FakePanel.start();
    await dead.close();
    state.writeLastConfig(configMessage(5, { panelUrls: [dead.url] }));
    const started = Date.now();
    start({ enrolment: enrolment([dead.url]), offlineAfterMs: 300 });
    await panel.until('the cached config', () => driver.applied.length === 2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(driver.applied[0].config).toBe('host-only HOST');
    expect(driver.applied[1]).toEqual(configMessage(5, { panelUrls: [dead.url] }));
    expect(state.readApplied()).toMatchObject({ mode: 'cached', revision: 5 });
    expect(logs.filter((l) => l.includes('unreachable for'))).toEqual([
      'the panel has been unreachable for 0 s: running the cached revision 5 (2 peers)',
    ]);
  });

  it('on removed: takes the interface down, deletes the cached config, prints the message and ends with 1', async () => {
    panel.onConnection = (c) =>
      c.ws.once('message', () => {
        c.ws.send(JSON.stringify(configMessage(2)));
        setTimeout(() => {
          c.ws.send(JSON.stringify({ type: 'removed', reason: 'removed', message: 'Anna removed this device from family.' }));
          c.ws.close(MESH_AGENT_CLOSE_REMOVED, 'removed');
        }, 100);
      });
    const { exit } = start();
    await expect(exit).resolves.toBe(1);
    expect(driver.events).toContain('down');
    expect(state.readLastConfig()).toBeNull();
    expect(state.readApplied()).toBeNull();
    expect(logs.join('\n')).toContain('removed by the panel: Anna removed this device from family.');
    expect(panel.connections).toHaveLength(1);
  });

  it('on blocked: interface down and cache deleted, then it keeps asking and joins again once unblocked', async () => {
    let blocked = true;
    panel.onConnection = (c) =>
      c.ws.once('message', () => {
        if (!blocked) return c.ws.send(JSON.stringify(configMessage(9)));
        c.ws.send(JSON.stringify({ type: 'removed', reason: 'blocked', message: 'Anna blocked this device in family.' }));
        c.ws.close(MESH_AGENT_CLOSE_REMOVED, 'blocked');
      });
    state.writeLastConfig(configMessage(5, { panelUrls: [panel.url] }));
    const { agent } = start({ blockedRetryMs: 50 });
    await until(() => panel.connections.length >= 2);
    expect(driver.events).toContain('down');
    expect(state.readLastConfig()).toBeNull();
    expect(logs.join('\n')).toContain('blocked by the panel: Anna blocked this device in family.');
    blocked = false;
    await until(() => state.readApplied()?.revision === 9);
    expect(logs.join('\n')).toContain('unblocked by the panel: joining the mesh again');
    agent.stop();
  });

  it('treats close code 4403 without a message as a removal too', async () => {
    state.writeLastConfig(configMessage(5, { panelUrls: [panel.url] }));
    panel.onConnection = (c) => c.ws.once('message', () => c.ws.close(MESH_AGENT_CLOSE_REMOVED));
    const { exit } = start();
    await expect(exit).resolves.toBe(1);
    expect(driver.events).toContain('down');
    expect(state.readLastConfig()).toBeNull();
  });

  it('on 4401: says the token is not accepted, stops retrying and ends with 1, leaving the interface', async () => {
    panel.onConnection = (c) => c.ws.close(MESH_AGENT_CLOSE_UNAUTHORIZED, 'unknown agent token');
    const { exit } = start();
    await expect(exit).resolves.toBe(1);
    const said = logs.join('\n');
    expect(said).toContain("does not accept this device's agent token (unknown agent token)");
    expect(said).toContain('enrol again with --invite');
    expect(said).not.toContain(TOKEN);
    expect(driver.events).not.toContain('down');
    await new Promise((r) => setTimeout(r, 150));
    expect(panel.connections).toHaveLength(1);
  });

  it('stop() (SIGTERM) ends with 0 and keeps the interface up with only the host peer (nobody to hear of a removal)', async () => {
    panel.onConnection = (c) => c.ws.once('message', () => c.ws.send(JSON.stringify(configMessage(1))));
    const { agent, exit } = start();
    await panel.until('applied', () => panel.message('applied'));
    agent.stop();
    await expect(exit).resolves.toBe(0);
    expect(driver.events).not.toContain('down');
    expect(driver.events.slice(-2)).toEqual(['apply 1', 'close']);
    expect(driver.applied.map((c) => c.config)).toEqual([configMessage(1).config, 'host-only HOST']);
    expect(state.readApplied()).toMatchObject({ mode: 'host-only' });
    expect(state.readLastConfig()?.revision).toBe(1);
    expect(logs).toContain('clan-wg keeps only the panel host as peer until the agent runs again');
  });

  it('with a cache, the interface runs only the host peer before the agent says hello', async () => {
    state.writeLastConfig(configMessage(5, { panelUrls: [panel.url] }));
    driver.applyDelayMs = 150;
    start();
    await panel.until('hello', () => panel.message('hello'));
    expect(driver.applied.map((c) => c.config)).toEqual(['host-only HOST']);
  });

  it('never logs the agent token', async () => {
    panel.onConnection = (c) => c.ws.once('message', () => c.ws.send(JSON.stringify(configMessage(1))));
    const { agent, exit } = start();
    await panel.until('status', () => panel.message('status'));
    agent.stop();
    await exit;
    expect(logs.join('\n')).not.toContain(TOKEN);
  });
});

describe('agentSocketUrl', () => {
  it('turns the panel URL into the agent WebSocket URL', () => {
    expect(agentSocketUrl('http://10.0.0.1:8080')).toBe('ws://10.0.0.1:8080/api/mesh/agent');
    expect(agentSocketUrl('https://panel.example.org/')).toBe('wss://panel.example.org/api/mesh/agent');
    expect(agentSocketUrl('http://[fd00::1]:8080')).toBe('ws://[fd00::1]:8080/api/mesh/agent');
  });
});

describe('Backoff', () => {
  it('grows from the start to the cap, with jitter in the upper half', () => {
    const low = new Backoff(250, 5000, () => 0);
    expect([1, 2, 3, 4, 5, 6, 7].map(() => low.next())).toEqual([125, 250, 500, 1000, 2000, 2500, 2500]);
    const high = new Backoff(250, 5000, () => 1);
    expect([1, 2, 3].map(() => high.next())).toEqual([250, 500, 1000]);
    high.reset();
    expect(high.next()).toBe(250);
  });
});
