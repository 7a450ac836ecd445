import { parseAgentMessage } from './agent-messages';
import { agentTokenHash, agentTokenOf, newAgentToken } from './agent-token';

describe('parseAgentMessage', () => {
  const hello = { type: 'hello', protocol: 1, version: '0.1.0', revision: 3, interfaceName: 'clan-wg', platform: 'linux' };

  it('takes the three messages of the protocol, field by field', () => {
    expect(parseAgentMessage(JSON.stringify({ ...hello, extra: 'dropped' }))).toEqual({ ok: true, message: hello });
    expect(parseAgentMessage('{"type":"applied","revision":4,"error":null,"ms":12}')).toEqual({
      ok: true,
      message: { type: 'applied', revision: 4, error: null, ms: 12 },
    });
    const peer = { publicKey: 'k', latestHandshake: null, endpoint: '198.51.100.1:51820', rxBytes: 0, txBytes: 5 };
    expect(parseAgentMessage(JSON.stringify({ type: 'status', revision: 4, peers: [peer] }))).toEqual({
      ok: true,
      message: { type: 'status', revision: 4, peers: [peer] },
    });
  });

  it('answers garbage with a sentence, never a throw', () => {
    const problem = (text: string) => {
      const parsed = parseAgentMessage(text);
      return parsed.ok ? null : parsed.problem;
    };
    expect(problem('not json')).toBe('Messages are JSON objects (docs/mesh-agent.md).');
    expect(problem('[]')).toBe('Messages are JSON objects (docs/mesh-agent.md).');
    expect(problem('{"type":"toString"}')).toBe('Unknown message type: an agent sends hello, applied or status.');
    expect(problem('{"type":"__proto__"}')).toBe('Unknown message type: an agent sends hello, applied or status.');
    expect(problem(JSON.stringify({ ...hello, interfaceName: 'a'.repeat(16) }))).toBe(
      'hello needs interfaceName (1–15 letters, digits, "_", "." or "-").',
    );
    expect(problem(JSON.stringify({ ...hello, revision: -1 }))).toBe('hello needs revision (a whole number ≥ 0).');
    expect(problem('{"type":"applied","revision":1,"error":7,"ms":1}')).toBe('applied needs error (null or a sentence).');
    expect(problem(JSON.stringify({ type: 'status', revision: 1, peers: [{ publicKey: 1 }] }))).toBe(
      'status: each peer is { publicKey, latestHandshake, endpoint, rxBytes, txBytes }.',
    );
    expect(problem(JSON.stringify({ type: 'status', revision: 1, peers: new Array(1025).fill(null) }))).toBe(
      'status needs peers (a list of at most 1024).',
    );
  });
});

describe('agent tokens', () => {
  it('are clanag_ + 32 random bytes, read from a Bearer header, stored as SHA-256 hex', () => {
    const token = newAgentToken();
    expect(token).toMatch(/^clanag_[A-Za-z0-9_-]{43}$/);
    expect(newAgentToken()).not.toBe(token);
    expect(agentTokenOf(`Bearer ${token}`)).toBe(token);
    expect(agentTokenOf(`bearer ${token} `)).toBe(token);
    expect(agentTokenOf(undefined)).toBeNull();
    expect(agentTokenOf('Bearer clan_personal_token')).toBeNull();
    expect(agentTokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});
