/**
 * Who can boot unattended when some hosts are down (docs/fleet-unlock.md, "The matrix").
 *
 * A host's disk opens without a person when at least `threshold` of its pins answer: each Tang pin
 * answers while the host serving it is up and runs Tang; the TPM pin (when the policy has one) is on
 * the host's own board and always answers. Pure: no I/O, so every answer is unit-tested.
 */

/** What the matrix needs to know of one host. */
export interface UnlockNode {
  hostId: string;
  /** This host runs a Tang server the others may use (enabled by the admin). */
  tangServing: boolean;
  /** Its Clevis policy; null: the panel does not manage its unlock (assumed to boot on its own). */
  policy: { threshold: number; tangHostIds: readonly string[]; tpm: boolean } | null;
}

export interface HostUnlockAnalysis {
  hostId: string;
  /** False for a host without a policy: the other answers are then null/empty. */
  managed: boolean;
  threshold: number | null;
  /** Pins in the policy (Tang pins + 1 for the TPM). */
  pins: number;
  /** Tang pins that can never answer: on a host that does not serve Tang or is not in the fleet. */
  deadPins: string[];
  /** (a) Boots unattended with every host up. */
  bootsWithAllUp: boolean | null;
  /** How many more hosts may be down before it is stuck (0: one more failure of a pin host strands it; -1: stuck already). */
  spareFailures: number | null;
  /** (b) For each other host X: does it still boot unattended while X is down (the rest up)? */
  bootsIfDown: Record<string, boolean>;
  /** (c) Every minimal set of other hosts whose failure leaves it at the passphrase prompt ([] inside: stuck even with all up). */
  minimalFailureSets: string[][];
  /** More minimal sets exist than are listed (MAX_FAILURE_SETS). */
  minimalFailureSetsTruncated: boolean;
}

/** What the failure of one host costs: only hosts that would otherwise boot unattended are named. */
export interface HostFailureImpact {
  hostId: string;
  /** Hosts that reboot while it is down (the others up) and wait at the passphrase prompt. */
  strands: string[];
  /** Hosts stuck when the whole fleet restarts at once (a power cut) and this host does not come back, counting cascades. */
  strandsInColdStart: string[];
}

export interface ColdStart {
  /** Hosts that come up unattended, round by round: round 1 needs nobody, round k needs hosts of earlier rounds. */
  rounds: string[][];
  /** Managed hosts that never come up without someone typing the passphrase. */
  stuck: string[];
  /** Hosts without a policy: assumed to boot on their own (round 0). */
  unmanaged: string[];
}

export interface UnlockMatrix {
  hosts: HostUnlockAnalysis[];
  /** Overall: if host X fails, these hosts would be stuck at the passphrase prompt. */
  ifHostFails: HostFailureImpact[];
}

/** Beyond this many minimal failure sets per host the list is cut (a fleet of 20 hosts with 2-of-10 pins has 45). */
export const MAX_FAILURE_SETS = 200;

/** Tang hosts of a policy whose pin can answer at all (serving Tang, in the fleet, not itself). */
function livePins(node: UnlockNode, serving: ReadonlySet<string>): string[] {
  return [...new Set(node.policy?.tangHostIds ?? [])].filter((id) => id !== node.hostId && serving.has(id));
}

/** Whether `node` unlocks unattended when the hosts in `up` are up (a host not in `up` is down). */
export function bootsWith(node: UnlockNode, up: ReadonlySet<string>, serving: ReadonlySet<string>): boolean {
  if (!node.policy) return true;
  const answering = livePins(node, serving).filter((id) => up.has(id)).length + (node.policy.tpm ? 1 : 0);
  return answering >= node.policy.threshold;
}

/** All k-element subsets of `items`, in order, at most `limit` of them. */
function combinations(items: readonly string[], k: number, limit: number): { sets: string[][]; truncated: boolean } {
  const sets: string[][] = [];
  let truncated = false;
  const pick = (start: number, chosen: string[]): void => {
    if (truncated) return;
    if (chosen.length === k) {
      if (sets.length === limit) truncated = true;
      else sets.push([...chosen]);
      return;
    }
    for (let i = start; i <= items.length - (k - chosen.length); i++) pick(i + 1, [...chosen, items[i]]);
  };
  pick(0, []);
  return { sets, truncated };
}

function analyse(node: UnlockNode, all: readonly UnlockNode[], serving: ReadonlySet<string>): HostUnlockAnalysis {
  const others = all.filter((n) => n.hostId !== node.hostId).map((n) => n.hostId);
  if (!node.policy) {
    return {
      hostId: node.hostId,
      managed: false,
      threshold: null,
      pins: 0,
      deadPins: [],
      bootsWithAllUp: null,
      spareFailures: null,
      bootsIfDown: {},
      minimalFailureSets: [],
      minimalFailureSetsTruncated: false,
    };
  }
  const { threshold, tpm, tangHostIds } = node.policy;
  const live = livePins(node, serving);
  const dead = [...new Set(tangHostIds)].filter((id) => !live.includes(id));
  const everyoneUp = new Set(others);
  const available = live.length + (tpm ? 1 : 0);
  // Failing any `spare + 1` of the live pin hosts leaves fewer than `threshold` answering; fewer never does.
  const spare = available - threshold;
  const bootsIfDown: Record<string, boolean> = {};
  for (const x of others) bootsIfDown[x] = bootsWith(node, new Set(others.filter((o) => o !== x)), serving);
  const { sets, truncated } = spare < 0 ? { sets: [[]], truncated: false } : combinations(live, spare + 1, MAX_FAILURE_SETS);
  return {
    hostId: node.hostId,
    managed: true,
    threshold,
    pins: new Set(tangHostIds).size + (tpm ? 1 : 0),
    deadPins: dead,
    bootsWithAllUp: bootsWith(node, everyoneUp, serving),
    spareFailures: Math.max(spare, -1),
    bootsIfDown,
    minimalFailureSets: sets,
    minimalFailureSetsTruncated: truncated,
  };
}

/**
 * A whole-fleet cold start: every host reboots at once, the hosts in `dead` never come back.
 * A host comes up when enough of its pins are on hosts already up (its TPM counts); a host
 * stuck at the prompt stays down, so it serves Tang to nobody.
 */
export function coldStart(nodes: readonly UnlockNode[], dead: ReadonlySet<string> = new Set()): ColdStart {
  const serving = new Set(nodes.filter((n) => n.tangServing).map((n) => n.hostId));
  const alive = nodes.filter((n) => !dead.has(n.hostId));
  const unmanaged = alive.filter((n) => !n.policy).map((n) => n.hostId);
  const up = new Set(unmanaged);
  let waiting = alive.filter((n) => n.policy);
  const rounds: string[][] = [];
  for (;;) {
    const round = waiting.filter((n) => bootsWith(n, up, serving)).map((n) => n.hostId);
    if (!round.length) break;
    rounds.push(round);
    for (const id of round) up.add(id);
    waiting = waiting.filter((n) => !up.has(n.hostId));
  }
  return { rounds, stuck: waiting.map((n) => n.hostId), unmanaged };
}

/** The whole matrix: per host (a), (b), (c), and per host X who is stranded if X fails. */
export function unlockMatrix(nodes: readonly UnlockNode[]): UnlockMatrix {
  const serving = new Set(nodes.filter((n) => n.tangServing).map((n) => n.hostId));
  const hosts = nodes.map((n) => analyse(n, nodes, serving));
  const baseline = new Set(coldStart(nodes).stuck);
  const ifHostFails = nodes.map((x) => ({
    hostId: x.hostId,
    strands: hosts.filter((h) => h.bootsWithAllUp === true && h.bootsIfDown[x.hostId] === false).map((h) => h.hostId),
    strandsInColdStart: coldStart(nodes, new Set([x.hostId])).stuck.filter((id) => !baseline.has(id)),
  }));
  return { hosts, ifHostFails };
}
