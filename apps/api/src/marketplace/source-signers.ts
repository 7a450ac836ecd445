/**
 * The signer keys of a verified marketplace source (docs/marketplace.md,
 * "Verified sources"): SSH public keys, one per entry, as a `.pub` file holds
 * them (`ssh-ed25519 AAAA… comment`). The panel writes them into an
 * allowed-signers file (ssh-keygen(1), ALLOWED SIGNERS) that `git
 * verify-commit` checks the fetched revision against.
 */

/** A verified source lists at most this many keys. */
export const SIGNERS_MAX = 32;
/** One entry: an RSA key of 16384 bits is about 2.8k characters; a comment at most 200. */
export const SIGNER_MAX_LENGTH = 4096;

/** The key types ssh-keygen verifies git signatures of (the first word of a `.pub` line). */
export const SIGNER_KEY_TYPES = [
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
] as const;

const KEY_LINE = /^(\S+) ([A-Za-z0-9+/]+={0,2})(?: ([\x21-\x7e][\x20-\x7e]{0,199}))?$/;
const EXAMPLE = '"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA… ada@laptop"';
const SHAPE = `write one SSH public key per entry as its .pub file holds it, e.g. ${EXAMPLE}`;

/** A signer key, normalised: its type, the base64 of its blob, and the comment (null: none). */
export interface SignerKey {
  type: (typeof SIGNER_KEY_TYPES)[number];
  blob: string;
  comment: string | null;
}

/** The length-prefixed strings of an SSH key blob (RFC 4253 §6.6), or null when it is not made of them. */
function blobFields(blob: Buffer): Buffer[] | null {
  const fields: Buffer[] = [];
  let at = 0;
  while (at < blob.length) {
    if (at + 4 > blob.length) return null;
    const length = blob.readUInt32BE(at);
    at += 4;
    if (at + length > blob.length) return null;
    fields.push(blob.subarray(at, at + length));
    at += length;
  }
  return fields;
}

/**
 * Parses one entry of `signers`: `<type> <base64> [comment]`, surrounding
 * blanks ignored. The blob must name the same type as the line and, for
 * ed25519, hold a 32-byte key. Returns the key or a sentence about the
 * entry (`which`, e.g. "Signer 2").
 */
export function parseSignerKey(text: unknown, which = 'The signer key'): SignerKey | string {
  if (typeof text !== 'string' || text.trim() === '') return `${which} is empty: ${SHAPE}.`;
  const line = text.trim().replace(/[ \t]+/g, ' ');
  if (/-----BEGIN PGP/.test(line) || /^(0x)?[0-9A-Fa-f]{16}([0-9A-Fa-f]{24})?$/.test(line.replace(/ /g, '')))
    return `${which} looks like a GPG key; verified sources check SSH signatures only (GPG is not supported yet): ${SHAPE}.`;
  if (/PRIVATE KEY/.test(line))
    return `${which} is a private key: give the public key (the .pub file) instead, and treat the private key as exposed.`;
  if (line.length > SIGNER_MAX_LENGTH) return `${which} is longer than ${SIGNER_MAX_LENGTH} characters; ${SHAPE}.`;
  if (/[\r\n]/.test(text.trim())) return `${which} spans several lines; ${SHAPE}.`;
  const m = KEY_LINE.exec(line);
  const first = line.split(' ')[0];
  const known = (SIGNER_KEY_TYPES as readonly string[]).includes(first);
  if (!known && !(m && /^(ssh|ecdsa|sk)-/.test(first)))
    return `${which} is not an SSH public key: ${SHAPE}. Key types: ${SIGNER_KEY_TYPES.join(', ')}.`;
  if (!m)
    return `${which} is not a well-formed ${first} public key (the key is base64 after the type, then an optional comment of printable characters): ${SHAPE}.`;
  const [, type, blob, comment] = m;
  if (!known)
    return `${which} has the key type "${type.slice(0, 40)}", which is not one verified sources take (${SIGNER_KEY_TYPES.join(', ')}); ${SHAPE}.`;
  const bytes = Buffer.from(blob, 'base64');
  const fields = bytes.toString('base64') === blob ? blobFields(bytes) : null;
  if (!fields || fields.length < 2 || fields[0].toString('latin1') !== type)
    return `${which} is not a well-formed ${type} public key: its base64 part does not hold a ${type} key (was it cut or edited?). ${SHAPE[0].toUpperCase()}${SHAPE.slice(1)}.`;
  if (type === 'ssh-ed25519' && (fields.length !== 2 || fields[1].length !== 32))
    return `${which} is not a well-formed ssh-ed25519 public key: an ed25519 key is 32 bytes. ${SHAPE[0].toUpperCase()}${SHAPE.slice(1)}.`;
  return { type: type as SignerKey['type'], blob, comment: comment ?? null };
}

export function formatSignerKey(key: SignerKey): string {
  return key.comment ? `${key.type} ${key.blob} ${key.comment}` : `${key.type} ${key.blob}`;
}

/**
 * The signers of a source, each normalised (`type base64 [comment]`), or a
 * sentence naming the entry that is wrong: at most SIGNERS_MAX keys, each an
 * SSH public key, none twice.
 */
export function parseSigners(value: unknown): { keys: string[] } | { problem: string } {
  if (!Array.isArray(value)) return { problem: `signers must be a list of SSH public keys; ${SHAPE}.` };
  if (value.length > SIGNERS_MAX) return { problem: `A source lists at most ${SIGNERS_MAX} signer keys; ${value.length} were given.` };
  const keys: string[] = [];
  const seen = new Map<string, number>();
  for (const [i, text] of value.entries()) {
    const key = parseSignerKey(text, `Signer ${i + 1}`);
    if (typeof key === 'string') return { problem: key };
    const before = seen.get(key.blob);
    if (before !== undefined) return { problem: `Signer ${i + 1} is the same key as signer ${before + 1}; list each key once.` };
    seen.set(key.blob, i);
    keys.push(formatSignerKey(key));
  }
  return { keys };
}

/** What a verified source needs besides well-formed keys; null when `verified` and `signers` go together. */
export function verifiedProblem(verified: boolean, signers: readonly string[]): string | null {
  if (verified && signers.length === 0)
    return 'A verified source needs at least one signer key: list the SSH public keys whose signatures its commits must carry.';
  return null;
}

/** The principal of the n-th signer (1-based) in the allowed-signers file; git names it in its "Good signature" line. */
export function signerPrincipal(index: number): string {
  return `signer-${index + 1}`;
}

/**
 * The allowed-signers file (ssh-keygen(1), ALLOWED SIGNERS) of a source's
 * keys: `signer-<n> namespaces="git" <type> <base64>` per key. git asks
 * ssh-keygen which principal a signature's key belongs to, then verifies the
 * signature as that principal in the "git" namespace; a key not listed
 * matches no principal and the check fails. Comments are left out (the file
 * holds nothing but what ssh-keygen reads); keys that do not parse are
 * skipped (they cannot be stored: the API refuses them).
 */
export function allowedSignersFile(signers: readonly string[]): string {
  return signers
    .map((text, i) => {
      const key = parseSignerKey(text);
      return typeof key === 'string' ? null : `${signerPrincipal(i)} namespaces="git" ${key.type} ${key.blob}\n`;
    })
    .filter((l): l is string => l !== null)
    .join('');
}
