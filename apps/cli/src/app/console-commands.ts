import type { Command } from 'commander';
import { consoleCommand } from '../commands/console';
import { recordingListCommand, recordingPlayCommand } from '../commands/recording';
import type { RunAction } from './vm-commands';

/** Consoles (docs/consoles.md): `console …` attaches a serial console; `recording …` lists and replays sessions. */
export function registerConsoleCommands(program: Command, run: RunAction): void {
  program
    .command('console <network/machine>')
    .description("attach this terminal to a machine's serial console (Ctrl-] detaches); needs Machine.Console")
    .addHelpText(
      'after',
      `
Everyone connected to the console sees the same output and may type; the session is recorded
(\`clanctl recording list\`). A dropped connection reconnects by itself without repeating output.`,
    )
    .action(run((ctx, ref) => consoleCommand(ctx, ref)));

  const recording = program.command('recording').description('recorded console and terminal sessions: list and replay');
  recording
    .command('list')
    .description('recordings you may replay, newest first (host admins: all; network admins: their machines)')
    .option('--network <network>', 'only this network (name or id)')
    .option('--machine <network/machine>', 'only this machine')
    .option('--kind <kind>', 'serial (machine consoles) or host (host shells)')
    .option('--limit <n>', 'at most this many (1–200, default 50)')
    .action(run((ctx, options) => recordingListCommand(ctx, options)));
  recording
    .command('play <id>')
    .description('replay a recording in this terminal with its timing')
    .option('--speed <factor>', 'play faster (2) or slower (0.5); default 1')
    .option('--idle-limit <seconds>', 'cap every pause at this many seconds (default 2; 0 keeps them all)')
    .action(run((ctx, id, options) => recordingPlayCommand(ctx, id, options)));
}
