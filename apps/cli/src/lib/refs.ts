import { CliError, UsageError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface MachineRef {
  network: string;
  machine: string;
}

/** `family/anna` → `{ network: 'family', machine: 'anna' }`. */
export function parseMachineRef(text: string): MachineRef {
  const slash = text.indexOf('/');
  const network = text.slice(0, slash);
  const machine = text.slice(slash + 1);
  if (slash < 0 || !network || !machine || machine.includes('/')) {
    throw new UsageError(`"${text}" must name a machine as <network>/<machine>, e.g. family/anna`);
  }
  return { network, machine };
}

/** The network a name or id refers to, among those the caller may see. */
export function findNetwork<T extends { id: string; name: string }>(networks: readonly T[], ref: string): T {
  const found = networks.find((n) => n.name === ref) ?? networks.find((n) => n.id.toLowerCase() === ref.toLowerCase());
  if (found) return found;
  const known = networks.map((n) => n.name);
  const hint = known.length
    ? ` You can see: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}.`
    : ' You belong to no network yet; create one with `clanctl network create <name>`.';
  throw new CliError(`No network "${ref}".${hint}`);
}

export function isUuid(text: string): boolean {
  return UUID.test(text);
}
