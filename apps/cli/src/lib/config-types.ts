import type { components } from '@clan/api-client';

/** The configuration manager's shapes (docs/api.md, "Routes (configuration manager)"), from the generated client. */
type Schemas = components['schemas'];

export type Drift = Schemas['ConfigDrift'];
export type ConfigDiff = Schemas['DiffDto'];
export type ConfigWriteResult = Schemas['WriteResultDto'];
export type MachineSummary = Schemas['MachineSummaryDto'];
export type Machine = Schemas['MachineDto'];
export type MachineCreated = Schemas['MachineWriteResultDto'];
export type CommitInfo = Schemas['CommitDto'];
export type RawConfig = Schemas['RawConfigDto'];
export type ConfigStatus = Schemas['ConfigStatusDto'];

export type { MachineConfigJson, WriteOptions } from '@clan/api-client';
