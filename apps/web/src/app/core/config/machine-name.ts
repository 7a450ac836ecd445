import type { JsonSchema } from './json-schema';

/**
 * The machine-name rule of libs/nix-schema (nameProblem in names.ts), repeated
 * here so the wizard can answer while the user types without shipping zod to
 * the browser. The API checks the name again; the reserved words are taken
 * from the configs.json schema (`propertyNames.not.enum`) when it is loaded.
 */
export const MACHINE_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const MACHINE_NAME_MAX_LENGTH = 63;
export const DEFAULT_RESERVED_NAMES: readonly string[] = [
  'default',
  'new',
  'all',
  'host',
  'localhost',
  'nixos',
  'self',
  'inputs',
  'outputs',
];

/** The reserved names a configs.json schema declares, or the built-in list. */
export function reservedNamesOf(configsSchema: JsonSchema | null | undefined): readonly string[] {
  const names = configsSchema?.propertyNames?.not?.enum;
  return Array.isArray(names) && names.every((n) => typeof n === 'string') ? names : DEFAULT_RESERVED_NAMES;
}

/** Why `name` cannot name a machine ("Name must …"), or null when it can. */
export function machineNameProblem(name: string, options: { reserved?: readonly string[]; taken?: readonly string[] } = {}): string | null {
  if (name.length === 0) return 'Give the machine a name.';
  if (name.length > MACHINE_NAME_MAX_LENGTH) return `The name must be at most ${MACHINE_NAME_MAX_LENGTH} characters long.`;
  if (/[A-Z]/.test(name) && MACHINE_NAME_PATTERN.test(name.toLowerCase())) return 'Use lower-case letters only.';
  if (!MACHINE_NAME_PATTERN.test(name)) {
    return 'The name may use lower-case letters, digits and "-", and must start and end with a letter or digit (it becomes a DNS name).';
  }
  if ((options.reserved ?? DEFAULT_RESERVED_NAMES).includes(name)) return `“${name}” is reserved; choose another name.`;
  if (options.taken?.includes(name)) return `This network already has a machine called “${name}”.`;
  return null;
}
