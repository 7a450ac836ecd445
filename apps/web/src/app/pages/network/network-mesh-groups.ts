/**
 * Groups of mesh peers (for reachability rules): the API's rule for a name,
 * checked here too so the editor can say what is wrong before saving, and the
 * groups already used in a network as suggestions. Pure.
 */

/** The API's GROUP_PATTERN (apps/api mesh.dto.ts): a lower-case word, a–z, 0–9 and inner "-", at most 32 characters. */
export const GROUP_PATTERN = /^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/;
/** The API's MAX_GROUPS per peer. */
export const MAX_GROUPS = 16;

/** " Kids , media" → ["kids", "media"]: trimmed, lower-cased, split on commas and spaces, without repeats. */
export function parseGroups(text: string): string[] {
  const seen = new Set<string>();
  for (const word of text.split(/[\s,]+/)) {
    const group = word.trim().toLowerCase();
    if (group) seen.add(group);
  }
  return [...seen];
}

/** Why a group name is refused, in the API's words, or null. */
export function groupProblem(group: string): string | null {
  if (GROUP_PATTERN.test(group)) return null;
  return `"${group}" is not a group name: use a lower-case word (a–z, 0–9 and inner "-", at most 32 characters), e.g. "kids".`;
}

/** Every problem with a peer's list of groups (empty: the API accepts it). */
export function groupsProblems(groups: readonly string[]): string[] {
  const problems = groups.map(groupProblem).filter((p): p is string => p !== null);
  if (groups.length > MAX_GROUPS) problems.push(`A peer may have at most ${MAX_GROUPS} groups; this has ${groups.length}.`);
  return problems;
}

/** The groups used by any of the peers, sorted: suggestions for the editors. */
export function knownGroups(peers: readonly { groups?: readonly string[] | null }[], extra: readonly string[] = []): string[] {
  const all = new Set<string>(extra);
  for (const peer of peers) for (const group of peer.groups ?? []) all.add(group);
  return [...all].sort();
}

/** The suggestions not yet in the list. */
export function suggestionsFor(chosen: readonly string[], known: readonly string[]): string[] {
  const taken = new Set(chosen);
  return known.filter((g) => !taken.has(g));
}
