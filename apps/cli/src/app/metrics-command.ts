import { METRICS_RANGES } from '@clan/contracts';
import { type Command, Option } from 'commander';
import { metricsCommand } from '../commands/metrics';
import type { ExitCode } from '../lib/exit-codes';
import type { CliContext } from './context';

type Action = (ctx: CliContext, ...args: never[]) => Promise<ExitCode | void>;
type RunAction = (action: Action) => (...args: unknown[]) => Promise<void>;

const EXAMPLES = `
Examples:
  clanctl metrics --host
  clanctl metrics family --range day        # the sums of the network's machines
  clanctl metrics family/anna --range week --json`;

/** `clanctl metrics` (docs/cli.md): host, network or machine metrics over a range. */
export function registerMetricsCommand(program: Command, run: RunAction): void {
  program
    .command('metrics [network/machine]')
    .description('cpu, memory, disk and network use of the host (--host), a network or a machine: latest, average, maximum, trend')
    .option('--host', "the host's metrics (needs host Sys.Audit)")
    .addOption(new Option('--range <range>', 'the window ending now').choices(METRICS_RANGES).default('hour'))
    .addHelpText('after', EXAMPLES)
    .action(run((ctx, target, options) => metricsCommand(ctx, target, options)));
}
