import { type CommandRunner, must } from './runner';
import type { AgentLog } from './driver';

/**
 * The `firewall` script of a config (`nft -f`): the device's reachability
 * rules (table inet clan_reach) and, on Yggdrasil, the members table. Each
 * table a script defines replaces itself atomically; a table that an earlier
 * script defined and the new one does not (or a null firewall) is deleted.
 */

export const REACH_TABLE = 'inet clan_reach';

/** "inet clan_reach" for every `table <family> <name>` of a script, in order, once each. */
export function nftTablesOf(script: string): string[] {
  const found: string[] = [];
  for (const m of script.matchAll(/^\s*table\s+(ip|ip6|inet|arp|bridge|netdev)\s+([A-Za-z_][A-Za-z0-9_]*)/gm)) {
    const table = `${m[1]} ${m[2]}`;
    if (!found.includes(table)) found.push(table);
  }
  return found;
}

/** A script that deletes tables without failing when they do not exist. */
export function nftDeleteScript(tables: readonly string[]): string {
  return tables.map((t) => `table ${t}\ndelete table ${t}\n`).join('');
}

export class Firewall {
  /** Tables this device may carry from us: always clan_reach (a previous run may have left it). */
  private known = new Set<string>([REACH_TABLE]);

  constructor(
    private readonly runner: CommandRunner,
    private readonly log: AgentLog,
  ) {}

  async apply(script: string | null, extraTables: readonly string[] = []): Promise<void> {
    const tables = script === null ? [] : nftTablesOf(script);
    const stale = [...this.known].filter((t) => !tables.includes(t));
    const text = `${script ?? ''}${script && !script.endsWith('\n') ? '\n' : ''}${nftDeleteScript(stale)}`;
    // Without rules to apply, a device without nftables has nothing to remove either.
    if (script === null && !(await this.runner.exists('nft'))) return;
    await must(this.runner, 'nft', ['-f', '-'], text);
    this.known = new Set([REACH_TABLE, ...extraTables, ...tables]);
  }

  /** Deletes every table we may have added (interface down). */
  async remove(): Promise<void> {
    if (!(await this.runner.exists('nft'))) return;
    const result = await this.runner.run('nft', ['-f', '-'], { input: nftDeleteScript([...this.known]) });
    if (result.code !== 0) this.log(`could not remove the firewall tables: ${result.stderr.trim()}`);
  }
}
