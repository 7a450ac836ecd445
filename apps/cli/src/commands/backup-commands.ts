import type { Command } from 'commander';
import type { CliContext } from '../app/context';
import type { ExitCode } from '../lib/exit-codes';
import { backupListCommand, backupRestoreCommand, backupRunCommand, backupStatusCommand } from './backup';

type Action = (ctx: CliContext, ...args: never[]) => Promise<ExitCode | void>;
type RunAction = (action: Action) => (...args: unknown[]) => Promise<void>;

const HELP = `
run and restore follow their task to its end (exit 4 if it fails); with --no-wait they print the
task id and return. status exits 4 when something is not backed up.

Examples:
  clanctl backup status                      # your own devices: safe or needs attention
  clanctl backup status family               # every machine and device of the network
  clanctl backup run family/nas
  clanctl backup list family/nas
  clanctl backup restore family/nas 8c1f882f /srv/photos/2024 --target /srv/restore`;

/** `clanctl backup …` (docs/backups.md). */
export function registerBackupCommands(program: Command, run: RunAction): void {
  const backup = program.command('backup').description('backups: status, run, snapshots, restore').addHelpText('after', HELP);
  backup
    .command('status [network[/name]]')
    .description("a network's machines and devices (coverage, freshness, integrity, size); without a network: your own devices")
    .action(run((ctx, ref) => backupStatusCommand(ctx, ref)));
  backup
    .command('run <network/name>')
    .description('back up a machine or device now (its policies the panel runs)')
    .option('--policy <id>', 'only the policy whose id starts with this')
    .option('--no-wait', 'print the task id and return at once')
    .action(run((ctx, ref, options) => backupRunCommand(ctx, ref, options)));
  backup
    .command('list <network[/name]>')
    .description('snapshots, newest first')
    .action(run((ctx, ref) => backupListCommand(ctx, ref)));
  backup
    .command('restore <network/name> <snapshot> <path>')
    .description('restore a file or directory of a snapshot to where it was (asks first), or under --target')
    .option('--target <dir>', 'restore under this directory instead (host admins): the file lands at <dir><path>')
    .option('-y, --yes', 'do not ask (needed without a terminal)')
    .option('--no-wait', 'print the task id and return at once')
    .action(run((ctx, ref, snapshot, path, options) => backupRestoreCommand(ctx, ref, snapshot, path, options)));
}
