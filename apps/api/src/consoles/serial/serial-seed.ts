/**
 * When the panel attaches to a VM's console it may have missed output: the
 * VM booted before the panel started, or the panel was restarted. libvirt
 * logged everything the guest wrote since the domain started (serial.log), so
 * the missing part is taken from there. The attachment is opened first and
 * the log read afterwards, so nothing falls between the two; what both saw
 * (written after the attachment opened and before the log was read) is taken
 * once. See planSeed.
 */
export interface SeedInput {
  /** The end of serial.log (at most the ring's size), read after the console was attached. */
  log: Buffer;
  /** Position in serial.log of `log`'s first byte (the file's size minus log.length). */
  logStart: number;
  /** How many bytes of this boot the ring already holds (0 for a boot never seen). */
  have: number;
  /** The last bytes of this boot the ring holds (empty for a new boot): checks where `have` falls in the log. */
  anchor: Buffer;
  /** What the attachment delivered so far. */
  early: Buffer;
}

/** The bytes to append to the ring before `early`: the log past what the ring has, minus what `early` repeats. */
export function planSeed(input: SeedInput): Buffer {
  const { log, logStart, have, anchor, early } = input;
  const logEnd = logStart + log.length;
  let gapStart: number | null = null;
  if (have === 0) gapStart = logStart;
  else if (have >= logStart && have <= logEnd && endsWithAt(log, have - logStart, anchor)) gapStart = have;
  else if (anchor.length > 0) {
    // The log was rotated or the ring holds a little more or less than it: find where the ring's tail is.
    const i = log.lastIndexOf(anchor);
    if (i >= 0) gapStart = logStart + i + anchor.length;
  }
  if (gapStart === null) return Buffer.alloc(0); // cannot tell what is missing: add nothing rather than repeat
  const gap = log.subarray(gapStart - logStart);
  return gap.subarray(0, gap.length - overlap(gap, early));
}

/** True when `buf` has (the end of) `tail` just before position `at`; only the part inside `buf` can be compared. */
function endsWithAt(buf: Buffer, at: number, tail: Buffer): boolean {
  const k = Math.min(tail.length, at);
  return buf.subarray(at - k, at).equals(tail.subarray(tail.length - k));
}

/** Length of the longest suffix of `a` that is a prefix of `b` (prefix function, linear time). */
export function overlap(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  // s = b[0:n] · SEP · a[a.length-n:], as numbers so the separator (-1) can never match a byte.
  const s = new Int16Array(2 * n + 1);
  for (let i = 0; i < n; i++) s[i] = b[i];
  s[n] = -1;
  for (let i = 0; i < n; i++) s[n + 1 + i] = a[a.length - n + i];
  const pi = new Int32Array(s.length);
  for (let i = 1; i < s.length; i++) {
    let k = pi[i - 1];
    while (k > 0 && s[i] !== s[k]) k = pi[k - 1];
    if (s[i] === s[k]) k++;
    pi[i] = k;
  }
  return pi[s.length - 1];
}
