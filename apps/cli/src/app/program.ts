import { appKeys } from '@clan/nix-schema';
import { NETWORK_SYSTEMS } from '@clan/contracts';
import { Command, CommanderError, Option } from 'commander';
import {
  configDiffCommand,
  configHistoryCommand,
  configRevertCommand,
  configSetRawCommand,
  configShowCommand,
  configStatusCommand,
} from '../commands/config';
import { registerBackupCommands } from '../commands/backup-commands';
import { registerPeerCommands } from '../commands/peer-commands';
import { healthCommand } from '../commands/health';
import { loginCommand } from '../commands/login';
import { logoutCommand } from '../commands/logout';
import { machineCreateCommand, machineListCommand, machineSetCommand, machineShowCommand } from '../commands/machine';
import { networkCreateCommand, networkListCommand, networkShowCommand } from '../commands/network';
import { TASK_STATUSES, taskCancelCommand, taskListCommand, taskLogCommand, taskShowCommand } from '../commands/task';
import {
  updateCheckCommand,
  updatePreviewCommand,
  updateRolloutActionCommand,
  updateRolloutCommand,
  updateStatusCommand,
} from '../commands/update';
import { tokenCreateCommand, tokenListCommand, tokenRevokeAllCommand, tokenRevokeCommand } from '../commands/token';
import { describeError } from '../lib/errors';
import { ExitCode } from '../lib/exit-codes';
import { type CliDeps, CliContext, type GlobalOptions } from './context';
import { registerConsoleCommands } from './console-commands';
import { registerMeshCommands } from './mesh-commands';
import { registerMetricsCommand } from './metrics-command';
import { registerVmCommands } from './vm-commands';

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
  token
    .command('revoke-all')
    .description("revoke every one of your API tokens, this machine's login too (tokens survive a password change)")
    .action(run(tokenRevokeAllCommand));

  const network = program.command('network').description('create, list and inspect networks');
  network.command('list').description('networks you belong to (host admins: all)').action(run(networkListCommand));
  network
    .command('create <name>')
    .description('create a network; you become its owner (needs host Sys.Modify)')
    .option('--description <text>', 'what the network is for')
    .addOption(
      new Option('--system <system>', 'what its machines run: nixos (default) or demo (a tiny test system, not NixOS)').choices(
        NETWORK_SYSTEMS,
      ),
    )
    .action(run((ctx, name, options) => networkCreateCommand(ctx, name, options)));
  network
    .command('show <network>')
    .description('one network (by name or id): members, revision, link and git clone command')
    .action(run((ctx, ref) => networkShowCommand(ctx, ref)));

  const machine = program.command('machine').description("list, create, change and inspect a network's machines");
  machine
    .command('list <network>')
    .description('the machines of a network')
    .action(run((ctx, ref) => machineListCommand(ctx, ref)));
  machine
    .command('create <network/machine>')
    .description('add a machine to the network configuration (one commit)')
    .option('--app <app>', `switch an app on (repeatable): ${APP_LIST}`, collect)
    .option('--set <path=value>', SET_HELP, collect)
    .option('--dry-run', 'show the diff that would be committed; commit nothing')
    .option('-m, --message <text>', 'commit message (default: generated)')
    .addHelpText('after', SET_EXAMPLES)
    .action(run((ctx, ref, options) => machineCreateCommand(ctx, ref, options)));
  machine
    .command('set <network/machine>')
    .description("change a machine's configuration (the network layer, or with --overrides the local layer)")
    .option('--set <path=value>', SET_HELP, collect)
    .option('--unset <path>', 'remove a setting or list item (repeatable)', collect)
    .option('--overrides', "change the machine's local overrides instead of the network layer")
    .option('--dry-run', 'show the diff that would be committed; commit nothing')
    .option('-m, --message <text>', 'commit message (default: generated)')
    .addHelpText('after', SET_EXAMPLES)
    .action(run((ctx, ref, options) => machineSetCommand(ctx, ref, options)));
  machine
    .command('show <network/machine>')
    .description("a machine's configuration: the network layer, or --effective / --overrides")
    .addOption(new Option('--effective', 'the merged configuration the machine runs').conflicts('overrides'))
    .option('--overrides', 'only the local overrides')
    .action(run((ctx, ref, options) => machineShowCommand(ctx, ref, options)));

  const config = program.command('config').description("a network's configuration repository: history, diffs, reverts, configs.json");
  config
    .command('history <network>')
    .description('revisions, newest first')
    .option('--limit <n>', 'at most this many (1–200, default 50)')
    .option('--offset <n>', 'skip this many newest revisions')
    .option('--path <file>', 'only revisions touching this file, e.g. configs.json')
    .action(run((ctx, ref, options) => configHistoryCommand(ctx, ref, options)));
  config
    .command('diff <network> <from> [to]')
    .description('unified diff between two revisions (to: the newest)')
    .action(run((ctx, ref, from, to) => configDiffCommand(ctx, ref, from, to)));
  config
    .command('revert <network> <revision>')
    .description('a new revision whose files equal <revision> (history is kept)')
    .option('--dry-run', 'show the diff that would be committed; commit nothing')
    .option('-m, --message <text>', 'commit message (default: generated)')
    .action(run((ctx, ref, revision, options) => configRevertCommand(ctx, ref, revision, options)));
  config
    .command('show <network>')
    .description('configs.json: a summary, or --raw exactly as committed')
    .option('--raw', 'print configs.json byte for byte')
    .option('--revision <sha>', 'at this revision (default: the newest)')
    .action(run((ctx, ref, options) => configShowCommand(ctx, ref, options)));
  config
    .command('set-raw <network> <file>')
    .description('replace configs.json with a file ("-": stdin); the panel validates it first')
    .option('--base <revision>', 'refuse (409) when the newest revision is not this one')
    .option('--dry-run', 'validate and show the diff; commit nothing')
    .option('-m, --message <text>', 'commit message (default: generated)')
    .action(run((ctx, ref, file, options) => configSetRawCommand(ctx, ref, file, options)));
  config
    .command('status <network>')
    .description('newest revision, link, and per machine what is deployed')
    .action(run((ctx, ref) => configStatusCommand(ctx, ref)));

  const update = program.command('update').description('updates of networks that follow an upstream (docs/updates.md)');
  update
    .command('status')
    .description('what each network follows, what its flake.lock pins and whether an update is available')
    .option('--network <network>', 'only this network (name or id)')
    .action(run((ctx, options) => updateStatusCommand(ctx, options)));
  update
    .command('check')
    .description('check the upstream for a newer revision now (every network that follows one, or --network)')
    .option('--network <network>', 'only this network (name or id)')
    .action(run((ctx, options) => updateCheckCommand(ctx, options)));
  update
    .command('preview')
    .description("build every machine with the upstream's newest revision and show what would change (nothing is deployed)")
    .option('--network <network>', 'the network (name or id; default: the only one you see)')
    .option('--wait', 'follow the task, then print per machine: changes, reboot, packages, download')
    .action(run((ctx, options) => updatePreviewCommand(ctx, options)));
  update
    .command('rollout')
    .description('roll the ready preview out machine by machine, canary first; halts on the first failure (exit 4 with the reason)')
    .option('--network <network>', 'the network (name or id; default: the only one you see)')
    .option('--preview <id>', 'the preview to roll out (default: the latest ready one)')
    .option('--canary <machine>', 'the machine updated first (default: the panel picks the one with the fewest apps)')
    .option('--concurrency <n>', 'machines updated at once after the canary (1–8, default 1)')
    .option('--soak <seconds>', 'how long each machine must stay healthy (0–3600, default 120)')
    .option('--no-wait', 'start it and print the task id; follow nothing')
    .action(run((ctx, options) => updateRolloutCommand(ctx, options)));
  update
    .command('resume')
    .description('a halted rollout: try the machine that failed again, then go on')
    .option('--network <network>', 'the network (name or id; default: the only one you see)')
    .option('--no-wait', 'start it and print the task id; follow nothing')
    .action(run((ctx, options) => updateRolloutActionCommand(ctx, 'resume', options)));
  update
    .command('skip <machine>')
    .description('a halted rollout: leave <machine> on what it runs now, then go on')
    .option('--network <network>', 'the network (name or id; default: the only one you see)')
    .option('--no-wait', 'start it and print the task id; follow nothing')
    .action(run((ctx, machine, options) => updateRolloutActionCommand(ctx, 'skip', options, machine)));
  update
    .command('abort')
    .description('the current rollout: every machine it updated goes back to the generation it ran before; the old lock is restored')
    .option('--network <network>', 'the network (name or id; default: the only one you see)')
    .option('--no-wait', 'start it and print the task id; follow nothing')
    .action(run((ctx, options) => updateRolloutActionCommand(ctx, 'abort', options)));

  registerVmCommands(program, run);
  registerMetricsCommand(program, run);
  registerConsoleCommands(program, run);
  registerBackupCommands(program, run);
  registerPeerCommands(program, run);
  registerMeshCommands(program, run);

  return program;
}

/** Repeatable options collect into a list. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const APP_LIST = appKeys.join(', ');
const SET_HELP = 'set a value (repeatable); the value is JSON when it parses (2, true, ["a"]), else text';
const SET_EXAMPLES = `
Paths are dotted keys with [n] list indices ([length] appends), e.g.:
  --set resources.vcpus=2 --set adminMode=shared
  --set applications.syncthing.sharedFolders[0]=/shared/docs
  --set 'applications.syncthing.sharedFolders=["/a","/b"]'
  --app mumbleClient --set applications.mumbleClient.server=mumble.clan`;

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
