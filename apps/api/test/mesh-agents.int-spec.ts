import { NetworkRole, MESH_AGENT_PROTOCOL, MESH_AGENT_WS_PATH } from '@clan/contracts';
import { generateWireGuardKeyPair, interfaceAddresses } from '@clan/vpn';
import { NetnsLab, requireLabTools } from '@clan/vpn/testing';
import WebSocket from 'ws';
import { addMember, createNetwork, createToken, createUser, dataSourceOf, uniq } from './fixtures/db';
import { startTestPanel, TestClient, type TestPanel } from './harness';

/**
 * The panel side of the mesh device agent (docs/vpn.md, "Device agent") on
 * real Postgres and Redis, with agents simulated in this process by a `ws`
 * client speaking the protocol (libs/contracts mesh-agent.ts): enrolment by
 * invite and by token, config first after hello, the push of every change
 * with `applied`, a removal's cut (one agent acks, one stays silent, one is
 * offline), block and unblock, groups in rules, a member's removal, bad
 * tokens and garbage. The last part runs the panel inside the mesh on real
 * WireGuard in network namespaces (needs root, iproute2, wireguard-go,
 * wireguard-tools; fails naming them when missing).
 */

jest.setTimeout(60_000);

interface ConfigMessage {
  type: 'config';
  revision: number;
  network: string;
  peer: string;
  layer: string;
  config: string;
  addresses: string[];
  listenPort: number | null;
  hostPublicKey: string | null;
  dns: { servers: string[]; domain: string } | null;
  firewall: string | null;
  panelUrls: string[];
}
interface RemovedMessage {
  type: 'removed';
  reason: 'removed' | 'blocked';
  message: string;
}
type ServerMessage = ConfigMessage | RemovedMessage;
interface Enrolment {
  networkId: string;
  network: string;
  peer: string;
  layer: string;
  agentToken: string;
  panelUrls: string[];
}
interface Cut {
  host: boolean;
  online: number;
  applied: number;
  pending: string[];
  offline: string[];
  summary: string;
}
interface PeerView {
  name: string;
  kind: string;
  ipv4: string | null;
  ipv6: string | null;
  publicKey: string;
  revoked: boolean;
  blocked: boolean;
  groups: string[];
  syncedRevision: number;
  agent: {
    online: boolean;
    version: string | null;
    lastSeen: string | null;
    appliedRevision: number;
    error: string | null;
    peers: { name: string | null; publicKey: string; lastHandshake: string | null }[];
  } | null;
}

/** A device agent as the protocol has it: hello first, then `applied` for every config (unless told to stay silent). */
class FakeAgent {
  readonly received: ServerMessage[] = [];
  /** Answer every config with applied. */
  autoApply = true;
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly waiters: { test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      this.received.push(message);
      if (message.type === 'config' && this.autoApply) this.send({ type: 'applied', revision: message.revision, error: null, ms: 3 });
      for (const w of [...this.waiters]) {
        if (w.test(message)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(message);
        }
      }
    });
  }

  static async open(baseUrl: string, token: string | null, headers: Record<string, string> = {}): Promise<FakeAgent> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${MESH_AGENT_WS_PATH}`, {
      headers: token ? { authorization: `Bearer ${token}`, ...headers } : headers,
    });
    const agent = new FakeAgent(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return agent;
  }

  /** Connects and says hello; resolves with the first message (config or removed). */
  static async connect(baseUrl: string, token: string, revision = 0): Promise<{ agent: FakeAgent; first: ServerMessage }> {
    const agent = await FakeAgent.open(baseUrl, token);
    const first = agent.next(() => true);
    agent.send({
      type: 'hello',
      protocol: MESH_AGENT_PROTOCOL,
      version: '0.1.0-test',
      revision,
      interfaceName: 'clan-wg',
      platform: 'linux',
    });
    return { agent, first: await first };
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  next(test: (m: ServerMessage) => boolean, timeoutMs = 30_000): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such message within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        test,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** The next config at or above `revision`. */
  config(revision: number, timeoutMs?: number): Promise<ConfigMessage> {
    return this.next((m) => m.type === 'config' && m.revision >= revision, timeoutMs) as Promise<ConfigMessage>;
  }

  close(): void {
    this.socket.close();
  }
}

describe('mesh device agents (panel side, simulated agents)', () => {
  let t: TestPanel;
  let host: TestClient;
  let hostUserId: string;
  const agents: FakeAgent[] = [];

  beforeAll(async () => {
    t = await startTestPanel();
    const admin = await createUser(dataSourceOf(t), { username: `host-${uniq()}`, isHostAdmin: true });
    hostUserId = admin.id;
    host = new TestClient(t.baseUrl);
    host.bearer = (await createToken(dataSourceOf(t), admin.id)).token;
  });
  afterAll(async () => {
    for (const a of agents) a.close();
    await t?.close();
  });

  const newNetwork = async () => {
    const network = await createNetwork(dataSourceOf(t), `agents-${uniq()}`);
    return { id: network.id, name: network.name };
  };
  const invite = async (networkId: string, body: Record<string, unknown> = {}): Promise<string> => {
    const res = await host.post<{ token: string }>(`/api/networks/${networkId}/mesh/invites`, body);
    expect(res.status).toBe(201);
    return res.body.token;
  };
  let endpoints = 0;
  /** Enrols by token; every device has an endpoint, so each one's config lists all the others (no relay needed). */
  const enrol = async (networkId: string, name: string, groups?: string[]): Promise<Enrolment & { publicKey: string }> => {
    const { publicKey } = generateWireGuardKeyPair();
    const endpoint = `198.51.100.${(endpoints++ % 250) + 1}:51820`;
    const res = await host.post<Enrolment>(`/api/networks/${networkId}/mesh/agents`, {
      name,
      publicKey,
      endpoint,
      ...(groups ? { groups } : {}),
    });
    expect([name, res.status]).toEqual([name, 201]);
    return { ...res.body, publicKey };
  };
  const connect = async (token: string, revision = 0) => {
    const connected = await FakeAgent.connect(t.baseUrl, token, revision);
    agents.push(connected.agent);
    return connected;
  };
  const meshOf = async (networkId: string) => {
    const res = await host.get<{ revision: number; peers: PeerView[]; removals: { name: string; stillTrustedBy: string[] }[] }>(
      `/api/networks/${networkId}/mesh`,
    );
    expect(res.status).toBe(200);
    return res.body;
  };
  const peerOf = async (networkId: string, name: string) => (await meshOf(networkId)).peers.find((p) => p.name === name && !p.revoked);

  describe('enrolment', () => {
    it('by invite: the device joins with its own key, owned by the invite, and gets a token shown once', async () => {
      const net = await newNetwork();
      const token = await invite(net.id);
      const { publicKey } = generateWireGuardKeyPair();
      const res = await new TestClient(t.baseUrl).post<Enrolment>('/api/mesh/agents/enrol', {
        invite: token,
        name: 'anna-laptop',
        publicKey,
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        networkId: net.id,
        network: net.name,
        peer: 'anna-laptop',
        layer: 'wireguard',
        agentToken: expect.stringMatching(/^clanag_[A-Za-z0-9_-]{43}$/),
        panelUrls: [t.baseUrl],
      });
      const rows: { agent_token_hash: string; owner_user_id: string; public_key: string }[] = await dataSourceOf(t).query(
        'SELECT agent_token_hash, owner_user_id, public_key FROM mesh_peers WHERE network_id = $1 AND name = $2',
        [net.id, 'anna-laptop'],
      );
      expect(rows).toEqual([
        { agent_token_hash: expect.stringMatching(/^[0-9a-f]{64}$/), owner_user_id: hostUserId, public_key: publicKey },
      ]);
      expect(rows[0].agent_token_hash).not.toContain(res.body.agentToken);
      const peer = await peerOf(net.id, 'anna-laptop');
      expect(peer).toMatchObject({ panelHoldsKey: false, agent: { online: false, version: null, appliedRevision: 0 } });
    });

    it('answers a used invite, a bad key and a taken name in sentences (the invite stays usable after the last two)', async () => {
      const net = await newNetwork();
      const anonymous = new TestClient(t.baseUrl);
      const token = await invite(net.id);
      const badKey = await anonymous.post('/api/mesh/agents/enrol', { invite: token, name: 'phone', publicKey: 'not-a-key' });
      expect(badKey.status).toBe(400);
      expect(JSON.stringify(badKey.body)).toMatch(/publicKey/);
      await enrol(net.id, 'taken');
      const taken = await anonymous.post('/api/mesh/agents/enrol', {
        invite: token,
        name: 'taken',
        publicKey: generateWireGuardKeyPair().publicKey,
      });
      expect(taken.status).toBe(409);
      expect(taken.body.message).toBe('This network already has a peer named "taken"; pick another name or remove that one first.');
      const ok = await anonymous.post('/api/mesh/agents/enrol', {
        invite: token,
        name: 'phone',
        publicKey: generateWireGuardKeyPair().publicKey,
      });
      expect(ok.status).toBe(201);
      const used = await anonymous.post('/api/mesh/agents/enrol', {
        invite: token,
        name: 'phone2',
        publicKey: generateWireGuardKeyPair().publicKey,
      });
      expect(used.status).toBe(410);
      expect(used.body.message).toBe('This invite has already been used; ask for a new one.');
      const malformed = await anonymous.post('/api/mesh/agents/enrol', { invite: 'short', name: 'x', publicKey: 'y' });
      expect(malformed.status).toBe(400);
    });

    it('by token: owned by the caller, with groups; Member.Manage only', async () => {
      const net = await newNetwork();
      const e = await enrol(net.id, 'office-server', ['office']);
      expect(e.panelUrls).toEqual([t.baseUrl]);
      expect(await peerOf(net.id, 'office-server')).toMatchObject({ groups: ['office'], blocked: false });
      const viewer = await createUser(dataSourceOf(t), { username: `viewer-${uniq()}` });
      await addMember(dataSourceOf(t), net.id, viewer.id, NetworkRole.Viewer);
      const client = new TestClient(t.baseUrl);
      client.bearer = (await createToken(dataSourceOf(t), viewer.id)).token;
      const refused = await client.post(`/api/networks/${net.id}/mesh/agents`, {
        name: 'x',
        publicKey: generateWireGuardKeyPair().publicKey,
      });
      expect(refused.status).toBe(403);
      const badGroup = await host.post(`/api/networks/${net.id}/mesh/agents`, {
        name: 'y',
        publicKey: generateWireGuardKeyPair().publicKey,
        groups: ['Not A Group'],
      });
      expect(badGroup.status).toBe(400);
    });
  });

  describe('the WebSocket', () => {
    it('answers hello with the config first: syncconf without the private key, addresses, no DNS without a host interface', async () => {
      const net = await newNetwork();
      const a = await enrol(net.id, 'alpha');
      const b = await enrol(net.id, 'bravo');
      const { first } = await connect(a.agentToken);
      expect(first.type).toBe('config');
      const config = first as ConfigMessage;
      const mesh = await meshOf(net.id);
      expect(config).toMatchObject({
        revision: mesh.revision,
        network: net.name,
        peer: 'alpha',
        layer: 'wireguard',
        dns: null,
        hostPublicKey: null,
      });
      expect(config.config).toContain('PrivateKey = {{PRIVATE_KEY}}');
      expect(config.config).toContain(`PublicKey = ${b.publicKey}`);
      expect(config.config).not.toContain('Address');
      const alpha = mesh.peers.find((p) => p.name === 'alpha')!;
      expect(config.addresses[0]).toBe(`${alpha.ipv4}/24`);
      expect(config.addresses).toHaveLength(2);
      expect(config.panelUrls).toEqual([t.baseUrl]);
      // The agent's default rules: nobody is given anything on it but admins' SSH; the table is for its interface.
      expect(config.firewall).toContain('table inet clan_reach');
      expect(config.firewall).toContain('iifname != "clan-wg" return');
      // The apply counts as the device's sync; the Mesh tab shows the agent.
      await waitFor(async () => (await peerOf(net.id, 'alpha'))?.agent?.appliedRevision === mesh.revision);
      expect(await peerOf(net.id, 'alpha')).toMatchObject({
        syncedRevision: mesh.revision,
        agent: { online: true, version: '0.1.0-test', error: null },
      });
    });

    it('pushes every change to the connected agents, which answer applied; status reports show with names', async () => {
      const net = await newNetwork();
      const a = await enrol(net.id, 'alpha');
      const b = await enrol(net.id, 'bravo');
      const { agent } = await connect(a.agentToken);
      const pushed = agent.config((await meshOf(net.id)).revision + 1);
      const c = await enrol(net.id, 'charlie');
      expect((await pushed).config).toContain(`PublicKey = ${c.publicKey}`);
      agent.send({
        type: 'status',
        revision: (await pushed).revision,
        peers: [
          { publicKey: b.publicKey, latestHandshake: 1_800_000_000, endpoint: null, rxBytes: 1, txBytes: 2 },
          { publicKey: 'unknown-key', latestHandshake: null, endpoint: null, rxBytes: 0, txBytes: 0 },
        ],
      });
      await waitFor(async () => ((await peerOf(net.id, 'alpha'))?.agent?.peers.length ?? 0) === 2);
      expect((await peerOf(net.id, 'alpha'))!.agent!.peers).toEqual([
        { name: 'bravo', publicKey: b.publicKey, lastHandshake: new Date(1_800_000_000_000).toISOString() },
        { name: null, publicKey: 'unknown-key', lastHandshake: null },
      ]);
      // An error on the device is shown, and the device counts as not synced.
      agent.autoApply = false;
      const next = agent.config((await pushed).revision + 1);
      await enrol(net.id, 'delta');
      const failing = await next;
      agent.send({ type: 'applied', revision: failing.revision, error: 'wg: Operation not permitted', ms: 2 });
      await waitFor(async () => (await peerOf(net.id, 'alpha'))?.agent?.error === 'wg: Operation not permitted');
      expect((await peerOf(net.id, 'alpha'))!.syncedRevision).toBeLessThan(failing.revision);
    });

    it("a removal's cut: one agent acks, one stays silent, one is offline; the removed agent is told and closed with 4403", async () => {
      const net = await newNetwork();
      const [acks, silent, offline, removed] = [
        await enrol(net.id, 'acks'),
        await enrol(net.id, 'silent'),
        await enrol(net.id, 'offline'),
        await enrol(net.id, 'removed'),
      ];
      const ackConnected = await connect(acks.agentToken);
      expect((ackConnected.first as ConfigMessage).config).toContain(`PublicKey = ${removed.publicKey}`);
      const ackAgent = ackConnected.agent;
      const silentAgent = (await connect(silent.agentToken)).agent;
      const removedAgent = (await connect(removed.agentToken)).agent;
      silentAgent.autoApply = false;
      const before = (await meshOf(net.id)).revision;

      const started = Date.now();
      const dropped = ackAgent.config(before + 1).then((m) => ({ m, ms: Date.now() - started }));
      const silentGot = silentAgent.config(before + 1).then((m) => ({ m, ms: Date.now() - started }));
      const told = removedAgent.next((m) => m.type === 'removed');
      const res = await host.delete<PeerView & { cut: Cut }>(`/api/networks/${net.id}/mesh/devices/removed`);
      expect(res.status).toBe(200);
      // Within 2 s of the request the others have dropped the key (the push starts beside the host and machines).
      for (const got of [await dropped, await silentGot]) {
        expect(got.m.config).not.toContain(removed.publicKey);
        expect(got.ms).toBeLessThan(2000);
      }
      expect(res.body).toMatchObject({ name: 'removed', revoked: true });
      expect(res.body.cut).toEqual({
        host: false,
        online: 2,
        applied: 1,
        pending: ['silent'],
        offline: ['offline'],
        summary: 'Cut on 1 of 2 online devices, 1 pending (silent), 1 offline (will be cut on reconnect).',
      });
      expect(await told).toEqual({
        type: 'removed',
        reason: 'removed',
        message: 'removed was removed from this network; enrol it again to rejoin.',
      });
      expect((await removedAgent.closed).code).toBe(4403);
      // The removals view: the acking agent has picked it up; the silent and offline ones still trust the key.
      const removal = (await meshOf(net.id)).removals.find((r) => r.name === 'removed')!;
      expect(removal.stillTrustedBy.sort()).toEqual(['offline', 'silent']);

      // The offline device reconnects: the new config comes first, without the removed key.
      const back = await connect(offline.agentToken, before);
      expect(back.first.type).toBe('config');
      expect((back.first as ConfigMessage).config).not.toContain(removed.publicKey);
      // The removed device's token is refused with removed + 4403 from now on.
      const again = await FakeAgent.open(t.baseUrl, removed.agentToken);
      const message = await again.next(() => true);
      expect(message).toMatchObject({ type: 'removed', reason: 'removed' });
      expect((await again.closed).code).toBe(4403);
    });

    it('without agents the cut says so', async () => {
      const net = await newNetwork();
      expect((await host.post(`/api/networks/${net.id}/mesh/devices`, { name: 'phone' })).status).toBe(201);
      const res = await host.delete<{ cut: Cut }>(`/api/networks/${net.id}/mesh/devices/phone`);
      expect(res.body.cut).toEqual({
        host: false,
        online: 0,
        applied: 0,
        pending: [],
        offline: [],
        summary: 'No device runs the agent, and the host runs no interface.',
      });
    });

    it('block takes a device out everywhere but keeps its address and key; unblock brings it back', async () => {
      const net = await newNetwork();
      const watcher = await enrol(net.id, 'watcher');
      const kid = await enrol(net.id, 'kid');
      const watcherAgent = (await connect(watcher.agentToken)).agent;
      const kidAgent = (await connect(kid.agentToken)).agent;
      const before = (await peerOf(net.id, 'kid'))!;
      const rev = (await meshOf(net.id)).revision;

      const dropped = watcherAgent.config(rev + 1);
      const told = kidAgent.next((m) => m.type === 'removed');
      const blocked = await host.post<PeerView & { cut: Cut }>(`/api/networks/${net.id}/mesh/devices/kid/block`);
      expect(blocked.status).toBe(200);
      expect(blocked.body).toMatchObject({ name: 'kid', blocked: true, revoked: false, ipv4: before.ipv4, publicKey: kid.publicKey });
      expect(blocked.body.cut).toMatchObject({ online: 1, applied: 1, pending: [], offline: [], summary: 'Cut on 1 of 1 online device.' });
      expect((await dropped).config).not.toContain(kid.publicKey);
      expect(await told).toMatchObject({
        type: 'removed',
        reason: 'blocked',
        message: 'kid was blocked in this network; an admin can unblock it.',
      });
      expect((await kidAgent.closed).code).toBe(4403);
      // Blocked: no config for it, its token is refused, a second block is a 409.
      expect((await host.get(`/api/networks/${net.id}/mesh/devices/kid/config`)).status).toBe(404);
      const refused = await FakeAgent.open(t.baseUrl, kid.agentToken);
      expect(await refused.next(() => true)).toMatchObject({ type: 'removed', reason: 'blocked' });
      expect((await refused.closed).code).toBe(4403);
      const twice = await host.post(`/api/networks/${net.id}/mesh/devices/kid/block`);
      expect(twice.status).toBe(409);
      expect(twice.body.message).toBe('"kid" is already blocked; unblock it to let it back in.');

      const back = watcherAgent.config(rev + 2);
      const unblocked = await host.post<PeerView & { cut: Cut }>(`/api/networks/${net.id}/mesh/devices/kid/unblock`);
      expect(unblocked.status).toBe(200);
      expect(unblocked.body).toMatchObject({ blocked: false, ipv4: before.ipv4, publicKey: kid.publicKey });
      expect(unblocked.body.cut.summary).toBe('Applied on 1 of 1 online device.');
      expect((await back).config).toContain(kid.publicKey);
      const notBlocked = await host.post(`/api/networks/${net.id}/mesh/devices/kid/unblock`);
      expect(notBlocked.status).toBe(409);
      expect(notBlocked.body.message).toBe('"kid" is not blocked.');
      expect((await host.post(`/api/networks/${net.id}/mesh/devices/nobody/block`)).status).toBe(404);
    });

    it('refuses a bad token with 4401, and garbage with 1008; the panel stays up', async () => {
      const none = await FakeAgent.open(t.baseUrl, null);
      expect((await none.closed).code).toBe(4401);
      const unknown = await FakeAgent.open(t.baseUrl, `clanag_${'A'.repeat(43)}`);
      const closed = await unknown.closed;
      expect(closed).toEqual({ code: 4401, reason: 'This agent token is not known here: enrol the device again.' });

      const net = await newNetwork();
      const e = await enrol(net.id, 'noisy');
      for (const garbage of ['not json', '[1,2]', '{"type":"constructor"}', JSON.stringify({ type: 'status', revision: -1, peers: [] })]) {
        const agent = await FakeAgent.open(t.baseUrl, e.agentToken);
        agent.send({
          type: 'hello',
          protocol: MESH_AGENT_PROTOCOL,
          version: '1',
          revision: 0,
          interfaceName: 'clan-wg',
          platform: 'linux',
        });
        await agent.config(0);
        agent.send(garbage);
        expect([garbage, (await agent.closed).code]).toEqual([garbage, 1008]);
      }
      const early = await FakeAgent.open(t.baseUrl, e.agentToken);
      early.send({ type: 'status', revision: 0, peers: [] });
      expect(await early.closed).toEqual({ code: 1008, reason: 'Say hello first.' });
      const oldProtocol = await FakeAgent.open(t.baseUrl, e.agentToken);
      oldProtocol.send({ type: 'hello', protocol: 99, version: '9', revision: 0, interfaceName: 'clan-wg', platform: 'linux' });
      expect((await oldProtocol.closed).code).toBe(1008);
      const huge = await FakeAgent.open(t.baseUrl, e.agentToken);
      huge.send(`{"type":"status","x":"${'x'.repeat(300 * 1024)}"}`);
      expect((await huge.closed).code).toBe(1009);
      expect((await host.get('/api/health')).status).toBe(200);
      const fine = await connect(e.agentToken);
      expect(fine.first.type).toBe('config');
    });
  });

  describe('groups', () => {
    it('PATCH sets the groups of a peer (400 in sentences for bad ones), and rules with groups reach agent devices', async () => {
      const net = await newNetwork();
      const media = await enrol(net.id, 'media-box', ['media']);
      const admin = await enrol(net.id, 'admin-box');
      const kid = await enrol(net.id, 'kid-tablet');
      const mediaAgent = (await connect(media.agentToken)).agent;
      const adminAgent = (await connect(admin.agentToken)).agent;

      const bad = await host.patch(`/api/networks/${net.id}/mesh/peers/kid-tablet`, { groups: ['Kids'] });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('each group must be a lower-case word');
      expect((await host.patch(`/api/networks/${net.id}/mesh/peers/nobody`, { groups: [] })).status).toBe(404);
      const rev = (await meshOf(net.id)).revision;
      const pushed = mediaAgent.config(rev + 1);
      const patched = await host.patch<PeerView>(`/api/networks/${net.id}/mesh/peers/kid-tablet`, { groups: ['kids', 'kids'] });
      expect(patched.status).toBe(200);
      expect(patched.body.groups).toEqual(['kids']);
      await pushed;

      const badRules = await host.request('PUT', `/api/networks/${net.id}/mesh/rules`, {
        rules: [{ id: 'x', from: { groups: ['Kids!'] }, to: {}, ports: ['apps'] }],
      });
      expect(badRules.status).toBe(400);
      expect(JSON.stringify(badRules.body)).toContain('from.groups: \\"Kids!\\" is not a group name');

      const kidAddress = (await peerOf(net.id, 'kid-tablet'))!.ipv4!;
      const mediaConfig = mediaAgent.config(rev + 2);
      const adminConfig = adminAgent.config(rev + 2);
      const put = await host.request<{ allowances: Record<string, { port: number; sources: string[] }[]> }>(
        'PUT',
        `/api/networks/${net.id}/mesh/rules`,
        { rules: [{ id: 'kids-media', from: { groups: ['kids'] }, to: { groups: ['media'] }, ports: [{ port: 8096, protocol: 'tcp' }] }] },
      );
      expect(put.status).toBe(200);
      expect(put.body.allowances['media-box']).toEqual([{ protocol: 'tcp', port: 8096, sources: ['kid-tablet'], rules: ['kids-media'] }]);
      expect(put.body.allowances['admin-box']).toEqual([]);
      // The kid-tablet runs no agent here either, but it is an agent device: a target with nothing allowed.
      expect(put.body.allowances['kid-tablet']).toEqual([]);
      expect((await mediaConfig).firewall).toContain(`ip saddr ${kidAddress} tcp dport 8096 accept`);
      expect((await adminConfig).firewall).not.toContain(kidAddress);
      expect((await adminConfig).firewall).toContain('drop');
      void kid;
    });
  });

  describe('member removal', () => {
    it("revokes the member's devices and cancels the unused invites they made or that are for them", async () => {
      const net = await newNetwork();
      const member = await createUser(dataSourceOf(t), { username: `leaver-${uniq()}` });
      await addMember(dataSourceOf(t), net.id, member.id, NetworkRole.Admin);
      const memberClient = new TestClient(t.baseUrl);
      memberClient.bearer = (await createToken(dataSourceOf(t), member.id)).token;
      const own = await memberClient.post<Enrolment>(`/api/networks/${net.id}/mesh/agents`, {
        name: 'leaver-laptop',
        publicKey: generateWireGuardKeyPair().publicKey,
      });
      expect(own.status).toBe(201);
      const made = await memberClient.post<{ invite: { id: string } }>(`/api/networks/${net.id}/mesh/invites`, {});
      const forThem = await host.post<{ invite: { id: string } }>(`/api/networks/${net.id}/mesh/invites`, { ownerUserId: member.id });
      const unrelated = await host.post<{ invite: { id: string } }>(`/api/networks/${net.id}/mesh/invites`, {});
      const stays = await enrol(net.id, 'stays');
      const agent = (await connect(own.body.agentToken)).agent;
      const staysAgent = (await connect(stays.agentToken)).agent;
      const told = agent.next((m) => m.type === 'removed');
      const dropped = staysAgent.next((m) => m.type === 'config' && !m.config.includes('leaver'));

      const res = await host.delete(`/api/networks/${net.id}/members/${member.id}`);
      expect(res.status).toBe(204);
      expect(await told).toMatchObject({ type: 'removed', reason: 'removed' });
      expect((await agent.closed).code).toBe(4403);
      await dropped;
      const mesh = await meshOf(net.id);
      expect(mesh.peers.filter((p) => p.name === 'leaver-laptop').map((p) => p.revoked)).toEqual([true]);
      expect(mesh.peers.find((p) => p.name === 'stays')!.revoked).toBe(false);
      const invites = (await host.get<{ id: string; status: string }[]>(`/api/networks/${net.id}/mesh/invites`)).body;
      const status = (id: string) => invites.find((i) => i.id === id)!.status;
      expect([status(made.body.invite.id), status(forThem.body.invite.id), status(unrelated.body.invite.id)]).toEqual([
        'cancelled',
        'cancelled',
        'pending',
      ]);
    });
  });
});

describe('the panel inside the mesh (real WireGuard in namespaces)', () => {
  const lab = new NetnsLab();
  const UNDERLAY = '10.254.83';
  const hostNs = `${lab.id}-host`;
  const deviceNs = `${lab.id}-dev`;
  const ifname = `${lab.id}d`;
  let t: TestPanel;
  let host: TestClient;
  let networkId: string;

  beforeAll(async () => {
    requireLabTools();
    await lab.createUnderlay();
    await lab.addNamespace(hostNs);
    await lab.connect(hostNs, 'h', `${UNDERLAY}.1/24`);
    t = await startTestPanel({
      CLAN_MESH_HOST: 'true',
      CLAN_MESH_NETNS: hostNs,
      CLAN_MESH_ENDPOINT_HOST: `${UNDERLAY}.1`,
      CLAN_MESH_PANEL_PORT: '7781',
    });
    const admin = await createUser(dataSourceOf(t), { username: `host-${uniq()}`, isHostAdmin: true });
    host = new TestClient(t.baseUrl);
    host.bearer = (await createToken(dataSourceOf(t), admin.id)).token;
    networkId = (await createNetwork(dataSourceOf(t), `door-${uniq()}`)).id;
    lab.trackWireGuard(`clan${networkId.replace(/-/g, '').slice(0, 8)}`);
  });
  afterAll(async () => {
    await t?.close();
    await lab.cleanup();
  });

  it('serves HTTP and the agent WebSocket on the host mesh address, to a device inside the mesh', async () => {
    expect((await host.post(`/api/networks/${networkId}/mesh/devices`, { name: 'inside' })).status).toBe(201);
    const mesh = (await host.get<{ ipv4Cidr: string; ipv6Prefix: string; peers: PeerView[] }>(`/api/networks/${networkId}/mesh`)).body;
    const me = mesh.peers.find((p) => p.name === 'inside')!;
    const panelAddress = mesh.peers.find((p) => p.kind === 'host')!.ipv4!;
    await lab.addNamespace(deviceNs);
    await lab.connect(deviceNs, 'd', `${UNDERLAY}.2/24`);
    await lab.startWireGuard(deviceNs, ifname);
    const config = await host.get<string>(`/api/networks/${networkId}/mesh/devices/inside/config?format=syncconf`);
    expect(config.status).toBe(200);
    await lab.must('ip', ['netns', 'exec', deviceNs, 'wg', 'setconf', ifname, lab.secretFile('inside.conf', config.body)]);
    const [v4, v6] = interfaceAddresses({ ipv4Range: mesh.ipv4Cidr, ipv6Prefix: mesh.ipv6Prefix }, { ipv4: me.ipv4!, ipv6: me.ipv6! });
    await lab.must('ip', ['-n', deviceNs, 'addr', 'add', v4, 'dev', ifname]);
    await lab.must('ip', ['-n', deviceNs, 'addr', 'add', v6, 'dev', ifname, 'nodad']);
    await lab.must('ip', ['-n', deviceNs, 'link', 'set', ifname, 'up']);

    // An enrolment names the door last.
    const enrolled = await host.post<Enrolment>(`/api/networks/${networkId}/mesh/agents`, {
      name: 'agent-inside',
      publicKey: generateWireGuardKeyPair().publicKey,
    });
    expect(enrolled.body.panelUrls).toEqual([t.baseUrl, `http://${panelAddress}:7781`]);

    // From inside the device's namespace, over the mesh: an HTTP GET, then an agent's hello over the WebSocket.
    const script = `
      const http = require('node:http');
      const WebSocket = require(${JSON.stringify(require.resolve('ws'))});
      const base = process.argv[1];
      const token = process.argv[2];
      const fail = (e) => { console.log(JSON.stringify({ error: String(e && e.message || e) })); process.exit(1); };
      http.get(base + '/api/health', (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => {
          const socket = new WebSocket(base.replace('http', 'ws') + ${JSON.stringify(MESH_AGENT_WS_PATH)}, { headers: { authorization: 'Bearer ' + token } });
          socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', protocol: ${MESH_AGENT_PROTOCOL}, version: 't', revision: 0, interfaceName: 'clan-wg', platform: 'linux' })));
          socket.on('message', (m) => {
            const message = JSON.parse(String(m));
            console.log(JSON.stringify({ health: res.statusCode, body, first: message.type, panelUrls: message.panelUrls }));
            process.exit(0);
          });
          socket.on('error', fail);
        });
      }).on('error', fail);
      setTimeout(() => fail('timeout'), 15000);
    `;
    let result = { code: -1, stdout: '', stderr: '' };
    // The door starts listening once the host interface is up (right after the device was added); allow it a moment.
    await waitFor(async () => {
      result = await lab.exec(deviceNs, process.execPath, ['-e', script, `http://${panelAddress}:7781`, enrolled.body.agentToken]);
      return result.code === 0;
    }, 20_000);
    const out = JSON.parse(result.stdout.trim().split('\n').pop()!) as { health: number; first: string; panelUrls: string[] };
    expect(out).toMatchObject({ health: 200, first: 'config' });
    // Reached through the door, the agent is told the door's URL (and no other).
    expect(out.panelUrls).toEqual([`http://${panelAddress}:7781`]);

    // With a host interface, a removal's cut names the host; the agent that hung up is offline.
    const removed = await host.delete<{ cut: Cut }>(`/api/networks/${networkId}/mesh/devices/inside`);
    expect(removed.body.cut).toEqual({
      host: true,
      online: 0,
      applied: 0,
      pending: [],
      offline: ['agent-inside'],
      summary: 'No device with the agent is online, 1 offline (will be cut on reconnect).',
    });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
