import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isWireGuardKey, isYggdrasilPublicKey, wireGuardPublicKey, yggdrasilPublicKey } from '@clan/vpn';
import { enrolWithInvite, hostnameLabel, parseInvite } from './enrol';
import { AgentState } from './state';

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz012-_9';

describe('parseInvite', () => {
  it('takes the join link (the panel is its origin) or a bare token', () => {
    expect(parseInvite(`https://panel.example.org/join/${TOKEN}`)).toEqual({ token: TOKEN, panelUrl: 'https://panel.example.org' });
    expect(parseInvite(`http://10.0.0.1:8080/join/${TOKEN}?x=1`)).toEqual({ token: TOKEN, panelUrl: 'http://10.0.0.1:8080' });
    expect(parseInvite(` ${TOKEN} `)).toEqual({ token: TOKEN, panelUrl: null });
  });

  it('says what an invite looks like when it is not one', () => {
    expect(() => parseInvite('hello')).toThrow('neither an invite link (https://<panel>/join/<token>) nor its 32-character token');
    expect(() => parseInvite('https://panel.example.org/join/short')).toThrow('is not an invite link');
  });
});

describe('hostnameLabel', () => {
  it('makes a DNS label of the host name', () => {
    expect(hostnameLabel('Annas-Laptop.local')).toBe('annas-laptop');
    expect(hostnameLabel('my_box 2')).toBe('my-box-2');
    expect(hostnameLabel('---')).toBe('device');
  });
});

describe('enrolWithInvite', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'clan-enrol-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function fakePanel(kind: string, seen: { url: string; body?: unknown }[]): typeof fetch {
    return (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
      seen.push({ url, body });
      if (url.endsWith(`/api/mesh/invites/${TOKEN}`)) return Response.json({ network: 'family', layer: { kind } });
      if (url.endsWith('/api/mesh/agents/enrol')) {
        return Response.json(
          { networkId: 'n1', network: 'family', peer: body?.['name'], layer: kind, agentToken: 'secret', panelUrls: ['http://p:1'] },
          { status: 201 },
        );
      }
      return Response.json({ code: 'NOT_FOUND', message: 'No such route.' }, { status: 404 });
    }) as typeof fetch;
  }

  it.each([
    ['wireguard', (pub: string) => isWireGuardKey(pub), (priv: string) => wireGuardPublicKey(priv)],
    ['yggdrasil', (pub: string) => isYggdrasilPublicKey(pub), (priv: string) => yggdrasilPublicKey(priv)],
  ])('makes a %s key pair, keeps the private key in private.key (0600) and sends only the public key', async (kind, isPublic, publicOf) => {
    const seen: { url: string; body?: unknown }[] = [];
    const state = new AgentState(join(dir, 'state'));
    const e = await enrolWithInvite(fakePanel(kind, seen), state, 'http://p:1', TOKEN, { name: 'laptop', groups: ['kids'] });
    expect(e.agentToken).toBe('secret');
    const privateKey = readFileSync(state.path('private.key'), 'utf8').trim();
    expect(statSync(state.path('private.key')).mode & 0o777).toBe(0o600);
    const body = seen[1].body as Record<string, unknown>;
    expect(body).toEqual({ invite: TOKEN, name: 'laptop', groups: ['kids'], publicKey: publicOf(privateKey) });
    expect(isPublic(body['publicKey'] as string)).toBe(true);
    expect(JSON.stringify(seen)).not.toContain(privateKey);
  });

  it("turns a refused invite into the panel's sentence", async () => {
    const state = new AgentState(join(dir, 'state'));
    const refusing = (async () =>
      Response.json({ code: 'INVITE_USED', message: 'This invite was already used.' }, { status: 410 })) as typeof fetch;
    await expect(enrolWithInvite(refusing, state, 'http://p:1', TOKEN, { name: 'laptop' })).rejects.toThrow(
      'This invite was already used.',
    );
  });
});
