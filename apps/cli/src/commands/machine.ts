import { allPages } from '@clan/api-client';
import { APP_CATALOG, appDefaults, appKeys, isAppKey } from '@clan/nix-schema';
import type { CliContext } from '../app/context';
import type { Machine, MachineSummary, Page } from '../lib/api';
import { shortSha } from '../lib/diff';
import { UsageError } from '../lib/errors';
import { keyValues, type Painter, table } from '../lib/format';
import { parseMachineRef } from '../lib/refs';
import {
  type Assignment,
  flatten,
  formatPath,
  formatValue,
  getAt,
  type Json,
  type JsonObject,
  parseAssignment,
  parsePath,
  setAt,
  unsetAt,
} from '../lib/set-path';
import { printWriteResult } from './config';
import { resolveNetwork } from './network';

/**
 * A new machine's configuration from `--app` and `--set`: each app is added
 * switched on (`{ enable: true }`, or `{}` for apps without a switch), then
 * the assignments apply in order. The panel fills defaults and validates;
 * here only what the command line can settle is checked (known apps, required
 * app settings such as the Mumble client's server).
 */
export function buildMachineConfig(apps: readonly string[], sets: readonly Assignment[]): JsonObject {
  let config: JsonObject = {};
  for (const app of apps) {
    if (!isAppKey(app)) throw new UsageError(`--app: "${app}" is not an app; choose from ${appKeys.join(', ')}`);
    config = setAt(config, ['applications', app], APP_CATALOG[app].hasEnable ? { enable: true } : {}) as JsonObject;
  }
  config = applyChanges(config, sets, []);
  for (const app of new Set(apps)) {
    if (!isAppKey(app) || appDefaults(app)) continue;
    const entry = getAt(config, ['applications', app]);
    const parsed = APP_CATALOG[app].options.safeParse(entry);
    if (parsed.success) continue;
    const missing = parsed.error.issues
      .map((issue) => issue.path.filter((p): p is string | number => typeof p !== 'symbol'))
      .filter((path) => getAt(entry, path) === undefined)
      .map((path) => formatPath(['applications', app, ...path]));
    if (missing.length) {
      throw new UsageError(
        `--app ${app} needs ${missing.map((p) => `--set ${p}=…`).join(' and ')} (${APP_CATALOG[app].title} has no default for it)`,
      );
    }
  }
  return config;
}

/** `--set` and `--unset` applied to one layer of a machine, in that order. */
export function applyChanges(layer: JsonObject, sets: readonly Assignment[], unsets: readonly string[]): JsonObject {
  let out: Json = layer;
  for (const { path, value } of sets) out = setAt(out, path, value);
  for (const path of unsets) out = unsetAt(out, parsePath(path));
  // Paths are never empty, so the top level stays the object it was.
  return out as JsonObject;
}

function resourcesCell(r: Record<string, unknown> | undefined): string {
  const n = (key: string) => (typeof r?.[key] === 'number' ? String(r[key]) : '?');
  return r ? `${n('vcpus')} vCPU · ${n('memoryMiB')} MiB · ${n('stateDiskGiB')} GiB` : '—';
}

const DRIFT_STYLE = { 'in-sync': 'green', behind: 'yellow', 'not-deployed': 'dim' } as const;

export function driftCell(drift: string, paint: Painter): string {
  const style = DRIFT_STYLE[drift as keyof typeof DRIFT_STYLE];
  return style ? paint(style, drift) : drift;
}

export function renderMachineList(networkName: string, page: Page<MachineSummary>, paint: Painter): string {
  if (!page.items.length) return `No machines in ${networkName}. Add one with \`clanctl machine create ${networkName}/<machine>\`.`;
  return table(page.items, [
    { header: 'machine', value: (m) => m.name },
    { header: 'mode', value: (m) => m.adminMode },
    { header: 'system', value: (m) => m.system },
    { header: 'layer', value: (m) => m.networkLayer },
    { header: 'resources', value: (m) => resourcesCell(m.resources) },
    { header: 'drift', value: (m) => driftCell(m.drift, paint) },
    { header: 'apps', value: (m) => m.apps.join(', ') || '—' },
  ]);
}

export type MachineLayer = 'network' | 'effective' | 'overrides';

/**
 * `path = value` lines, written the way `--set` takes them, so what is shown
 * can be changed by copying a line. In the effective view, values the local
 * layer decides are marked.
 */
export function renderLayer(value: Json, paint: Painter, localPaths: readonly string[] = []): string {
  const leaves = flatten(value);
  if (!leaves.length) return '  (nothing set)';
  const isLocal = (path: string) => localPaths.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  return leaves
    .map(([path, v]) => {
      const p = formatPath(path);
      return `  ${p} = ${formatValue(v)}${isLocal(p) ? ` ${paint('yellow', '(local)')}` : ''}`;
    })
    .join('\n');
}

export function renderMachine(networkName: string, m: Machine, layer: MachineLayer, paint: Painter): string {
  const ref = `${networkName}/${m.name}`;
  const head = keyValues([
    ['Machine', paint('bold', ref)],
    ['Mode', m.adminMode],
    ['Local admins', m.localAdmins.length ? m.localAdmins.join(', ') : 'none'],
    ['Last change', shortSha(m.revision)],
    ['Deployed', `${shortSha(m.deployedRevision)} (${driftCell(m.drift, paint)})`],
  ]);
  const overridden = flatten((m.overrides ?? {}) as Json).map(([p]) => formatPath(p));
  let title: string;
  let body: string;
  if (layer === 'effective') {
    title = `Effective configuration (network layer merged with ${overridden.length ? 'local overrides, marked (local)' : 'no local overrides'}):`;
    body = renderLayer(m.effective as Json, paint, overridden);
  } else if (layer === 'overrides') {
    title = `Local overrides — change with \`clanctl machine set ${ref} --overrides --set path=value\`:`;
    body = renderLayer(m.overrides as Json, paint);
  } else {
    title = `Network layer — change with \`clanctl machine set ${ref} --set path=value\`:`;
    body = renderLayer(m.config as Json, paint);
    if (overridden.length)
      body += `\n${paint('dim', `  (${overridden.length} local override${overridden.length === 1 ? '' : 's'}: see --overrides or --effective)`)}`;
  }
  return `${head}\n\n${title}\n${body}`;
}

export interface WriteFlags {
  set?: string[];
  unset?: string[];
  dryRun?: boolean;
  message?: string;
}

export async function machineListCommand(ctx: CliContext, networkRef: string): Promise<void> {
  const api = ctx.api();
  const network = await resolveNetwork(api, networkRef);
  const page = await allPages((p) => api.machines.list(network.id, p));
  ctx.print(page, () => renderMachineList(network.name, page, ctx.paint));
}

export async function machineCreateCommand(ctx: CliContext, ref: string, options: WriteFlags & { app?: string[] }): Promise<void> {
  const { network: networkRef, machine } = parseMachineRef(ref);
  const config = buildMachineConfig(options.app ?? [], (options.set ?? []).map(parseAssignment));
  const api = ctx.api();
  const network = await resolveNetwork(api, networkRef);
  const result = await api.machines.create(network.id, machine, config, { message: options.message, dryRun: Boolean(options.dryRun) });
  printWriteResult(ctx, result, Boolean(options.dryRun));
  if (result.committed && !options.dryRun)
    ctx.note(`Machine ${network.name}/${machine} created; see it with \`clanctl machine show ${network.name}/${machine}\`.`);
}

export async function machineSetCommand(ctx: CliContext, ref: string, options: WriteFlags & { overrides?: boolean }): Promise<void> {
  const { network: networkRef, machine } = parseMachineRef(ref);
  const sets = (options.set ?? []).map(parseAssignment);
  const unsets = options.unset ?? [];
  unsets.forEach(parsePath);
  if (!sets.length && !unsets.length) throw new UsageError('Nothing to change: pass --set path=value or --unset path');
  const api = ctx.api();
  const network = await resolveNetwork(api, networkRef);
  const current = await api.machines.get(network.id, machine);
  // Sent back as baseRevision: a change made by someone else since the read answers 409 instead of being overwritten.
  const head = 'head' in current && typeof current.head === 'string' ? current.head : undefined;
  const write = { message: options.message, dryRun: Boolean(options.dryRun), baseRevision: head };
  const result = options.overrides
    ? await api.machines.putOverrides(network.id, machine, applyChanges(current.overrides as JsonObject, sets, unsets), write)
    : await api.machines.put(network.id, machine, applyChanges(current.config as JsonObject, sets, unsets), write);
  printWriteResult(ctx, result, Boolean(options.dryRun));
}

export async function machineShowCommand(
  ctx: CliContext,
  ref: string,
  options: { effective?: boolean; overrides?: boolean },
): Promise<void> {
  const { network: networkRef, machine } = parseMachineRef(ref);
  const api = ctx.api();
  const network = await resolveNetwork(api, networkRef);
  const m = await api.machines.get(network.id, machine);
  const layer: MachineLayer = options.effective ? 'effective' : options.overrides ? 'overrides' : 'network';
  ctx.print(m, () => renderMachine(network.name, m, layer, ctx.paint));
}
