import type { components } from '@clan/api-client';
import type { JsonSchema } from '../config/json-schema';

/**
 * Shapes of the configuration-manager routes (docs/api.md, "Routes
 * (configuration manager)"): the generated DTOs, with the free-form
 * objects the API documents as JSON Schemas or resources narrowed to what
 * they hold. Configuration values are arbitrary JSON the panel validates,
 * so they stay `Record<string, unknown>`.
 */
type Schemas = components['schemas'];
type Narrow<T, K extends keyof T, V> = Omit<T, K> & { [P in K]: V };

export type MachineConfig = Record<string, unknown>;
export type Drift = Schemas['ConfigDrift'];
export type AdminMode = Schemas['MachineAdminMode'];

export type DiffFileRef = Schemas['DiffFileDto'];
export type ConfigDiffView = Schemas['DiffDto'];
/** What every configuration write answers; with `dryRun` nothing is committed and `revision` is null. */
export type WriteResult = Schemas['WriteResultDto'];
export type MachineCreatedView = Schemas['MachineWriteResultDto'];

/** `message?`, `dryRun?` and `baseRevision?`, taken by every write (the facade's). */
export type { WriteOptions } from '@clan/api-client';

export type AppPortView = Schemas['CatalogPortDto'];
export type CatalogApp = Narrow<Schemas['CatalogAppDto'], 'schema', JsonSchema>;
export interface CatalogSchemas {
  configs: JsonSchema;
  machine: JsonSchema;
}

export interface MachineResources {
  vcpus: number;
  memoryMiB: number;
  stateDiskGiB: number;
}

export type MachineSummaryView = Narrow<Schemas['MachineSummaryDto'], 'resources', MachineResources>;
export type MachineView = Schemas['MachineDto'];
export type CommitView = Schemas['CommitDto'];
export type HistoryPage = Schemas['HistoryDto'];
export type RawConfigView = Schemas['RawConfigDto'];
export type MachineStatusView = Schemas['MachineStatusDto'];
export type ConfigStatusView = Schemas['ConfigStatusDto'];
