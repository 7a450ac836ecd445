/** Commit messages of the panel's mesh-section commits, in words a history list can show. */

const MAX_SUBJECT = 200;

function list(names: readonly string[]): string {
  if (names.length <= 4) return names.join(', ');
  return `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

/** "nas joined; old-box left" (empty when nothing joined or left). */
export function membershipSummary(joined: readonly string[], left: readonly string[]): string {
  return [joined.length ? `${list(joined)} joined` : '', left.length ? `${list(left)} left` : ''].filter(Boolean).join('; ');
}

/** One line of plain text: no control characters, at most MAX_SUBJECT characters. */
export function cleanReason(reason: string | null | undefined): string {
  // eslint-disable-next-line no-control-regex
  const line = (reason ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > MAX_SUBJECT ? `${line.slice(0, MAX_SUBJECT - 1)}…` : line;
}

/**
 * The caller's reason ("mesh: laptop-anna removed") as the subject, with the
 * machines that joined or left the mesh in the same commit as the body; without
 * a reason, the subject says what happened to the machines.
 */
export function meshCommitMessage(reason: string | null, joined: readonly string[], left: readonly string[]): string {
  const subject = cleanReason(reason);
  const machines = membershipSummary(joined, left);
  if (subject) return machines ? `${subject}\n\nMachines: ${machines}.` : subject;
  return machines ? `mesh: ${machines}` : 'mesh: machine sections brought up to date';
}
