import { Injectable } from '@nestjs/common';
import { CommandError, ProcessRunner } from '../../services/process/process-runner';

const PACKAGES = 'clevis clevis-luks cryptsetup';
/** Binding asks every Tang server once; unlocking a slot likewise. */
const TIMEOUT_MS = 120_000;

/**
 * The clevis commands unattended unlock runs on a host (docs/fleet-unlock.md, "Binding"). Keys go
 * through stdin only (`-k -`), never an argument or a file; errors keep clevis' own words (they name
 * the device and the failing pin, never a key).
 */
@Injectable()
export class ClevisLuks {
  constructor(private readonly processes: ProcessRunner) {}

  /** The device's Clevis slots and their pin configurations (`clevis luks list`). */
  async slots(device: string): Promise<Map<number, string>> {
    const { stdout } = await this.clevis(['luks', 'list', '-d', device], undefined, [1]);
    const slots = new Map<number, string>();
    for (const line of stdout.split('\n')) {
      const m = /^(\d+): (\S+) '(.*)'$/.exec(line.trim());
      if (m) slots.set(Number(m[1]), `${m[2]} ${m[3]}`);
    }
    return slots;
  }

  /** Adds a slot bound to the sss configuration, opened with `existingKey`; answers the new slot. */
  async bindSss(device: string, existingKey: Buffer, config: string): Promise<number> {
    const before = await this.slots(device);
    await this.clevis(['luks', 'bind', '-y', '-k', '-', '-d', device, 'sss', config], existingKey);
    const added = [...(await this.slots(device)).keys()].filter((slot) => !before.has(slot));
    if (added.length !== 1)
      throw new Error(`clevis luks bind on ${device} finished, but ${added.length} new Clevis slots appeared instead of one.`);
    return added[0];
  }

  /**
   * Rebinds a Clevis slot in place to a new configuration (`clevis luks edit -f`): clevis unlocks the
   * slot through its current pins and writes the new binding over it. In place, because a LUKS2
   * header of the default size has no room for a second sss token with several Tang pins.
   */
  async rebindInPlace(device: string, slot: number, config: string): Promise<void> {
    await this.clevis(['luks', 'edit', '-f', '-d', device, '-s', String(slot), '-c', config]);
  }

  async unbind(device: string, slot: number): Promise<void> {
    await this.clevis(['luks', 'unbind', '-f', '-d', device, '-s', String(slot)]);
  }

  private async clevis(args: string[], input?: Buffer, okCodes: number[] = []): Promise<{ stdout: string }> {
    try {
      return await this.processes.run('clevis', args, { input, pkg: PACKAGES, timeoutMs: TIMEOUT_MS, okCodes });
    } catch (err) {
      throw this.sentence(err, `clevis ${args.slice(0, 2).join(' ')} failed on ${args[args.indexOf('-d') + 1]}`);
    }
  }

  private sentence(err: unknown, what: string): Error {
    if (err instanceof CommandError && err.missing) return new Error(`${err.message}.`);
    const detail = err instanceof CommandError ? err.stderr.trim().split('\n').slice(-3).join(' ') : (err as Error).message;
    return new Error(`${what}${detail ? `: ${detail}` : ''}.`);
  }
}
