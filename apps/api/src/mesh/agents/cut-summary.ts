import type { MeshCutDto } from '../dto/mesh.dto';

/** What a change was: removals and blocks are cuts; an unblock or a group change is applied. */
export type CutVerb = 'Cut' | 'Applied';

const devices = (n: number) => `${n} online device${n === 1 ? '' : 's'}`;

/**
 * The sentence of a removal's reach: "Cut on 6 of 6 online devices, 1
 * offline (will be cut on reconnect)." — the host and every device agent.
 */
export function cutSummary(cut: Omit<MeshCutDto, 'summary'>, verb: CutVerb = 'Cut', hostRuns = true): string {
  const later = verb === 'Cut' ? 'will be cut on reconnect' : 'will get it on reconnect';
  const hostNote = cut.host || !hostRuns ? '' : ' The host interface did not apply it.';
  if (cut.online === 0 && cut.offline.length === 0) {
    if (cut.host) return `${verb} on the host; no device runs the agent.`;
    return hostRuns ? `No device runs the agent.${hostNote}` : 'No device runs the agent, and the host runs no interface.';
  }
  const parts: string[] = [];
  if (cut.online === 0) parts.push('No device with the agent is online');
  else parts.push(`${verb} on ${cut.applied} of ${devices(cut.online)}`);
  if (cut.pending.length > 0) parts.push(`${cut.pending.length} pending (${cut.pending.join(', ')})`);
  if (cut.offline.length > 0) parts.push(`${cut.offline.length} offline (${later})`);
  return `${parts.join(', ')}.${hostNote}`;
}
