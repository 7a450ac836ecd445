/** Messages between the panel and its backup-repo worker (IPC, JSON). No password and no key crosses: verifiers only. */
import type { RepoCredential } from './rest-repo-auth';

export interface BackupRepoListenSpec {
  address: string;
  port: number;
}

/** panel → worker: the whole desired state (the worker reconciles its listeners to it). */
export interface BackupRepoStateMessage {
  type: 'state';
  seq: number;
  /** `<stateDir>/machine-backups`: the repositories are `<root>/<networkId>/<machine>/`. */
  root: string;
  listen: BackupRepoListenSpec[];
  credentials: RepoCredential[];
}

/** worker → panel */
export type BackupRepoWorkerMessage =
  | { type: 'ready' }
  | { type: 'applied'; seq: number; listening: BackupRepoListenSpec[]; errors: { address: string; port: number; message: string }[] };
