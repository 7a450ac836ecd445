import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliContext } from '../app/context';
import { runCli } from '../app/program';
import { Backoff } from '../agent/backoff';
import { AgentState } from '../agent/state';
import { configMessage, FakeDriver, FakePanel } from '../agent/testing/fake-panel';
import { FakeRunner } from '../agent/testing/fake-runner';
import { ExitCode } from '../lib/exit-codes';
import { fakeDeps } from '../testing/fake-deps';
import { meshDownCommand, type MeshRuntime, meshStatusCommand, meshUpCommand, parseGroups, parseOfflineAfter } from './mesh';

const INVITE = 'AbCdEfGhIjKlMnOpQrStUvWxYz012-_9';
const AGENT_TOKEN = 'agent-secret-token-abcdef';

describe('clanctl mesh', () => {
  let dir: string;
  let panel: FakePanel;
  let out: string[];
  let err: string[];
  let driver: FakeDriver;
  let seen: { url: string; body?: Record<string, unknown> }[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clan-mesh-cmd-'));
    panel = await FakePanel.start();
    out = [];
    err = [];
    driver = new FakeDriver();
    seen = [];
  });
  afterEach(async () => {
    await panel.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
    seen.push({ url, body });
    if (url.endsWith(`/api/mesh/invites/${INVITE}`)) return Response.json({ network: 'family', layer: { kind: 'wireguard' } });
    if (url.endsWith('/api/mesh/agents/enrol')) {
      return Response.json(
        // The panel believes it lives elsewhere; the URL that worked is tried first anyway.
        {
          networkId: 'n1',
          network: 'family',
          peer: body?.['name'],
          layer: 'wireguard',
          agentToken: AGENT_TOKEN,
          panelUrls: ['https://panel.example.org', 'http://10.100.0.1:8080'],
        },
        { status: 201 },
      );
    }
    return Response.json({ code: 'NOT_FOUND', message: 'No such route.' }, { status: 404 });
  }) as typeof fetch;

  function ctx(): CliContext {
    return new CliContext(fakeDeps(join(dir, 'config'), fakeFetch, out, err, { hostname: () => 'Annas-Laptop.fritz.box' }), {});
  }

  function runtime(): MeshRuntime & { stop: () => void } {
    let handler: () => void = () => undefined;
    return {
      runner: new FakeRunner(),
      version: '0.1.0',
      backoff: new Backoff(10, 50),
      statusIntervalMs: 50,
      driver: () => driver,
      onStopSignal(h) {
        handler = h;
        return () => (handler = () => undefined);
      },
      stop: () => handler(),
    };
  }

  it('mesh up --invite: enrols with a new key, stores the enrolment 0600, follows the panel and stops on SIGTERM with 0', async () => {
    panel.onConnection = (c) => c.ws.once('message', () => c.ws.send(JSON.stringify(configMessage(7))));
    const stateDir = join(dir, 'state');
    const rt = runtime();
    const exit = meshUpCommand(
      ctx(),
      { invite: `https://panel.example.org/join/${INVITE}`, panel: panel.url, stateDir, groups: 'kids,laptops' },
      rt,
    );
    await panel.until('applied', () => panel.message('applied'));
    rt.stop();
    await expect(exit).resolves.toBe(ExitCode.Ok);

    expect(seen.map((s) => s.url)).toEqual([`${panel.url}/api/mesh/invites/${INVITE}`, `${panel.url}/api/mesh/agents/enrol`]);
    expect(seen[1].body).toMatchObject({ invite: INVITE, name: 'annas-laptop', groups: ['kids', 'laptops'] });
    const state = new AgentState(stateDir);
    expect(state.readEnrolment()?.panelUrls).toEqual([panel.url, 'https://panel.example.org', 'http://10.100.0.1:8080']);
    expect(statSync(state.path('agent.json')).mode & 0o777).toBe(0o600);
    expect(statSync(state.path('private.key')).mode & 0o777).toBe(0o600);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    const said = err.join('');
    expect(said).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ enrolled as annas-laptop\.family\.clan \(wireguard\)/);
    expect(said).toContain('applied revision 7 (2 peers) in');
    expect(said).toContain('stopping (`clanctl mesh down` takes the interface down)');
    expect(said).toContain('clan-wg keeps only the panel host as peer until the agent runs again');
    expect(said).not.toContain(AGENT_TOKEN);
    expect(said).not.toContain(state.readPrivateKey() as string);
  });

  it('mesh up a second time uses the stored enrolment and says an invite is not used', async () => {
    const stateDir = join(dir, 'state');
    const rt = runtime();
    const first = meshUpCommand(ctx(), { invite: INVITE, panel: panel.url, stateDir, name: 'laptop' }, rt);
    await panel.until('hello', () => panel.message('hello'));
    rt.stop();
    await first;
    const rt2 = runtime();
    const second = meshUpCommand(ctx(), { invite: INVITE, panel: panel.url, stateDir }, rt2);
    await panel.until('a second hello', () => panel.message('hello', 1));
    rt2.stop();
    await expect(second).resolves.toBe(ExitCode.Ok);
    expect(seen).toHaveLength(2);
    expect(err.join('')).toContain('already enrolled as laptop in family: --invite/--network not used');
  });

  it('mesh up ends with 1 when the panel removes the device', async () => {
    panel.onConnection = (c) =>
      c.ws.once('message', () => {
        c.ws.send(JSON.stringify({ type: 'removed', reason: 'removed', message: 'An admin removed this device.' }));
        c.ws.close(4403);
      });
    const exit = meshUpCommand(ctx(), { invite: INVITE, panel: panel.url, stateDir: join(dir, 'state') }, runtime());
    await expect(exit).resolves.toBe(ExitCode.ApiError);
    expect(err.join('')).toContain('removed by the panel: An admin removed this device.');
  });

  it('says how to enrol when the state directory holds no enrolment', async () => {
    await expect(meshUpCommand(ctx(), { stateDir: join(dir, 'state') }, runtime())).rejects.toThrow(
      'holds no enrolment yet: give --invite <link> (or --network <network> with a login)',
    );
    await expect(meshUpCommand(ctx(), { stateDir: join(dir, 'state'), invite: INVITE }, runtime())).rejects.toThrow(
      '--invite: a bare token needs --panel <url>',
    );
    await expect(meshUpCommand(ctx(), { stateDir: join(dir, 'state'), network: 'family' }, runtime())).rejects.toThrow(
      '--network needs an API token for http://localhost:8080',
    );
  });

  it('mesh status and mesh down read the state directory and never show the token', async () => {
    const state = new AgentState(join(dir, 'state'));
    state.writeEnrolment({
      networkId: 'n1',
      network: 'family',
      peer: 'laptop',
      layer: 'wireguard',
      agentToken: AGENT_TOKEN,
      panelUrls: [panel.url],
    });
    state.writePrivateKey('unused');
    state.writeLastConfig(configMessage(7));
    state.writeApplied({ revision: 7, mode: 'full', interfaceName: 'clan-wg', appliedAt: '2025-11-23T11:59:00Z', peers: 2 });
    await meshStatusCommand(ctx(), { stateDir: state.dir }, runtime());
    const text = out.join('');
    expect(text).toContain('laptop.family.clan');
    expect(text).toContain('revision 7, 2 peers');
    expect(text).toMatch(/host\s+HOST…\s+192\.0\.2\.1:51820\s+\d+ s ago/);
    expect(text).not.toContain(AGENT_TOKEN);

    out.length = 0;
    await meshStatusCommand(
      new CliContext(fakeDeps(join(dir, 'config'), fakeFetch, out, err), { json: true }),
      { stateDir: state.dir },
      runtime(),
    );
    const json = JSON.parse(out.join('')) as Record<string, unknown>;
    expect(json).toMatchObject({ interface: 'clan-wg', up: true, cachedRevision: 7, peers: [{ publicKey: 'HOST', name: 'host' }] });
    expect(out.join('')).not.toContain(AGENT_TOKEN);

    out.length = 0;
    await meshDownCommand(ctx(), { stateDir: state.dir }, runtime());
    expect(driver.events).toContain('down');
    expect(state.readApplied()).toBeNull();
    expect(state.readEnrolment()?.peer).toBe('laptop');
    expect(out.join('')).toContain('clan-wg is down; the enrolment is kept');
  });

  it('is on the command line with its options', async () => {
    const help: string[] = [];
    const code = await runCli(['mesh', 'up', '--help'], fakeDeps(join(dir, 'config'), fakeFetch, help, err));
    expect(code).toBe(ExitCode.Ok);
    for (const option of [
      '--invite',
      '--network',
      '--name',
      '--panel',
      '--state-dir',
      '--interface',
      '--endpoint',
      '--groups',
      '--resolv-conf',
      '--offline-after',
    ]) {
      expect(help.join('')).toContain(option);
    }
  });
});

describe('mesh option parsing', () => {
  it('reads --offline-after and --groups', () => {
    expect(parseOfflineAfter(undefined)).toBe(30);
    expect(parseOfflineAfter('2.5')).toBe(2.5);
    expect(() => parseOfflineAfter('soon')).toThrow('--offline-after: "soon" must be a number of seconds');
    expect(parseGroups('a, b,,c')).toEqual(['a', 'b', 'c']);
    expect(() => parseGroups('Kids')).toThrow('--groups: "Kids" must be a group name');
  });
});
