import type { JsonSchema } from '../config/json-schema';

/**
 * Shapes of the configuration-manager routes (docs/api.md, "Routes
 * (configuration manager — issue 3)"). Configuration values are arbitrary
 * JSON validated by the panel, so they stay `Record<string, unknown>` here.
 */
export type MachineConfig = Record<string, unknown>;

export type Drift = 'in-sync' | 'not-deployed' | 'behind';
export type AdminMode = 'local' | 'remote' | 'shared';

export interface DiffFileRef {
  path: string;
  status: string;
}

export interface ConfigDiffView {
  patch: string;
  files: DiffFileRef[];
}

/** What every configuration write answers; with `dryRun` nothing is committed and `revision` is null. */
export interface WriteResult {
  revision: string | null;
  diff: ConfigDiffView;
  committed: boolean;
}

export interface WriteOptions {
  message?: string;
  dryRun?: boolean;
}

export interface AppPortView {
  port: number;
  protocol: string;
  description?: string;
  option?: string;
}

export interface CatalogApp {
  key: string;
  title: string;
  description: string;
  nixosModule: string;
  ports: AppPortView[];
  state: unknown;
  schema: JsonSchema;
}

export interface CatalogSchemas {
  configs: JsonSchema;
  machine: JsonSchema;
}

export interface MachineResources {
  vcpus: number;
  memoryMiB: number;
  stateDiskGiB: number;
}

export interface MachineSummaryView {
  name: string;
  system: string;
  adminMode: AdminMode | string;
  networkLayer: string;
  apps: string[];
  resources: MachineResources;
  localAdmins: string[];
  drift: Drift | string;
}

export interface MachineView {
  name: string;
  /** The network layer. */
  config: MachineConfig;
  /** The local layer (partial). */
  overrides: MachineConfig;
  /** The network layer deep-merged with the local layer. */
  effective: MachineConfig;
  adminMode: AdminMode | string;
  localAdmins: string[];
  revision: string | null;
  deployedRevision: string | null;
  drift: Drift | string;
}

export interface MachineCreatedView extends WriteResult {
  machine?: MachineView | MachineSummaryView;
}

export interface CommitView {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  date: string;
  subject: string;
  body: string;
}

export interface HistoryPage {
  items: CommitView[];
  total: number;
}

export interface RawConfigView {
  revision: string;
  content: string;
}

export interface MachineStatusView {
  name: string;
  revision: string | null;
  deployedRevision: string | null;
  drift: Drift | string;
}

export interface ConfigStatusView {
  head: string | null;
  link: string | null;
  machines: MachineStatusView[];
}
