import type { MachineConfig } from '@clan/nix-schema';
import { activeApps, changedPaths, listSome, same } from './layers';

/** Default commit messages: what changed, in words a history list can show. */

export function addMachineMessage(name: string, config: MachineConfig): string {
  const apps = activeApps(config);
  return apps.length ? `Add machine ${name} with ${listSome(apps)}` : `Add machine ${name}`;
}

export function removeMachineMessage(name: string): string {
  return `Remove machine ${name}`;
}

export function changeMachineMessage(name: string, before: unknown, after: unknown, localAdminsChanged: boolean): string {
  const paths = changedPaths(before, after);
  if (localAdminsChanged) paths.push('localAdmins');
  return paths.length ? `Change ${name}: ${listSome(paths)}` : `Change ${name}`;
}

export function changeOverridesMessage(name: string, before: unknown, after: unknown): string {
  const paths = changedPaths(before, after);
  return paths.length ? `Change local overrides of ${name}: ${listSome(paths)}` : `Change local overrides of ${name}`;
}

export function revokeOverrideMessage(name: string, path: string | null): string {
  return path ? `Revoke the override ${path} of ${name}` : `Revoke all local overrides of ${name}`;
}

export function rawEditMessage(before: Record<string, unknown>, after: Record<string, unknown>): string {
  const added = Object.keys(after).filter((m) => !(m in before));
  const removed = Object.keys(before).filter((m) => !(m in after));
  const changed = Object.keys(after).filter((m) => m in before && !same(before[m], after[m]));
  const parts = [
    added.length && `add ${listSome(added)}`,
    changed.length && `change ${listSome(changed)}`,
    removed.length && `remove ${listSome(removed)}`,
  ].filter(Boolean);
  return parts.length ? `Edit configs.json: ${parts.join('; ')}` : 'Edit configs.json';
}

export function revertMessage(sha: string, subject: string | null): string {
  return subject ? `Revert to ${sha.slice(0, 8)}\n\nRestores the configuration of ${sha} ("${subject}").` : `Revert to ${sha.slice(0, 8)}`;
}

/** The user's message when given (trimmed), else the generated one. */
export function chooseMessage(given: string | undefined, generated: string): string {
  const trimmed = given?.trim();
  return trimmed ? trimmed.replace(/\0/g, '') : generated;
}
