import type { ColdStartView, HostFailureImpactView, HostPolicyView, HostUnlockAnalysisView, UnlockHostView } from './unlock-types';

/** Host id → name; an id the overview does not name (a host removed since) still reads as something. */
export type HostNames = ReadonlyMap<string, string>;

export function hostNames(hosts: readonly Pick<UnlockHostView, 'hostId' | 'name'>[]): HostNames {
  return new Map(hosts.map((h) => [h.hostId, h.name]));
}

export function nameOf(names: HostNames, hostId: string): string {
  return names.get(hostId) ?? `an unknown host (${hostId.slice(0, 8)})`;
}

/** "nas", "nas and pi", "nas, garage and pi". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** How many pins a policy has: its Tang hosts, and one for the TPM. */
export function pinCount(policy: Pick<HostPolicyView, 'tangHostIds' | 'tpm'>): number {
  return policy.tangHostIds.length + (policy.tpm ? 1 : 0);
}

/** "nas, garage, pi + TPM". */
export function pinList(policy: Pick<HostPolicyView, 'tangHostIds' | 'tpm'>, names: HostNames): string {
  const tang = policy.tangHostIds.map((id) => nameOf(names, id)).join(', ');
  return tang && policy.tpm ? `${tang} + TPM` : tang || (policy.tpm ? 'TPM' : 'no pins');
}

/** "2 of 4: nas, garage, pi + TPM" — how many pins must answer, of which. */
export function policyText(policy: Pick<HostPolicyView, 'threshold' | 'tangHostIds' | 'tpm'>, names: HostNames): string {
  return `${policy.threshold} of ${pinCount(policy)}: ${pinList(policy, names)}`;
}

/** Whether a disk's binding is the one the policy renders now, in words and a badge tone. */
export function bindingText(policy: HostPolicyView | null): { label: string; tone: string; detail: string } {
  if (!policy) return { label: 'No policy', tone: 'muted', detail: 'Unlocks by itself or by hand.' };
  const b = policy.bound;
  if (!b) return { label: 'Not bound', tone: 'warn', detail: 'The disk does not know this policy yet: bind it once with its passphrase.' };
  const where = [b.device, b.slot === null ? null : `slot ${b.slot}`].filter(Boolean).join(', ');
  if (b.current) return { label: 'Bound', tone: 'ok', detail: where ? `Bound on ${where}.` : 'Bound.' };
  return {
    label: 'Bound to an older policy',
    tone: 'warn',
    detail: `The disk${where ? ` (${where})` : ''} still has the binding made before the policy changed: bind it again to apply the new one.`,
  };
}

export type CellKind = 'boots' | 'stuck' | 'self' | 'unknown';

/** One cell of the matrix: the row's host reboots while the column's host is down. */
export interface MatrixCell {
  kind: CellKind;
  symbol: string;
  /** The whole sentence, for screen readers and the tooltip. */
  label: string;
}

export function matrixCell(row: HostUnlockAnalysisView, columnHostId: string, names: HostNames): MatrixCell {
  const host = nameOf(names, row.hostId);
  if (columnHostId === row.hostId) return { kind: 'self', symbol: '—', label: `${host} itself` };
  const other = nameOf(names, columnHostId);
  const boots = Object.hasOwn(row.bootsIfDown, columnHostId) ? row.bootsIfDown[columnHostId] : undefined;
  if (boots === true) return { kind: 'boots', symbol: '✓', label: `${host} boots unattended while ${other} is down` };
  if (boots === false) return { kind: 'stuck', symbol: '✗', label: `${host} is stuck at the passphrase prompt while ${other} is down` };
  return { kind: 'unknown', symbol: '?', label: `Not known whether ${host} boots while ${other} is down` };
}

/** The "every host up" cell of a managed row. */
export function allUpCell(row: HostUnlockAnalysisView, names: HostNames): MatrixCell {
  const host = nameOf(names, row.hostId);
  return row.bootsWithAllUp
    ? { kind: 'boots', symbol: '✓', label: `${host} boots unattended with every host up` }
    : { kind: 'stuck', symbol: '✗', label: `${host} is stuck at the passphrase prompt even with every host up` };
}

/**
 * "If nas fails, garage and pi would be stuck at the passphrase prompt." — one sentence per host whose
 * failure strands another, with what a power cut without it adds (cascades).
 */
export function failureSentences(impacts: readonly HostFailureImpactView[], names: HostNames): string[] {
  const sentences: string[] = [];
  for (const impact of impacts) {
    const x = nameOf(names, impact.hostId);
    const stranded = impact.strands.map((id) => nameOf(names, id));
    const coldOnly = impact.strandsInColdStart.filter((id) => !impact.strands.includes(id)).map((id) => nameOf(names, id));
    if (!stranded.length && !coldOnly.length) continue;
    const would = (list: string[]) => `${listWords(list)} would be stuck at the passphrase prompt`;
    if (stranded.length && coldOnly.length)
      sentences.push(`If ${x} fails, ${would(stranded)}; after a power cut without ${x}, ${listWords(coldOnly)} too.`);
    else if (stranded.length) sentences.push(`If ${x} fails, ${would(stranded)}.`);
    else sentences.push(`If ${x} does not come back after a power cut, ${would(coldOnly)}.`);
  }
  return sentences;
}

/** Hosts with a policy that cannot open their disk even with every host up. */
export function stuckWithAllUp(rows: readonly HostUnlockAnalysisView[], names: HostNames): string[] {
  return rows.filter((r) => r.managed && r.bootsWithAllUp === false).map((r) => nameOf(names, r.hostId));
}

/** "After a power cut: nas (no policy) comes up by itself or by hand; round 1 pi; round 2 garage; stuck: none." */
export function coldStartText(cold: ColdStartView, names: HostNames): string {
  const words = (ids: readonly string[]) => listWords(ids.map((id) => nameOf(names, id)));
  const parts: string[] = [];
  if (cold.unmanaged.length)
    parts.push(
      cold.unmanaged.length === 1
        ? `${words(cold.unmanaged)} (no policy) comes up by itself or by hand`
        : `${words(cold.unmanaged)} (no policy) come up by themselves or by hand`,
    );
  cold.rounds.forEach((round, i) => parts.push(`round ${i + 1} ${words(round)}`));
  parts.push(`stuck: ${cold.stuck.length ? words(cold.stuck) : 'none'}`);
  return `After a power cut: ${parts.join('; ')}.`;
}

/** Before a rotation: which hosts' bindings its task renews, and which use the server but were never bound. */
export function rotationPreview(tangHostId: string, hosts: readonly UnlockHostView[]): { rebinds: string[]; notBound: string[] } {
  const users = hosts.filter((h) => h.policy?.tangHostIds.includes(tangHostId));
  return {
    rebinds: users.filter((h) => h.policy?.bound).map((h) => h.name),
    notBound: users.filter((h) => !h.policy?.bound).map((h) => h.name),
  };
}

/** The API's sentence for one field of a refused request (fields may come as "threshold" or "body.threshold"). */
export function fieldMessage(fields: readonly { field: string; message: string }[], field: string): string | null {
  const hits = fields.filter((f) => f.field === field || f.field.endsWith(`.${field}`)).map((f) => f.message);
  return hits.length ? hits.join(' ') : null;
}
