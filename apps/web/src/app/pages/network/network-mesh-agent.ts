import { ago } from './network-mesh-format';

/**
 * Wording for a peer's device agent (docs/mesh-agent.md) in the Mesh tab:
 * whether it is connected, which mesh revision it applied compared with the
 * network's, and its own view of its handshakes. Pure functions of the API's
 * answer and `now`.
 */

/** MeshAgentStateDto as the tab reads it (the generated type makes the per-peer fields optional). */
export interface AgentLike {
  online: boolean;
  version: string | null;
  lastSeen: string | null;
  appliedRevision: number;
  error: string | null;
  peers: { name?: string | null; publicKey?: string; lastHandshake?: string | null }[];
}

export type AgentTone = 'online' | 'offline' | 'none';

export interface AgentSummary {
  tone: AgentTone;
  /** "Agent online", "Agent offline · last seen 5 min ago", "No agent (config file)". */
  text: string;
}

/** The agent badge: connected now, when it was last seen, or that the device runs a plain config file. */
export function agentSummary(agent: AgentLike | null | undefined, now: number): AgentSummary {
  if (!agent) return { tone: 'none', text: 'No agent (config file)' };
  if (agent.online) return { tone: 'online', text: 'Agent online' };
  return { tone: 'offline', text: agent.lastSeen ? `Agent offline · last seen ${ago(agent.lastSeen, now)}` : 'Agent offline · never seen' };
}

export interface RevisionLag {
  /** How many mesh changes the device has not applied yet (0 when up to date). */
  behind: number;
  /** "config up to date", "config 1 change behind", "config 2 changes behind", "no config yet". */
  text: string;
}

/**
 * The config revision a device applied against the network's. Revisions only
 * go up, one per change, so the difference counts the changes it has not
 * applied; a device ahead of a stale read of the mesh reads as up to date.
 */
export function revisionLag(applied: number, current: number): RevisionLag {
  if (applied <= 0 && current > 0) return { behind: current, text: 'no config yet' };
  const behind = Math.max(0, Math.floor(current) - Math.floor(applied));
  if (behind === 0) return { behind, text: 'config up to date' };
  return { behind, text: `config ${behind} ${behind === 1 ? 'change' : 'changes'} behind` };
}

export interface AgentPeerRow {
  /** The peer's name: the agent's, else the mesh's for that key, else the key's start. */
  name: string;
  handshake: string;
}

/**
 * The agent's own view of its handshakes, one row per peer, named from the
 * mesh when the agent only knew the key; never-seen peers last, then by name.
 */
export function agentPeerRows(agent: AgentLike, namesByKey: ReadonlyMap<string, string>, now: number): AgentPeerRow[] {
  return agent.peers
    .map((p) => {
      const key = p.publicKey ?? '';
      const name = p.name ?? namesByKey.get(key) ?? (key ? `${key.slice(0, 8)}…` : 'unknown peer');
      return { name, at: p.lastHandshake ?? null };
    })
    .sort((a, b) => Number(a.at === null) - Number(b.at === null) || a.name.localeCompare(b.name))
    .map(({ name, at }) => ({ name, handshake: at ? `last handshake ${ago(at, now)}` : 'no handshake yet' }));
}

/** MeshCutDto as the notice reads it. */
export interface CutLike {
  pending: readonly string[];
  offline: readonly string[];
  summary: string;
}

export interface CutNotice {
  /** "phone blocked." */
  title: string;
  /** The API's sentence: "Cut on 6 of 6 online devices, 1 offline (will be cut on reconnect)." */
  summary: string;
  /** Online devices that have not confirmed yet, sorted. */
  pending: string[];
  /** Devices that get the change when they reconnect, sorted. */
  offline: string[];
  /** Everyone connected has it: nothing to watch. */
  complete: boolean;
}

const CHANGE_WORDS = { removed: 'removed from the mesh', blocked: 'blocked', unblocked: 'unblocked' } as const;

/** What the page says after a removal, block or unblock: the API's summary and who has not got it yet. */
export function cutNotice(name: string, change: keyof typeof CHANGE_WORDS, cut: CutLike | null | undefined): CutNotice {
  const pending = [...(cut?.pending ?? [])].sort();
  const offline = [...(cut?.offline ?? [])].sort();
  return {
    title: `${name} ${CHANGE_WORDS[change]}.`,
    summary: cut?.summary ?? '',
    pending,
    offline,
    complete: pending.length === 0,
  };
}

/** Characters a shell leaves alone in a word; anything else gets the link single-quoted. */
const SHELL_SAFE = /^[A-Za-z0-9._~:/?#@%+=,-]+$/;

/** The one line that joins a computer with the agent: `sudo clanctl mesh up --invite <link>`, the link quoted when it needs it. */
export function agentUpCommand(link: string): string {
  const word = SHELL_SAFE.test(link) ? link : `'${link.replace(/'/g, `'\\''`)}'`;
  return `sudo clanctl mesh up --invite ${word}`;
}
