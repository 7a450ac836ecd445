/**
 * Names of networks and machines end up as DNS labels (`<device>.<network>.clan`),
 * Nix attribute names in configs.json and directory names of network
 * repositories, so one rule serves all three: an RFC 1123 label.
 */
export const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const NAME_MAX_LENGTH = 63;

/** Names that would collide with panel routes or Nix/flake conventions. */
export const RESERVED_NAMES: readonly string[] = ['new', 'all', 'host', 'localhost', 'nixos', 'self', 'inputs', 'outputs'];

/** Why `name` is not a valid network/machine name, or null when it is. */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'must not be empty';
  if (name.length > NAME_MAX_LENGTH) return `must be at most ${NAME_MAX_LENGTH} characters`;
  if (!NAME_PATTERN.test(name)) {
    return 'may use lower-case letters, digits and "-", and must start and end with a letter or digit';
  }
  if (RESERVED_NAMES.includes(name)) return `"${name}" is reserved; choose another name`;
  return null;
}
