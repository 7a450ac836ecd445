import { allPages } from '@clan/api-client';
import type { CliContext } from '../app/context';
import type { HostVm, Network, PanelApi, Task, TaskStarted, VmPowerAction, VmState, VmSummary } from '../lib/api';
import { shortSha } from '../lib/diff';
import { UsageError } from '../lib/errors';
import { ExitCode } from '../lib/exit-codes';
import { formatDuration, keyValues, type Painter, progressBar, relativeTime, table } from '../lib/format';
import { parseMachineRef } from '../lib/refs';
import { parseRevision, resolveRevision } from './config';
import { driftCell } from './machine';
import { resolveNetwork } from './network';
import { followToEnd, reportOutcome } from './task';

export const VM_POWER_ACTIONS: readonly VmPowerAction[] = ['start', 'stop', 'reboot', 'suspend', 'resume'];

/** What each power action does, for `--help` and the note printed when it starts. */
export const POWER_ACTION_HELP: Record<VmPowerAction, { help: string; doing: string }> = {
  start: { help: 'boot the VM (its current generation) and wait for its health check', doing: 'Starting' },
  stop: { help: 'shut the VM down (ACPI; forced off after 60 s)', doing: 'Stopping' },
  reboot: { help: 'stop the VM, then start it again', doing: 'Rebooting' },
  suspend: { help: 'pause the VM; its memory stays allocated', doing: 'Suspending' },
  resume: { help: 'continue a paused VM', doing: 'Resuming' },
};

/** Options of commands that start a task: commander's `--no-wait` sets `wait` to false. */
export interface WaitOption {
  wait?: boolean;
}

// ── parsing ────────────────────────────────────────────────────────────────

const SERIAL_TAIL_MAX = 1_048_576;

/** `--tail BYTES`: 1 to 1 MiB, as the panel accepts; undefined leaves the panel's default (64 KiB). */
export function parseTail(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < 1 || n > SERIAL_TAIL_MAX) {
    throw new UsageError(`--tail: "${value}" must be a number of bytes from 1 to ${SERIAL_TAIL_MAX}`);
  }
  return n;
}

/** `--revision`: HEAD, HEAD~n or a commit id of 7–40 hex digits (the panel resolves a prefix). */
export function checkDeployRevision(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = parseRevision(value.trim());
  if ('sha' in parsed && !/^[0-9a-f]{7,40}$/.test(parsed.sha)) {
    throw new UsageError(`--revision: "${value}" must be a commit id (7 to 40 hex digits), HEAD or HEAD~n`);
  }
  return value.trim();
}

// ── rendering ──────────────────────────────────────────────────────────────

/** A VM's state as the panel answers it: libvirt's, or its host being offline (docs/fleet.md). */
type ShownState = VmState | VmSummary['state'];

const STATE_STYLE: Partial<Record<ShownState, Parameters<Painter>[0]>> = {
  running: 'green',
  blocked: 'green',
  paused: 'yellow',
  pmSuspended: 'yellow',
  shuttingDown: 'yellow',
  crashed: 'red',
  shutOff: 'dim',
  undefined: 'dim',
  unknown: 'dim',
  'host-offline': 'red',
};

export function stateCell(state: ShownState, paint: Painter): string {
  const style = STATE_STYLE[state];
  return style ? paint(style, state) : state;
}

const HEALTH_STYLE = { healthy: 'green', unhealthy: 'red', checking: 'yellow', unknown: 'dim' } as const;

/** "45 s", "3m 05s", "2h 07m", "3 d 4 h". */
export function formatUptime(seconds: number): string {
  if (seconds < 86_400) return formatDuration(seconds * 1000);
  return `${Math.floor(seconds / 86_400)} d ${Math.floor((seconds % 86_400) / 3600)} h`;
}

/** `current 3 · healthy 3 · latest 4`, each "—" when there is none. */
export function generationsCell(vm: Pick<VmSummary, 'currentGeneration' | 'healthyGeneration' | 'latestGeneration'>): string {
  const n = (x: number | null) => (x === null ? '—' : String(x));
  return `current ${n(vm.currentGeneration)} · healthy ${n(vm.healthyGeneration)} · latest ${n(vm.latestGeneration)}`;
}

export function renderVmStatus(ref: string, vm: VmSummary, now: Date, paint: Painter): string {
  const noGenerations = vm.latestGeneration === null && vm.currentGeneration === null;
  const state =
    vm.state === 'undefined'
      ? `${stateCell(vm.state, paint)} (no VM on this host${noGenerations ? `; build and boot it with \`clanctl deploy ${ref}\`` : ''})`
      : vm.state === 'host-offline'
        ? `${stateCell(vm.state, paint)} (host ${vm.host.name} stopped sending heartbeats; see the panel's Hosts page)`
        : stateCell(vm.state, paint);
  const health = HEALTH_STYLE[vm.health];
  const task = vm.activeTask;
  return keyValues([
    ['Machine', paint('bold', ref)],
    ['State', state],
    ['Host', vm.host ? `${vm.host.name}${vm.host.state === 'offline' ? ` (${paint('red', 'offline')})` : ''}` : undefined],
    ['Uptime', vm.uptimeSeconds === null ? '—' : formatUptime(vm.uptimeSeconds)],
    ['Domain', vm.domainName ?? undefined],
    ['Generations', noGenerations ? 'none yet' : generationsCell(vm)],
    ['Health', `${health ? paint(health, vm.health) : vm.health}${vm.healthAt ? ` (checked ${relativeTime(vm.healthAt, now)})` : ''}`],
    ['Deployed', `${shortSha(vm.deployedRevision)} (${driftCell(vm.drift, paint)})`],
    ['Resources', `${vm.vcpus} vCPU · ${vm.memoryMiB} MiB · ${vm.stateDiskGiB} GiB`],
    ['Addresses', vm.addresses.length ? vm.addresses.join(', ') : undefined],
    [
      'Active task',
      task
        ? `${task.type} ${task.status}${task.status === 'running' ? ` ${progressBar(task.progress)}` : ''}${task.message ? ` ${task.message}` : ''} (task ${task.id})`
        : 'none',
    ],
  ]);
}

export function renderHostVms(items: readonly HostVm[], networkNames: ReadonlyMap<string, string>, paint: Painter): string {
  if (!items.length) return 'No VMs of this panel on this host.';
  const unknown = items.filter((v) => !v.known).length;
  const t = table(items, [
    { header: 'domain', value: (v) => v.domainName },
    { header: 'state', value: (v) => stateCell(v.state, paint) },
    { header: 'network', value: (v) => (v.networkId ? (networkNames.get(v.networkId) ?? v.networkId.slice(0, 8)) : '—') },
    { header: 'machine', value: (v) => v.machine ?? '—' },
    { header: 'gen', value: (v) => (v.generation === null ? '—' : String(v.generation)), align: 'right' },
    { header: 'known', value: (v) => (v.known ? 'yes' : paint('yellow', 'no — belongs to no machine')) },
  ]);
  if (!unknown) return t;
  const them = unknown === 1 ? '1 domain' : `${unknown} domains`;
  return `${t}\n\n${them} named for this panel belong${unknown === 1 ? 's' : ''} to no machine it knows; the panel leaves ${unknown === 1 ? 'it' : 'them'} alone (\`virsh undefine\` removes ${unknown === 1 ? 'it' : 'them'}).`;
}

// ── tasks ──────────────────────────────────────────────────────────────────

/**
 * After a 202: with `--no-wait` the task id alone on stdout (so
 * `TASK=$(clanctl vm start …)` works) and how to follow it on stderr; else
 * follows it to its end and answers the exit code of its outcome.
 */
export async function awaitStartedTask(
  ctx: CliContext,
  api: PanelApi,
  started: TaskStarted,
  doing: string,
  wait: boolean,
): Promise<Task | null> {
  const id = started.taskId;
  if (!wait) {
    ctx.print(started, () => id);
    ctx.note(`${doing} (task ${id}). Follow it with \`clanctl task log ${id} --follow\`.`);
    return null;
  }
  ctx.note(ctx.paint('dim', `${doing} (task ${id}); Ctrl-C stops following, not the task.`));
  return followToEnd(ctx, api, id);
}

/** Prints the followed task (--json: it, or `json`) and its outcome; answers the exit code (0 for --no-wait). */
export function finishTask(ctx: CliContext, task: Task | null, json?: unknown): ExitCode {
  if (!task) return ExitCode.Ok;
  if (ctx.json) ctx.print(json ?? task, () => '');
  return reportOutcome(ctx, task);
}

interface Target {
  api: PanelApi;
  vm: PanelApi['vms'];
  network: Network;
  machine: string;
  /** `family/anna`, with the network's name even when it was given by id. */
  label: string;
}

/** Parses `<network>/<machine>` (usage errors first, before any request) and finds the network. */
export async function resolveTarget(ctx: CliContext, ref: string): Promise<Target> {
  const { network: networkRef, machine } = parseMachineRef(ref);
  const api = ctx.api();
  const network = await resolveNetwork(api, networkRef);
  return { api, vm: api.vms, network, machine, label: `${network.name}/${machine}` };
}

// ── commands ───────────────────────────────────────────────────────────────

export async function vmPowerCommand(ctx: CliContext, action: VmPowerAction, ref: string, options: WaitOption): Promise<ExitCode> {
  const t = await resolveTarget(ctx, ref);
  const started = await t.vm.power(t.network.id, t.machine, action);
  const task = await awaitStartedTask(ctx, t.api, started, `${POWER_ACTION_HELP[action].doing} ${t.label}`, options.wait !== false);
  const code = finishTask(ctx, task);
  const state = task?.result?.['state'];
  if (task?.status === 'succeeded' && typeof state === 'string') ctx.note(`${t.label} is ${state}.`);
  return code;
}

export async function vmStatusCommand(ctx: CliContext, ref: string): Promise<void> {
  const t = await resolveTarget(ctx, ref);
  const summary = await t.vm.get(t.network.id, t.machine);
  ctx.print(summary, () => renderVmStatus(t.label, summary, ctx.now(), ctx.paint));
}

export async function vmListCommand(ctx: CliContext): Promise<void> {
  const api = ctx.api();
  const { items } = await api.vms.onHost();
  const names = new Map<string, string>();
  if (!ctx.json && items.some((v) => v.networkId)) {
    for (const n of (await allPages((p) => api.networks.list(p))).items) names.set(n.id, n.name);
  }
  ctx.print({ items, total: items.length }, () => renderHostVms(items, names, ctx.paint));
}

export async function vmLogCommand(ctx: CliContext, ref: string, options: { tail?: string }): Promise<void> {
  const tail = parseTail(options.tail);
  const t = await resolveTarget(ctx, ref);
  const log = await t.vm.serialLog(t.network.id, t.machine, tail);
  if (ctx.json) {
    ctx.print(log, () => '');
    return;
  }
  if (!log.text) {
    ctx.note(`The serial log of ${t.label} is empty: its VM has not booted on this host since the log began.`);
    return;
  }
  ctx.deps.out(log.text.endsWith('\n') ? log.text : `${log.text}\n`);
  if (log.truncated) {
    const shown = Buffer.byteLength(log.text);
    ctx.note(ctx.paint('dim', `(the last ${shown} of ${log.size} bytes; --tail ${Math.min(log.size, SERIAL_TAIL_MAX)} shows more)`));
  }
}

/** The deployment task a finished build started (null when the generation was already running and healthy). */
export function deployTaskOf(build: Pick<Task, 'result'>): string | null {
  const id = build.result?.['deployTaskId'];
  return typeof id === 'string' && id ? id : null;
}

/**
 * `clanctl deploy`: the build task, then the deployment task the build
 * starts (its result names it). With --json one document
 * `{ build, deploy }` (the final tasks) at the end.
 */
export async function deployCommand(ctx: CliContext, ref: string, options: WaitOption & { revision?: string }): Promise<ExitCode> {
  const rev = checkDeployRevision(options.revision);
  const t = await resolveTarget(ctx, ref);
  const revision = rev === undefined ? undefined : await resolveRevision(t.api, t.network.id, rev);
  const started = await t.vm.deploy(t.network.id, t.machine, revision);
  const at = revision ? ` at ${shortSha(revision)}` : '';
  const wait = options.wait !== false;
  const doing = wait ? `Building ${t.label}${at}` : `Building ${t.label}${at}; its deployment task starts when the build succeeds`;
  const build = await awaitStartedTask(ctx, t.api, started, doing, wait);
  if (!build) return ExitCode.Ok;
  const deployId = deployTaskOf(build);
  const generation = build.result?.['generation'];
  if (build.status !== 'succeeded' || !deployId) {
    const code = finishTask(ctx, build, { build, deploy: null });
    if (build.status === 'succeeded') ctx.note(`Generation ${String(generation)} is already running and healthy; nothing to deploy.`);
    return code;
  }
  reportOutcome(ctx, build);
  ctx.note(ctx.paint('dim', `Deploying generation ${String(generation)} of ${t.label} (task ${deployId}).`));
  const deploy = await followToEnd(ctx, t.api, deployId);
  return finishTask(ctx, deploy, { build, deploy });
}
