import type { MeshAgentEnrolment, MeshAgentPeerState } from '@clan/contracts';
import { PEER_NAME_PATTERN } from '@clan/vpn';
import type { CliContext } from '../app/context';
import { MeshAgent } from '../agent/agent';
import { Backoff } from '../agent/backoff';
import type { MeshDriver } from '../agent/driver';
import { createDriver, defaultInterface } from '../agent/drivers';
import { enrolWithInvite, enrolWithToken, hostnameLabel, parseInvite } from '../agent/enrol';
import { timestampedLog } from '../agent/log';
import { type CommandRunner, SystemRunner } from '../agent/runner';
import { AgentState, DEFAULT_STATE_DIR } from '../agent/state';
import { wgPeerNames } from '../agent/wireguard-driver';
import { PanelApi } from '../lib/api';
import { normaliseUrl, resolveConnection } from '../lib/config';
import { CliError, UsageError } from '../lib/errors';
import { ExitCode } from '../lib/exit-codes';
import { formatWhen, keyValues, table } from '../lib/format';
import { resolveNetwork } from './network';

/** `clanctl mesh …` (docs/mesh-agent.md): the device agent of a network's mesh. */

export interface MeshUpOptions {
  invite?: string;
  network?: string;
  name?: string;
  panel?: string;
  stateDir?: string;
  interface?: string;
  endpoint?: string;
  groups?: string;
  resolvConf?: string;
  offlineAfter?: string;
}

export interface MeshStateOptions {
  stateDir?: string;
  interface?: string;
}

/** What `mesh up` needs of the system beyond the CLI's deps; tests pass fakes. */
export interface MeshRuntime {
  runner: CommandRunner;
  /** Calls `handler` on SIGTERM/SIGINT; answers the function that stops listening. */
  onStopSignal(handler: () => void): () => void;
  version: string;
  backoff?: Backoff;
  statusIntervalMs?: number;
  /** Replaces the driver (unit tests of the runtime). */
  driver?: (layer: MeshAgentEnrolment['layer'], interfaceName: string) => MeshDriver;
}

export function systemRuntime(version: string): MeshRuntime {
  return {
    runner: new SystemRunner(),
    version,
    onStopSignal(handler) {
      process.on('SIGTERM', handler);
      process.on('SIGINT', handler);
      return () => {
        process.off('SIGTERM', handler);
        process.off('SIGINT', handler);
      };
    },
  };
}

export const DEFAULT_OFFLINE_AFTER_SECONDS = 30;

// ── parsing ────────────────────────────────────────────────────────────────

export function parseOfflineAfter(value: string | undefined): number {
  if (value === undefined) return DEFAULT_OFFLINE_AFTER_SECONDS;
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n > 86_400) throw new UsageError(`--offline-after: "${value}" must be a number of seconds from 0 to 86400`);
  return n;
}

export function parseGroups(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const groups = value
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  for (const g of groups) {
    if (!PEER_NAME_PATTERN.test(g))
      throw new UsageError(`--groups: "${g}" must be a group name: lowercase letters, digits and inner hyphens`);
  }
  return groups;
}

function checkName(name: string): string {
  if (!PEER_NAME_PATTERN.test(name)) {
    throw new UsageError(`--name: "${name}" must be a device name: lowercase letters, digits and inner hyphens, e.g. anna-laptop`);
  }
  return name;
}

function checkInterface(name: string | undefined): string | undefined {
  if (name !== undefined && !/^[A-Za-z0-9_.-]{1,15}$/.test(name)) {
    throw new UsageError(`--interface: "${name}" must be an interface name (1–15 of A–Z, a–z, 0–9, "_", ".", "-")`);
  }
  return name;
}

// ── mesh up ────────────────────────────────────────────────────────────────

export async function meshUpCommand(ctx: CliContext, options: MeshUpOptions, runtime: MeshRuntime): Promise<ExitCode> {
  const state = new AgentState(options.stateDir ?? DEFAULT_STATE_DIR);
  const offlineAfter = parseOfflineAfter(options.offlineAfter);
  const interfaceOption = checkInterface(options.interface);
  const log = timestampedLog(
    (t) => ctx.deps.err(t),
    () => ctx.now(),
  );

  let enrolment = state.readEnrolment();
  if (enrolment) {
    if (options.invite || options.network) {
      log(
        `already enrolled as ${enrolment.peer} in ${enrolment.network}: --invite/--network not used (delete ${state.dir} to enrol again)`,
      );
    }
  } else {
    enrolment = await enrol(ctx, state, options);
    log(`enrolled as ${enrolment.peer}.${enrolment.network}.clan (${enrolment.layer}); state in ${state.dir}`);
  }
  const privateKey = state.readPrivateKey();
  if (!privateKey) {
    throw new CliError(
      `${state.path('agent.json')} exists but ${state.path('private.key')} does not: delete ${state.dir} and enrol again.`,
    );
  }

  const interfaceName = interfaceOption ?? defaultInterface(enrolment.layer);
  const driver =
    runtime.driver?.(enrolment.layer, interfaceName) ??
    createDriver(enrolment.layer, runtime.runner, { interfaceName, stateDir: state.dir, privateKey, resolvConf: options.resolvConf }, log);
  const agent = new MeshAgent({
    enrolment,
    driver,
    state,
    log,
    version: runtime.version,
    offlineAfterMs: offlineAfter * 1000,
    statusIntervalMs: runtime.statusIntervalMs,
    backoff: runtime.backoff,
  });
  const stopListening = runtime.onStopSignal(() => {
    log('stopping (`clanctl mesh down` takes the interface down)');
    agent.stop();
  });
  try {
    return (await agent.run()) === 0 ? ExitCode.Ok : ExitCode.ApiError;
  } finally {
    stopListening();
  }
}

async function enrol(ctx: CliContext, state: AgentState, options: MeshUpOptions): Promise<MeshAgentEnrolment> {
  const name = checkName(options.name ?? hostnameLabel(ctx.deps.hostname()));
  const request = {
    name,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.groups !== undefined ? { groups: parseGroups(options.groups) } : {}),
  };
  const fetchImpl = ctx.deps.fetch ?? globalThis.fetch;
  let panelUrl: string;
  let enrolment: MeshAgentEnrolment;
  if (options.invite) {
    const invite = parseInvite(options.invite);
    const given = options.panel ?? invite.panelUrl;
    if (!given) throw new UsageError('--invite: a bare token needs --panel <url> (or pass the whole invite link)');
    panelUrl = normaliseUrl(given);
    state.ensureDir();
    enrolment = await enrolWithInvite(fetchImpl, state, panelUrl, invite.token, request);
  } else if (options.network) {
    const connection = options.panel
      ? resolveConnection({ url: options.panel, token: ctx.globals.token }, ctx.deps.env, ctx.stored)
      : ctx.connection;
    if (!connection.token) {
      throw new UsageError(`--network needs an API token for ${connection.url}: run \`clanctl login\`, pass --token, or use --invite`);
    }
    panelUrl = connection.url;
    const api = new PanelApi(panelUrl, connection.token, { fetch: ctx.deps.fetch });
    const network = await resolveNetwork(api, options.network);
    const mesh = await api.mesh.get(network.id);
    state.ensureDir();
    enrolment = await enrolWithToken(fetchImpl, state, panelUrl, connection.token, network.id, mesh.layer.kind, request);
  } else {
    throw new UsageError(`${state.dir} holds no enrolment yet: give --invite <link> (or --network <network> with a login)`);
  }
  // The URL that worked for enrolling is tried first, whatever the panel believes its address is.
  const stored = { ...enrolment, panelUrls: [panelUrl, ...enrolment.panelUrls.filter((u) => u.replace(/\/+$/, '') !== panelUrl)] };
  state.writeEnrolment(stored);
  return stored;
}

// ── mesh status / down ─────────────────────────────────────────────────────

function enrolled(state: AgentState): MeshAgentEnrolment {
  const enrolment = state.readEnrolment();
  if (!enrolment) throw new CliError(`${state.dir} holds no enrolment: run \`clanctl mesh up --invite <link>\` first.`);
  return enrolment;
}

function stateDriver(
  state: AgentState,
  enrolment: MeshAgentEnrolment,
  options: MeshStateOptions,
  runtime: Pick<MeshRuntime, 'runner' | 'driver'>,
  log: (s: string) => void,
): MeshDriver {
  const interfaceName = checkInterface(options.interface) ?? state.readApplied()?.interfaceName ?? defaultInterface(enrolment.layer);
  const privateKey = state.readPrivateKey();
  if (!privateKey) throw new CliError(`${state.path('private.key')} is missing: delete ${state.dir} and enrol again.`);
  return (
    runtime.driver?.(enrolment.layer, interfaceName) ??
    createDriver(enrolment.layer, runtime.runner, { interfaceName, stateDir: state.dir, privateKey }, log)
  );
}

export async function meshStatusCommand(
  ctx: CliContext,
  options: MeshStateOptions,
  runtime: Pick<MeshRuntime, 'runner' | 'driver'>,
): Promise<void> {
  const state = new AgentState(options.stateDir ?? DEFAULT_STATE_DIR);
  const enrolment = enrolled(state);
  const applied = state.readApplied();
  const cached = state.readLastConfig();
  const driver = stateDriver(state, enrolment, options, runtime, (s) => ctx.note(s));
  let peers: MeshAgentPeerState[] | null = null;
  let interfaceError: string | null = null;
  try {
    peers = await driver.status();
  } catch (err) {
    interfaceError = (err as Error).message;
  }
  const names = cached && enrolment.layer === 'wireguard' ? wgPeerNames(cached.config) : new Map<string, string>();
  const { agentToken: _secret, ...shown } = enrolment;
  void _secret;
  const json = {
    enrolment: shown,
    interface: driver.interfaceName,
    applied,
    cachedRevision: cached?.revision ?? null,
    up: peers !== null,
    interfaceError,
    peers: peers?.map((p) => ({ ...p, name: names.get(p.publicKey) ?? null })) ?? [],
  };
  ctx.print(json, () => {
    const head = keyValues([
      ['device', `${enrolment.peer}.${enrolment.network}.clan`],
      ['layer', enrolment.layer],
      ['panel', enrolment.panelUrls.join(', ')],
      ['interface', peers ? `${driver.interfaceName} (up)` : `${driver.interfaceName} (down: ${interfaceError})`],
      ['applied', applied ? appliedText(applied, ctx.now()) : 'nothing yet'],
      ['cached', cached ? `revision ${cached.revision}` : 'none'],
    ]);
    if (!peers || peers.length === 0) return `${head}\n\n${peers ? 'No peers.' : ''}`.trimEnd();
    const nowSeconds = Math.floor(ctx.now().getTime() / 1000);
    const rows = table(json.peers, [
      { header: 'peer', value: (p) => p.name ?? '—' },
      { header: 'public key', value: (p) => `${p.publicKey.slice(0, 12)}…` },
      { header: 'endpoint', value: (p) => p.endpoint ?? '—' },
      {
        header: 'last handshake',
        value: (p) => (p.latestHandshake === null ? 'never' : `${Math.max(0, nowSeconds - p.latestHandshake)} s ago`),
      },
    ]);
    return `${head}\n\n${rows}`;
  });
}

function appliedText(a: NonNullable<ReturnType<AgentState['readApplied']>>, now: Date): string {
  const mode =
    a.mode === 'full'
      ? ''
      : a.mode === 'host-only'
        ? ' (only the panel host, waiting for the panel)'
        : ' (cached: the panel was unreachable)';
  return `revision ${a.revision}${mode}, ${a.peers} peer${a.peers === 1 ? '' : 's'}, ${formatWhen(a.appliedAt, now)}`;
}

export async function meshDownCommand(
  ctx: CliContext,
  options: MeshStateOptions,
  runtime: Pick<MeshRuntime, 'runner' | 'driver'>,
): Promise<void> {
  const state = new AgentState(options.stateDir ?? DEFAULT_STATE_DIR);
  const enrolment = enrolled(state);
  const driver = stateDriver(state, enrolment, options, runtime, (s) => ctx.note(s));
  await driver.down();
  state.deleteApplied();
  ctx.print(
    { interface: driver.interfaceName, down: true },
    () => `${driver.interfaceName} is down; the enrolment is kept (\`clanctl mesh up\` brings it back).`,
  );
}
