import type { components, operations } from '../../generated/schema';

/** The generated DTOs under short names, for the facade's signatures. */
export type Schemas = components['schemas'];
export type TaskStarted = Schemas['TaskStartedDto'];
export type QueryOf<K extends keyof operations> = NonNullable<operations[K]['parameters']['query']>;

/** Options of every configuration write. */
export interface WriteOptions {
  /** The commit message; without one (or only blanks) the API writes a meaningful one itself. */
  message?: string;
  /** Validate and preview only: nothing is committed and `revision` is null. */
  dryRun?: boolean;
  /** The revision the edit was based on; the API answers 409 when the branch moved since. */
  baseRevision?: string;
}

/** The write options as a request body: a message only when one was typed, `dryRun` always. */
export function writeBody(options: WriteOptions = {}): { message?: string; dryRun: boolean; baseRevision?: string } {
  const message = options.message?.trim();
  return {
    ...(message ? { message } : {}),
    dryRun: options.dryRun === true,
    ...(options.baseRevision ? { baseRevision: options.baseRevision } : {}),
  };
}

/** DELETE takes the write options as query parameters; `dryRun` only when asked for. */
export function writeQuery(options: WriteOptions = {}): { message?: string; dryRun?: boolean; baseRevision?: string } {
  const { dryRun, ...rest } = writeBody(options);
  return { ...rest, ...(dryRun ? { dryRun } : {}) };
}
