import type { Command } from 'commander';
import { meshDownCommand, type MeshRuntime, meshStatusCommand, meshUpCommand, systemRuntime } from '../commands/mesh';
import type { ExitCode } from '../lib/exit-codes';
import type { CliContext } from './context';

type Action = (ctx: CliContext, ...args: never[]) => Promise<ExitCode | void>;
type RunAction = (action: Action) => (...args: unknown[]) => Promise<void>;

const HELP = `
Runs as root on the device (it creates the interface, nftables rules and DNS settings).
The first run enrols the device; later runs only need the state directory.

Examples:
  sudo clanctl mesh up --invite https://panel.example.org/join/3q2…
  sudo clanctl mesh up --network family --name nas --groups servers
  sudo clanctl mesh status
  sudo clanctl mesh down

See docs/mesh-agent.md (systemd unit, state directory, offline behaviour).`;

const STATE_DIR_HELP = 'where the key, enrolment and last config live (default /var/lib/clan-mesh)';

/** `clanctl mesh up|status|down` (docs/cli.md "Mesh agent"). `runtime` is replaced in tests. */
export function registerMeshCommands(
  program: Command,
  run: RunAction,
  runtime: () => MeshRuntime = () => systemRuntime(program.version() ?? '0'),
): void {
  const mesh = program
    .command('mesh')
    .description("this device in a network's mesh VPN: the agent that keeps it in step with the panel")
    .addHelpText('after', HELP);
  mesh
    .command('up')
    .description(
      'enrol (first run), bring the interface up and follow the panel until stopped (SIGTERM: exit 0, interface kept with only the host peer)',
    )
    .option('--invite <link>', 'an invite link (https://<panel>/join/<token>) or its token with --panel; only for the first run')
    .option('--network <network>', 'enrol into this network (name or id) with your API token instead of an invite')
    .option('--name <name>', 'device name when enrolling (default: the host name as a DNS label)')
    .option('--panel <url>', "panel URL (default: the invite link's origin, or the stored login)")
    .option('--state-dir <dir>', STATE_DIR_HELP)
    .option('--interface <ifname>', 'interface name (default clan-wg, or clan-ygg for Yggdrasil)')
    .option('--endpoint <host:port>', 'where other peers can reach this device, when enrolling (default: none, it dials out)')
    .option('--groups <a,b>', 'groups the device joins when enrolling (comma-separated)')
    .option('--resolv-conf <file>', 'write the mesh resolvers to this file instead of asking systemd-resolved')
    .option('--offline-after <seconds>', 'run the cached full config when the panel stays unreachable this long (default 30)')
    .action(run((ctx, options) => meshUpCommand(ctx, options, runtime())));
  mesh
    .command('status')
    .description('enrolment, the applied revision and the peers with their last handshake')
    .option('--state-dir <dir>', STATE_DIR_HELP)
    .option('--interface <ifname>', 'interface name (default: the one last applied)')
    .action(run((ctx, options) => meshStatusCommand(ctx, options, runtime())));
  mesh
    .command('down')
    .description('take the interface down; the enrolment is kept (`mesh up` brings it back)')
    .option('--state-dir <dir>', STATE_DIR_HELP)
    .option('--interface <ifname>', 'interface name (default: the one last applied)')
    .action(run((ctx, options) => meshDownCommand(ctx, options, runtime())));
}
