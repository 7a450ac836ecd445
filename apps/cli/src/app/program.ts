import { Command, CommanderError, Option } from 'commander';
import { healthCommand } from '../commands/health';
import { loginCommand } from '../commands/login';
import { logoutCommand } from '../commands/logout';
import { TASK_STATUSES, taskCancelCommand, taskListCommand, taskLogCommand, taskShowCommand } from '../commands/task';
import { tokenCreateCommand, tokenListCommand, tokenRevokeCommand } from '../commands/token';
import { describeError } from '../lib/errors';
import { ExitCode } from '../lib/exit-codes';
import { type CliDeps, CliContext, type GlobalOptions } from './context';

export const CLI_VERSION = '0.1.0';

const EXIT_HELP = `
Exit codes: 0 ok · 1 the panel answered an error · 2 bad usage · 3 panel unreachable · 4 followed task failed
Environment: CLAN_URL, CLAN_TOKEN override the stored login; config in $XDG_CONFIG_HOME/clanctl/config.json`;

type Action = (ctx: CliContext, ...args: never[]) => Promise<ExitCode | void>;

/** Builds the command tree. Each action records its exit code in `state`. */
export function buildProgram(deps: CliDeps, state: { exitCode: ExitCode }): Command {
  const program = new Command('clanctl')
    .description('Command-line client for the cLAN panel')
    .version(CLI_VERSION, '-V, --version')
    .option('--url <url>', 'panel URL (default: stored login, CLAN_URL, or http://localhost:8080)')
    .option('--token <token>', 'API token (default: CLAN_TOKEN or the stored login)')
    .option('--json', 'machine-readable JSON on stdout, nothing else')
    .addHelpText('after', EXIT_HELP)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.out(s),
      writeErr: (s) => deps.err(s),
    });

  /** Wraps an action: builds the context from global options, records the exit code. */
  const run =
    (action: Action) =>
    async (...args: unknown[]): Promise<void> => {
      const command = args[args.length - 1] as Command;
      const ctx = new CliContext(deps, command.optsWithGlobals<GlobalOptions>());
      const code = await action(ctx, ...(args.slice(0, -1) as never[]));
      state.exitCode = code ?? ExitCode.Ok;
    };

  program.command('health').description("show the panel's health and its components").action(run(healthCommand));

  program
    .command('login')
    .description('sign in and store an API token for later commands')
    .option('--username <name>', 'user name (else prompted)')
    .option('--password-stdin', 'read the password from stdin (for scripts)')
    .option('--totp <code>', 'two-factor code, when the account has one (else prompted)')
    .action(run((ctx, options) => loginCommand(ctx, options)));

  program
    .command('logout')
    .description('revoke the stored API token and forget it')
    .option('--local', 'only forget it here (when the panel is gone); the token stays valid')
    .action(run((ctx, options) => logoutCommand(ctx, options)));

  const task = program.command('task').description('list, inspect, follow and cancel tasks');
  task
    .command('list')
    .description('tasks you may see, newest first')
    .addOption(new Option('--status <status>', 'only tasks in this state').choices(TASK_STATUSES))
    .option('--type <type>', 'only tasks of this type, e.g. host.diagnostics')
    .option('--network <networkId>', 'only tasks of this network')
    .option('--limit <n>', 'at most this many (1–200, default 50)')
    .action(run((ctx, options) => taskListCommand(ctx, options)));
  task
    .command('show <id>')
    .description('one task with its progress')
    .action(run((ctx, id) => taskShowCommand(ctx, id)));
  task
    .command('log <id>')
    .description("print a task's log")
    .option('-f, --follow', 'keep printing until the task finishes (exit 4 if it fails or is cancelled)')
    .action(run((ctx, id, options) => taskLogCommand(ctx, id, options)));
  task
    .command('cancel <id>')
    .description('ask a queued or running task to stop')
    .action(run((ctx, id) => taskCancelCommand(ctx, id)));

  const token = program.command('token').description('manage your API tokens');
  token
    .command('create <name>')
    .description('create an API token; prints the secret once')
    .option('--expires <when>', 'a span (12h, 30d, 6w, 3m, 1y) or a date (2026-01-31); default never')
    .action(run((ctx, name, options) => tokenCreateCommand(ctx, name, options)));
  token.command('list').description('your API tokens (never their secrets)').action(run(tokenListCommand));
  token
    .command('revoke <id>')
    .description('revoke one of your API tokens')
    .action(run((ctx, id) => tokenRevokeCommand(ctx, id)));

  return program;
}

/** Runs one invocation and answers its exit code; never throws. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<ExitCode> {
  const state = { exitCode: ExitCode.Ok };
  const program = buildProgram(deps, state);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return state.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version "errors" are successes; commander has already printed the message.
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.help' ? ExitCode.Ok : ExitCode.Usage;
    }
    const described = describeError(err);
    if (argv.includes('--json')) deps.err(`${JSON.stringify(described.json)}\n`);
    else deps.err(`clanctl: ${described.message}\n`);
    return described.exitCode;
  }
}
