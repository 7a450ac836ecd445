import type { Command } from 'commander';
import type { CliContext } from '../app/context';
import type { ExitCode } from '../lib/exit-codes';
import { peerConfigCommand, peerInviteCommand, peerListCommand, peerRemoveCommand } from './peer';

type Action = (ctx: CliContext, ...args: never[]) => Promise<ExitCode | void>;
type RunAction = (action: Action) => (...args: unknown[]) => Promise<void>;

const HELP = `
The network is a name (as \`clanctl network list\` shows it) or an id.

Examples:
  clanctl peer list family
  clanctl peer invite family --name anna-phone --phone --hours 1 --qr
  clanctl peer remove family old-laptop --yes
  clanctl peer config family laptop --out laptop.conf && sudo wg-quick up ./laptop.conf`;

/** `clanctl peer …` (docs/cli.md "Mesh peers"): the network's mesh VPN. */
export function registerPeerCommands(program: Command, run: RunAction): void {
  const peer = program.command('peer').description("a network's mesh VPN: peers, invites, removal, configs").addHelpText('after', HELP);
  peer
    .command('list <network>')
    .description('peers with address, online state, last handshake and pending sync; recent removals and who still trusts the key')
    .action(run((ctx, ref) => peerListCommand(ctx, ref)));
  peer
    .command('invite <network>')
    .description('a single-use, expiring invite link for one device (shown once) and the network link')
    .option('--name <device>', 'suggested device name, e.g. anna-phone')
    .option('--hours <h>', 'hours until the link stops working (1–720, default 24)')
    .option('--phone', 'a phone: a small relay-only config that fits a QR code')
    .option('--note <text>', 'a note for the invite list')
    .option('--qr', 'also print the link as a QR code in the terminal')
    .action(run((ctx, ref, options) => peerInviteCommand(ctx, ref, options)));
  peer
    .command('remove <network> <device>')
    .description('remove a device: its key is revoked; prints which peers still trust it until they sync (asks first)')
    .option('-y, --yes', 'do not ask (needed without a terminal)')
    .action(run((ctx, ref, device, options) => peerRemoveCommand(ctx, ref, device, options)));
  peer
    .command('config <network> <device>')
    .description("a device's mesh config (it holds the private key when the panel made it)")
    .option(
      '--format <format>',
      "one of the network's layer's config forms (WireGuard: wg-quick, the default, or syncconf for `wg syncconf`)",
    )
    .option('--out <file>', 'write it to this file (mode 0600) instead of stdout')
    .action(run((ctx, ref, device, options) => peerConfigCommand(ctx, ref, device, options)));
}
