import { ErrorCode } from '@clan/contracts';
import { DomainError } from '../common/errors/domain-error';
import { same } from './layers';
import type { RepoState } from './repo-state';

/**
 * The part of the configuration a write replaces. A write carries the
 * revision it was based on; when its part changed between that revision and
 * the head, the write is stale and answers 409 instead of overwriting.
 */
export type WriteScope =
  /** Everything (raw editor, revert): any commit since the base is a conflict. */
  | { kind: 'network' }
  /** One machine's network layer and local admins (the machine form). The panel's own `mesh` section is not the user's. */
  | { kind: 'machine'; name: string }
  /** One machine's local layer (the overrides editor). */
  | { kind: 'overrides'; name: string };

export interface WriteBase {
  /** The revision the client read (full or abbreviated sha). */
  revision: string;
  scope: WriteScope;
}

/** The 409 of a stale write: a sentence a person can act on, and the current head for the client to reload. */
export class StaleRevisionError extends DomainError {
  constructor(
    message: string,
    readonly baseRevision: string,
    readonly currentRevision: string,
  ) {
    super(ErrorCode.Conflict, message, undefined, undefined, { baseRevision, currentRevision });
    this.name = 'StaleRevisionError';
  }
}

const short = (sha: string) => sha.slice(0, 8);

/** The sentence and error for a write whose part changed since `base` (`current` is the head now). */
export function staleWrite(scope: WriteScope, base: string, current: string): StaleRevisionError {
  const revisions = `(revision ${short(base)} → ${short(current)})`;
  const message =
    scope.kind === 'machine'
      ? `Someone else changed machine ${scope.name} since you opened it ${revisions}. Reload to see their change and apply yours again.`
      : scope.kind === 'overrides'
        ? `Someone else changed the local overrides of ${scope.name} since you opened them ${revisions}. Reload to see their change and apply yours again.`
        : `This network's configuration changed since you opened it ${revisions}. Reload to see the change and apply yours again.`;
  return new StaleRevisionError(message, base, current);
}

/** A base that is no commit of this repository: also stale (e.g. a revision from another network). */
export function unknownBase(base: string, current: string): StaleRevisionError {
  return new StaleRevisionError(
    `${short(base)} is not a revision of this network's configuration; reload (the head is ${short(current)}) and apply your change again.`,
    base,
    current,
  );
}

/** What `scope` covers of a state, for comparing the base with the head. */
export function scopeOf(state: RepoState, scope: WriteScope): unknown {
  switch (scope.kind) {
    case 'network':
      return state.head;
    case 'machine': {
      const config = state.configs?.[scope.name];
      if (!config) return null;
      const rest: Record<string, unknown> = { ...config };
      delete rest['mesh'];
      return { config: rest, localAdmins: state.localAdmins[scope.name] ?? [] };
    }
    case 'overrides':
      return state.overrides[scope.name] ?? {};
  }
}

/** Whether the part `scope` covers is the same at the base and at the head. */
export function unchangedSince(baseState: RepoState, headState: RepoState, scope: WriteScope): boolean {
  if (scope.kind === 'network') return baseState.head === headState.head;
  return same(scopeOf(baseState, scope), scopeOf(headState, scope));
}
