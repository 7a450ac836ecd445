import type { Command } from 'commander';
import { generationGcCommand, generationListCommand, generationRollbackCommand } from '../commands/generation';
import {
  deployCommand,
  POWER_ACTION_HELP,
  VM_POWER_ACTIONS,
  vmListCommand,
  vmLogCommand,
  vmPowerCommand,
  vmStatusCommand,
} from '../commands/vm';
import type { ExitCode } from '../lib/exit-codes';
import type { CliContext } from './context';

type Action = (ctx: CliContext, ...args: never[]) => Promise<ExitCode | void>;
/** `buildProgram`'s wrapper: builds the context and records the action's exit code. */
export type RunAction = (action: Action) => (...args: unknown[]) => Promise<void>;

const FOLLOW_HELP = `
Power actions, deploy, rollback and gc follow their task to its end (exit 4 if it fails or is
cancelled); with --no-wait they print the task id and return.`;
const NO_WAIT = 'print the task id and return at once instead of following the task';

/** The VM manager's commands (docs/vms.md): `vm …`, `deploy`, `generation …`. */
export function registerVmCommands(program: Command, run: RunAction): void {
  const vm = program
    .command('vm')
    .description("a machine's VM: power actions, status, serial log; the host's VMs")
    .addHelpText('after', FOLLOW_HELP);
  for (const action of VM_POWER_ACTIONS) {
    vm.command(`${action} <network/machine>`)
      .description(POWER_ACTION_HELP[action].help)
      .option('--no-wait', NO_WAIT)
      .action(run((ctx, ref, options) => vmPowerCommand(ctx, action, ref, options)));
  }
  vm.command('status <network/machine>')
    .description('state, uptime, generations, health, drift and the action under way')
    .action(run((ctx, ref) => vmStatusCommand(ctx, ref)));
  vm.command('list')
    .description('every VM of this panel on the host, unknown ones flagged (needs host Sys.Audit)')
    .action(run(vmListCommand));
  vm.command('log <network/machine>')
    .description("the end of the VM's serial console output since its last boot")
    .option('--tail <bytes>', 'bytes from the end (1–1048576, default 65536)')
    .action(run((ctx, ref, options) => vmLogCommand(ctx, ref, options)));

  program
    .command('deploy <network/machine>')
    .description('build the machine and boot the result as a new generation; follows the build, then the deployment')
    .option('--revision <rev>', 'a commit id, HEAD or HEAD~n (default: the newest revision)')
    .option('--no-wait', 'print the build task id and return at once')
    .action(run((ctx, ref, options) => deployCommand(ctx, ref, options)));

  const generation = program
    .command('generation')
    .description("a machine's generations: list, roll back, garbage-collect")
    .addHelpText('after', FOLLOW_HELP);
  generation
    .command('list <network/machine>')
    .description('generations, newest first: status, revision, build time, size')
    .action(run((ctx, ref) => generationListCommand(ctx, ref)));
  generation
    .command('rollback <network/machine> <number>')
    .description('boot an earlier generation again (the VM restarts; asks first)')
    .option('-y, --yes', 'do not ask (needed without a terminal)')
    .option('--no-wait', NO_WAIT)
    .action(run((ctx, ref, number, options) => generationRollbackCommand(ctx, ref, number, options)));
  generation
    .command('gc')
    .description('delete old generations of every machine, keeping the last N and every one in use (needs host Sys.Modify)')
    .option('--keep <n>', "generations to keep per machine (1–100, default: the panel's CLAN_GENERATIONS_KEEP)")
    .option('--no-wait', NO_WAIT)
    .action(run((ctx, options) => generationGcCommand(ctx, options)));
}
