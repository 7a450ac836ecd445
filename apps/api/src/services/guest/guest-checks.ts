/**
 * What the VM controller's CHECK answers (docs/vm-controller.md, "CHECK"):
 * the machine's app checks, each with its outcome and the last line it
 * printed. Parsed strictly: anything else in the answer is the guest's fault,
 * never passed on as if it were a check.
 */

/** One app check: a hook the machine lists in /etc/clan/checks. */
export interface GuestCheck {
  name: string;
  ok: boolean;
  /** The last line the check printed, or the controller's sentence (it timed out, it is not a declared hook…). */
  detail: string;
}

/** The sentence an older controller (from before CHECK) answers: it has no checks to run. */
const UNKNOWN_CHECK = /^Unknown request 'CHECK'/;

/** A GuestRefusedError sentence that means "this controller predates CHECK". */
export function isUnknownCheck(sentence: string): boolean {
  return UNKNOWN_CHECK.test(sentence);
}

/** CHECK's END ok JSON → the checks; throws a sentence when the answer is not of that shape. */
export function parseGuestChecks(answer: unknown): GuestCheck[] {
  const checks = (answer as { checks?: unknown } | null)?.checks;
  if (!Array.isArray(checks))
    throw new Error(`The controller's CHECK answer has no list of checks: ${JSON.stringify(answer)?.slice(0, 200)}`);
  return checks.map((c: unknown, i) => {
    const { name, ok, detail } = (c ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || !name || typeof ok !== 'boolean' || typeof detail !== 'string') {
      throw new Error(`Check ${i + 1} of the controller's CHECK answer is not {name, ok, detail}: ${JSON.stringify(c)?.slice(0, 200)}`);
    }
    // Only what a person can read: no control characters, one line, bounded.
    const clean = (s: string, max: number) =>
      Array.from(s, (ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 ? ' ' : ch))
        .join('')
        .trim()
        .slice(0, max);
    return { name: clean(name, 100), ok, detail: clean(detail, 300) };
  });
}
