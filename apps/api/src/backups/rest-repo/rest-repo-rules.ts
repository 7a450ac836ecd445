import type { RepoTarget } from './rest-repo-request';

/** What the server does for an allowed request. */
export type RepoAction =
  | { op: 'stat' }
  | { op: 'read' }
  | { op: 'list'; v2: boolean }
  /** Creates the file if it does not exist (its name checked against its SHA-256); an existing file is never replaced (403). */
  | { op: 'create' }
  | { op: 'delete' };

export type RepoDecision =
  { allowed: true; action: RepoAction } | { allowed: false; status: 400 | 403 | 405; message: string; allow?: string };

export const REST_V2 = 'application/vnd.x.restic.rest.v2';
export const REST_V1 = 'application/vnd.x.restic.rest.v1';

const notAllowed = (allow: string): RepoDecision => ({
  allowed: false,
  status: 405,
  allow,
  message: `This method is not part of restic's REST protocol here; allowed: ${allow}.`,
});

/**
 * The append-only rules, as restic's rest-server applies them with
 * --append-only, plus one of our own (no repository creation):
 * - nothing is ever overwritten: a POST to a file that exists is refused (403);
 * - nothing is deleted but lock files (restic removes its own locks after every command);
 * - the repository is created by the panel (restic init on its local directory),
 *   so `POST /?create=true` and `POST /config` are refused: a machine never
 *   chooses its repository's key.
 * Every file but `config` must be named by the SHA-256 of its content, which
 * restic always does; rest-server checks the same.
 */
export function decide(method: string, target: RepoTarget, query: URLSearchParams, accept: string | undefined): RepoDecision {
  switch (target.kind) {
    case 'root':
      if (method !== 'POST') return notAllowed('POST');
      if (query.get('create') !== 'true') return { allowed: false, status: 400, message: 'Creating a repository needs ?create=true.' };
      return {
        allowed: false,
        status: 403,
        message: 'The panel creates machine repositories itself; a machine can only add to the one it was given.',
      };
    case 'config':
      if (method === 'HEAD') return { allowed: true, action: { op: 'stat' } };
      if (method === 'GET') return { allowed: true, action: { op: 'read' } };
      // The panel wrote it with restic init; a machine that could write it would choose the repository's key.
      if (method === 'POST') return { allowed: false, status: 403, message: 'The panel writes the configuration of a machine repository.' };
      if (method === 'DELETE') return appendOnly('the repository configuration');
      return notAllowed('HEAD, GET, POST');
    case 'list':
      if (method === 'GET')
        return { allowed: true, action: { op: 'list', v2: accept?.split(',').some((a) => a.trim() === REST_V2) ?? false } };
      return notAllowed('GET');
    case 'object':
      if (method === 'HEAD') return { allowed: true, action: { op: 'stat' } };
      if (method === 'GET') return { allowed: true, action: { op: 'read' } };
      if (method === 'POST') return { allowed: true, action: { op: 'create' } };
      if (method === 'DELETE') {
        return target.type === 'locks' ? { allowed: true, action: { op: 'delete' } } : appendOnly(`a file of ${target.type}`);
      }
      return notAllowed('HEAD, GET, POST, DELETE');
  }
}

function appendOnly(what: string): RepoDecision {
  return {
    allowed: false,
    status: 403,
    message: `This repository is append-only: a machine cannot delete ${what}. The panel prunes it.`,
  };
}

/** The answer to a POST of a file that already exists. */
export const EXISTS_MESSAGE = 'This repository is append-only: the file exists and is never overwritten.';
