import type { JsonObject } from './json';

/**
 * nftables output shared by the layers and the reachability rules. Every table
 * we render only *drops* (its accepts end evaluation of our own chain, not the
 * packet's path), so it composes with whatever firewall the machine runs: the
 * NixOS firewall still has to open a port, and our table narrows who may use it.
 */

/** A table name nft accepts without quoting. */
export const NFT_TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;

/** Interface names as the kernel allows them (at most 15 bytes), safe inside nft's double quotes. */
export const INTERFACE_NAME = /^[A-Za-z0-9_.-]{1,15}$/;

export function quoteInterface(name: string): string {
  if (!INTERFACE_NAME.test(name))
    throw new Error(`${JSON.stringify(name)} is not an interface name (1–15 of A–Z, a–z, 0–9, "_", ".", "-").`);
  return `"${name}"`;
}

/** An `nft -f` script that replaces the table atomically (creating it first so the delete never fails). */
export function nftTableScript(family: 'inet', name: string, content: string): string {
  if (!NFT_TABLE_NAME.test(name)) throw new Error(`${JSON.stringify(name)} is not an nftables table name.`);
  return `table ${family} ${name}\ndelete table ${family} ${name}\ntable ${family} ${name} {\n${content}}\n`;
}

/** The same table as NixOS option values (`networking.nftables.tables.<name>`). */
export function nftNixosTable(family: 'inet', name: string, content: string): JsonObject {
  return { networking: { nftables: { enable: true, tables: { [name]: { family, content } } } } };
}

/** `{ a, b }` or the single element; elements must already be canonical addresses or numbers. */
export function nftSet(elements: readonly (string | number)[]): string {
  return elements.length === 1 ? String(elements[0]) : `{ ${elements.join(', ')} }`;
}
