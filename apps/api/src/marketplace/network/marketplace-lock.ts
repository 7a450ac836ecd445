/**
 * flake.lock edits for third-party apps (docs/marketplace.md, "Pinned"): the
 * node of an app's input is what Nix itself reports for the pinned revision in
 * the panel's mirror (`locked` with its narHash, and `original`), so a build
 * reads exactly the reviewed tree and fails on any other. Pure: text in, text out.
 */

type Json = Record<string, unknown>;

interface Lock {
  nodes: Record<string, Json>;
  root: string;
  version: number;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function parse(text: string | null): Lock {
  if (text) {
    try {
      const value = JSON.parse(text) as unknown;
      if (isObject(value) && isObject(value['nodes']) && typeof value['root'] === 'string') {
        const nodes = value['nodes'] as Record<string, Json>;
        const root = value['root'];
        if (isObject(nodes[root]))
          return { nodes: { ...nodes }, root, version: typeof value['version'] === 'number' ? value['version'] : 7 };
      }
    } catch {
      // An unreadable lock is replaced: Nix would refuse it anyway.
    }
  }
  return { nodes: { root: { inputs: {} } }, root: 'root', version: 7 };
}

function rootInputs(lock: Lock): Json {
  const root = lock.nodes[lock.root];
  return isObject(root['inputs']) ? root['inputs'] : {};
}

/** Drops nodes nothing reaches from the root any more. */
function collect(lock: Lock): Lock {
  const keep = new Set<string>([lock.root]);
  const queue = [lock.root];
  while (queue.length) {
    const node = lock.nodes[queue.pop() as string];
    const inputs = isObject(node?.['inputs']) ? node['inputs'] : {};
    for (const ref of Object.values(inputs)) {
      // A string names a node; a list is a "follows" path through the root's inputs.
      if (typeof ref === 'string' && !keep.has(ref) && lock.nodes[ref]) {
        keep.add(ref);
        queue.push(ref);
      }
    }
  }
  return { ...lock, nodes: Object.fromEntries(Object.entries(lock.nodes).filter(([name]) => keep.has(name))) };
}

function render(lock: Lock): string {
  return JSON.stringify({ nodes: lock.nodes, root: lock.root, version: lock.version }, null, 2) + '\n';
}

/** The lock with the root's input `input` pointing at a node of its own holding `node` (replacing what it was). */
export function setLockInput(text: string | null, input: string, node: { locked: Json; original: Json }): string {
  const lock = parse(text);
  const inputs = { ...rootInputs(lock) };
  let name = input;
  // A node of that name may belong to something else (an input of the cLAN flake): pick a free one.
  for (let i = 2; lock.nodes[name] && inputs[input] !== name; i++) name = `${input}_${i}`;
  inputs[input] = name;
  lock.nodes = {
    ...lock.nodes,
    [lock.root]: { ...lock.nodes[lock.root], inputs },
    [name]: { locked: node.locked, original: node.original },
  };
  return render(collect(lock));
}

/** The lock without the root's input `input`; null when no input is left (no flake.lock at all). */
export function removeLockInput(text: string | null, input: string): string | null {
  if (!text) return null;
  const lock = parse(text);
  const inputs = { ...rootInputs(lock) };
  delete inputs[input];
  lock.nodes = { ...lock.nodes, [lock.root]: { ...lock.nodes[lock.root], inputs } };
  return Object.keys(inputs).length ? render(collect(lock)) : null;
}

/** The root's input names the lock pins. */
export function lockInputs(text: string | null): string[] {
  return text ? Object.keys(rootInputs(parse(text))) : [];
}
