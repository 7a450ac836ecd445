import type {
  MeshAgentAppliedMessage,
  MeshAgentClientMessage,
  MeshAgentHelloMessage,
  MeshAgentPeerState,
  MeshAgentStatusMessage,
} from '@clan/contracts';

/** A status report lists at most this many peers (the frame itself is bounded by the gateway's maxPayload). */
export const MAX_STATUS_PEERS = 1024;
const MAX_TEXT = 500;

/** What an agent sent, checked field by field; a sentence (fit for a close reason) when it is not a message of the protocol. */
export type ParsedAgentMessage = { ok: true; message: MeshAgentClientMessage } | { ok: false; problem: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isRevision = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isText = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function hello(m: Record<string, unknown>): MeshAgentHelloMessage | string {
  if (!Number.isSafeInteger(m['protocol'])) return 'hello needs protocol (a number).';
  if (!isText(m['version'], 40) || m['version'] === '') return 'hello needs version (clanctl version, at most 40 characters).';
  if (!isRevision(m['revision'])) return 'hello needs revision (a whole number ≥ 0).';
  if (!isText(m['interfaceName'], 15) || !/^[A-Za-z0-9_.-]{1,15}$/.test(m['interfaceName']))
    return 'hello needs interfaceName (1–15 letters, digits, "_", "." or "-").';
  if (!isText(m['platform'], 40)) return 'hello needs platform (at most 40 characters).';
  return {
    type: 'hello',
    protocol: m['protocol'] as number,
    version: m['version'],
    revision: m['revision'],
    interfaceName: m['interfaceName'],
    platform: m['platform'],
  };
}

function applied(m: Record<string, unknown>): MeshAgentAppliedMessage | string {
  if (!isRevision(m['revision'])) return 'applied needs revision (a whole number ≥ 0).';
  if (m['error'] !== null && !isText(m['error'], 4000)) return 'applied needs error (null or a sentence).';
  if (!isCount(m['ms'])) return 'applied needs ms (a number ≥ 0).';
  return { type: 'applied', revision: m['revision'], error: m['error'], ms: m['ms'] };
}

function peerState(p: unknown): MeshAgentPeerState | null {
  if (!isObject(p) || !isText(p['publicKey'], 128)) return null;
  const handshake = p['latestHandshake'];
  if (handshake !== null && !isCount(handshake)) return null;
  if (p['endpoint'] !== null && !isText(p['endpoint'], 262)) return null;
  if (!isCount(p['rxBytes']) || !isCount(p['txBytes'])) return null;
  return { publicKey: p['publicKey'], latestHandshake: handshake, endpoint: p['endpoint'], rxBytes: p['rxBytes'], txBytes: p['txBytes'] };
}

function status(m: Record<string, unknown>): MeshAgentStatusMessage | string {
  if (!isRevision(m['revision'])) return 'status needs revision (a whole number ≥ 0).';
  const peers = m['peers'];
  if (!Array.isArray(peers) || peers.length > MAX_STATUS_PEERS) return `status needs peers (a list of at most ${MAX_STATUS_PEERS}).`;
  const parsed = peers.map(peerState);
  if (parsed.some((p) => p === null)) return 'status: each peer is { publicKey, latestHandshake, endpoint, rxBytes, txBytes }.';
  return { type: 'status', revision: m['revision'], peers: parsed as MeshAgentPeerState[] };
}

/** Parses one text frame from an agent. Never throws. */
export function parseAgentMessage(text: string): ParsedAgentMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'Messages are JSON objects (docs/mesh-agent.md).' };
  }
  if (!isObject(value)) return { ok: false, problem: 'Messages are JSON objects (docs/mesh-agent.md).' };
  const parsers = { hello, applied, status };
  const type = value['type'];
  const parse = typeof type === 'string' && Object.hasOwn(parsers, type) ? parsers[type as keyof typeof parsers] : null;
  if (!parse) return { ok: false, problem: 'Unknown message type: an agent sends hello, applied or status.' };
  const result = parse(value);
  return typeof result === 'string' ? { ok: false, problem: result } : { ok: true, message: result };
}
