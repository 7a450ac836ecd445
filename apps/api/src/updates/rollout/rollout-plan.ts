import { type RolloutMachine, RolloutMachineState } from '../update-rollout.entity';

/** One machine as the preview saw it, with what the plan needs to order it. */
export interface PlanMachine {
  machine: string;
  /** The update changes its system (the preview's `changes`). */
  changes: boolean;
  /** Apps it runs (configs.json): the default canary is the machine with the fewest. */
  apps: number;
  /** The generation it runs now (what an abort returns it to); null: none yet. */
  fromGeneration: number | null;
}

export type RolloutPlan = { ok: true; canary: string; machines: RolloutMachine[] } | { ok: false; problem: string };

const byName = (a: { machine: string }, b: { machine: string }) => (a.machine < b.machine ? -1 : a.machine > b.machine ? 1 : 0);

/**
 * The waves of a rollout (docs/updates.md, "Rollout"): wave 0 is the canary
 * (the admin's choice, else the changed machine with the fewest apps, ties by
 * name), then the other changed machines in name order, `concurrency` per
 * wave. Machines the update does not change are `unchanged`, after the last
 * wave: nothing happens to them. A canary that is not a changed machine is a
 * problem sentence (the caller's 400).
 */
export function planRollout(input: { machines: PlanMachine[]; canary?: string | null; concurrency: number }): RolloutPlan {
  const changed = input.machines.filter((m) => m.changes).sort(byName);
  const unchanged = input.machines.filter((m) => !m.changes).sort(byName);
  let canary: PlanMachine | undefined;
  if (input.canary) {
    canary = changed.find((m) => m.machine === input.canary);
    if (!canary) {
      const known = input.machines.some((m) => m.machine === input.canary);
      const which = changed.length
        ? `one of the machines whose system the update changes: ${changed.map((m) => m.machine).join(', ')}`
        : 'left out: the update changes no machine';
      return {
        ok: false,
        problem: known
          ? `canary ${input.canary}: the update does not change its system, so it cannot go first; choose ${which}.`
          : `canary ${input.canary} is not a machine of this network's preview; choose ${which}.`,
      };
    }
  } else {
    canary = [...changed].sort((a, b) => a.apps - b.apps || byName(a, b))[0];
  }
  const concurrency = Math.max(1, Math.floor(input.concurrency));
  const rest = changed.filter((m) => m !== canary);
  const entry = (m: PlanMachine, wave: number, state: RolloutMachineState): RolloutMachine => ({
    machine: m.machine,
    wave,
    state,
    fromGeneration: m.fromGeneration,
    toGeneration: null,
    taskIds: [],
    reason: null,
    startedAt: null,
    finishedAt: null,
  });
  const machines: RolloutMachine[] = canary ? [entry(canary, 0, RolloutMachineState.Pending)] : [];
  rest.forEach((m, i) => machines.push(entry(m, 1 + Math.floor(i / concurrency), RolloutMachineState.Pending)));
  const after = machines.length ? (machines[machines.length - 1]?.wave ?? 0) + 1 : 0;
  for (const m of unchanged) machines.push(entry(m, after, RolloutMachineState.Unchanged));
  return { ok: true, canary: canary?.machine ?? '', machines };
}

/** The waves still to run, in order: each the machines of that wave that are pending or were interrupted while updating. */
export function wavesToRun(machines: readonly RolloutMachine[]): string[][] {
  const todo = machines.filter((m) => m.state === RolloutMachineState.Pending || m.state === RolloutMachineState.Updating);
  const waves = [...new Set(todo.map((m) => m.wave))].sort((a, b) => a - b);
  return waves.map((w) => todo.filter((m) => m.wave === w).map((m) => m.machine));
}

/** Machines the rollout is about (the update changes their system). */
export function inScope(machines: readonly RolloutMachine[]): RolloutMachine[] {
  return machines.filter((m) => m.state !== RolloutMachineState.Unchanged);
}

/** "1 of 3 machines updated" (of the machines the update changes). */
export function progressSentence(machines: readonly RolloutMachine[]): string {
  const scope = inScope(machines);
  const updated = scope.filter((m) => m.state === RolloutMachineState.Updated).length;
  return `${updated} of ${scope.length} ${scope.length === 1 ? 'machine' : 'machines'} updated`;
}

/** "Aborted: 1 machine taken back to the generation it ran before". */
export function abortSentence(reverted: number): string {
  if (reverted === 0) return 'Aborted: no machine had to be taken back';
  return reverted === 1
    ? 'Aborted: 1 machine taken back to the generation it ran before'
    : `Aborted: ${reverted} machines taken back to the generations they ran before`;
}

const ROLLED_BACK = /the panel rolled back to generation (\d+), which is running and healthy/;

/**
 * What a failed deployment of the update means for the machine: the deploy job
 * rolls back by itself on a failed health probe (VmDeployer), and says so in
 * its error; anything else left the machine failed.
 */
export function deployFailure(
  machine: string,
  error: string,
): { state: RolloutMachineState.RolledBack | RolloutMachineState.Failed; headline: string; reason: string } {
  const back = ROLLED_BACK.exec(error);
  if (back) {
    const headline = `${machine} failed its health check after the update, rolled back to generation ${back[1]}`;
    return { state: RolloutMachineState.RolledBack, headline, reason: `${headline}. ${error}` };
  }
  if (/failed its health check/.test(error)) {
    const headline = `${machine} failed its health check after the update and could not be rolled back`;
    return { state: RolloutMachineState.Failed, headline, reason: `${headline}. ${error}` };
  }
  const headline = `${machine} could not be deployed with the update`;
  return { state: RolloutMachineState.Failed, headline, reason: `${headline}. ${error}` };
}

/** The lock commit's message: a subject and the trailer VmAutoDeploy and people recognise the rollout by. */
export function rolloutCommitMessage(verb: 'Update' | 'Revert', rev: string, rolloutId: string): string {
  return `${verb} clan to ${rev.slice(0, 12)}\n\nClan-Rollout: ${rolloutId}\n`;
}
