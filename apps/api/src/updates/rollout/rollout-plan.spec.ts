import { RolloutMachineState } from '../update-rollout.entity';
import { abortSentence, deployFailure, planRollout, progressSentence, rolloutCommitMessage, wavesToRun } from './rollout-plan';

const m = (machine: string, apps: number, changes = true, fromGeneration: number | null = 1) => ({
  machine,
  apps,
  changes,
  fromGeneration,
});

describe('planRollout', () => {
  const machines = [m('delta', 2), m('alpha', 3), m('beta', 1), m('gamma', 1), m('omega', 0, false)];

  it('default canary: the changed machine with the fewest apps, ties by name; then waves of `concurrency` in name order', () => {
    const plan = planRollout({ machines, concurrency: 2 });
    if (!plan.ok) throw new Error(plan.problem);
    expect(plan.canary).toBe('beta');
    expect(plan.machines.map((x) => [x.machine, x.wave, x.state])).toEqual([
      ['beta', 0, 'pending'],
      ['alpha', 1, 'pending'],
      ['delta', 1, 'pending'],
      ['gamma', 2, 'pending'],
      ['omega', 3, 'unchanged'],
    ]);
    expect(plan.machines[0]).toMatchObject({ fromGeneration: 1, toGeneration: null, taskIds: [], reason: null });
  });

  it('an unchanged machine never goes first, even with no apps', () => {
    const plan = planRollout({ machines, concurrency: 1 });
    expect(plan.ok && plan.canary).toBe('beta');
  });

  it("the admin's canary goes first; one machine per wave with concurrency 1", () => {
    const plan = planRollout({ machines, canary: 'gamma', concurrency: 1 });
    if (!plan.ok) throw new Error(plan.problem);
    expect(plan.machines.filter((x) => x.state === 'pending').map((x) => `${x.wave}:${x.machine}`)).toEqual([
      '0:gamma',
      '1:alpha',
      '2:beta',
      '3:delta',
    ]);
  });

  it('a canary the update does not change, or no machine at all, is a sentence naming the choices', () => {
    const unchanged = planRollout({ machines, canary: 'omega', concurrency: 1 });
    expect(unchanged).toEqual({
      ok: false,
      problem: expect.stringContaining(
        'canary omega: the update does not change its system, so it cannot go first; choose one of the machines whose system the update changes: alpha, beta, delta, gamma',
      ),
    });
    const unknown = planRollout({ machines, canary: 'zeta', concurrency: 1 });
    expect(unknown.ok === false && unknown.problem).toMatch(/^canary zeta is not a machine of this network's preview/);
  });

  it('an update that changes no machine: no canary, nothing pending', () => {
    const plan = planRollout({ machines: [m('a', 0, false)], concurrency: 1 });
    expect(plan).toMatchObject({ ok: true, canary: '' });
    expect(plan.ok && wavesToRun(plan.machines)).toEqual([]);
  });
});

describe('wavesToRun', () => {
  it('goes on from where it stands: updated, skipped and rolled-back machines are done; an interrupted one is retried', () => {
    const plan = planRollout({ machines: [m('a', 0), m('b', 1), m('c', 1), m('d', 1)], concurrency: 2 });
    if (!plan.ok) throw new Error(plan.problem);
    const state = (name: string, s: RolloutMachineState) =>
      Object.assign(
        plan.machines.find((x) => x.machine === name)!,
        { state: s },
      );
    state('a', RolloutMachineState.Updated);
    state('b', RolloutMachineState.Updating);
    expect(wavesToRun(plan.machines)).toEqual([['b', 'c'], ['d']]);
    state('b', RolloutMachineState.Skipped);
    state('c', RolloutMachineState.Updated);
    expect(wavesToRun(plan.machines)).toEqual([['d']]);
  });
});

describe('sentences', () => {
  it('progress counts the machines the update changes', () => {
    const plan = planRollout({ machines: [m('a', 0), m('b', 0), m('c', 0), m('z', 0, false)], concurrency: 1 });
    if (!plan.ok) throw new Error(plan.problem);
    plan.machines[0]!.state = RolloutMachineState.Updated;
    expect(progressSentence(plan.machines)).toBe('1 of 3 machines updated');
    expect(progressSentence(plan.machines.slice(0, 1))).toBe('1 of 1 machine updated');
  });

  it('abort', () => {
    expect(abortSentence(1)).toBe('Aborted: 1 machine taken back to the generation it ran before');
    expect(abortSentence(2)).toBe('Aborted: 2 machines taken back to the generations they ran before');
    expect(abortSentence(0)).toBe('Aborted: no machine had to be taken back');
  });

  it("a deploy error: VmDeployer's automatic rollback, a failed rollback, anything else", () => {
    const rolled = deployFailure(
      'beta',
      'Generation 2 failed its health check (the machine said unhealthy); the panel rolled back to generation 1, which is running and healthy.',
    );
    expect(rolled).toMatchObject({
      state: 'rolled-back',
      headline: 'beta failed its health check after the update, rolled back to generation 1',
    });
    expect(rolled.reason).toContain('the machine said unhealthy');
    expect(
      deployFailure('beta', 'Generation 2 failed its health check (x); the rollback to generation 1 booted but did not answer either (y).'),
    ).toMatchObject({ state: 'failed', headline: 'beta failed its health check after the update and could not be rolled back' });
    expect(deployFailure('beta', 'Generation 2 of beta no longer exists')).toMatchObject({
      state: 'failed',
      headline: 'beta could not be deployed with the update',
    });
  });

  it('commit messages carry the trailer', () => {
    expect(rolloutCommitMessage('Update', 'abcdef0123456789', 'r1')).toBe('Update clan to abcdef012345\n\nClan-Rollout: r1\n');
  });
});
