import { VmState } from '@clan/libvirt-client';
import { Injectable } from '@nestjs/common';
import { GuestRefusedError, GuestUnreachableError } from '../../services/guest/guest-channel';
import type { GuestCheck } from '../../services/guest/guest-checks';
import { Guests } from '../../services/guest/guest.service';
import type { MachineStateEntity } from '../../vms/machine-state.entity';
import { MachineStateService } from '../../vms/machine-state.service';
import { VmManager } from '../../vms/vm-manager.service';

/** Why a machine failed its gate: a headline (the notification's words) and the detail. */
export interface GateProblem {
  headline: string;
  detail: string;
}

/** The outcome of one look at a machine during its soak. */
export type GateLook =
  { ok: true; checks: GuestCheck[] | null } | { ok: false; problem: GateProblem } | { ok: 'unreachable'; detail: string };

/**
 * The gate's decision from what the panel knows of the machine: it must still
 * run `generation`, up and healthy (the machine's row, kept by deployments,
 * power actions and reconciliation), and every app check must pass.
 */
export function judgeMachine(
  machine: string,
  generation: number,
  row: Pick<MachineStateEntity, 'currentGeneration' | 'health' | 'vmState'> | null,
  checks: readonly GuestCheck[] | null,
): GateProblem | null {
  if (!row || row.currentGeneration !== generation) {
    return {
      headline: `${machine} no longer runs the update`,
      detail: `it runs generation ${row?.currentGeneration ?? 'none'} instead of generation ${generation}`,
    };
  }
  if (row.vmState !== VmState.Running && row.vmState !== VmState.Blocked) {
    return { headline: `${machine} stopped after the update`, detail: `its VM is ${row.vmState}` };
  }
  if (row.health !== 'healthy') {
    return { headline: `${machine} failed its health check after the update`, detail: `its health is ${row.health}` };
  }
  const failed = (checks ?? []).find((c) => !c.ok);
  if (failed)
    return { headline: `${machine} failed its app check '${failed.name}' after the update`, detail: failed.detail || 'no output' };
  return null;
}

/** Looks at a machine during its soak: its row, then its app checks through the VM controller (CHECK). */
@Injectable()
export class MachineGate {
  constructor(
    private readonly state: MachineStateService,
    private readonly vm: VmManager,
    private readonly guests: Guests,
  ) {}

  async look(networkId: string, machine: string, generation: number, signal: AbortSignal): Promise<GateLook> {
    const first = judgeMachine(machine, generation, await this.state.get(networkId, machine), null);
    if (first) return { ok: false, problem: first };
    let checks: GuestCheck[] | null;
    try {
      checks = await this.guests.checks(
        { networkId, machine, socketPath: this.vm.layout(networkId, machine).healthSocket },
        { signal, timeoutMs: 5 * 60_000 },
      );
    } catch (err) {
      if (err instanceof GuestUnreachableError || err instanceof GuestRefusedError)
        return { ok: 'unreachable', detail: `its controller did not run the app checks: ${err.message}` };
      throw err;
    }
    // Read again: the checks take a while, and the machine may have gone down meanwhile.
    const problem = judgeMachine(machine, generation, await this.state.get(networkId, machine), checks);
    return problem ? { ok: false, problem } : { ok: true, checks };
  }
}
