import { absolutePathProblem } from './backup-validation';

/** The S3-style keys of a repository, as stored (sealed) and handed to restic by environment. */
export interface RepositoryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  region?: string | null;
}

/**
 * One kind of backup target (restic repository): everything the panel knows
 * about it, in one place (docs/recipes.md, "Add a backup target").
 */
export interface RepositoryKind {
  /** "a local repository": the subject of its error sentences. */
  readonly called: string;
  /** What it is, for the API description of `kind`. */
  readonly summary: string;
  /** The form of its `location`, for the API description. */
  readonly locationForm: string;
  /** Set when only a host admin may add one (it acts on the host itself): what the 403 says they may not do. */
  readonly hostAdminTo: string | null;
  /** Whether it takes the `s3` keys: required, or refused. */
  readonly credentials: 'required' | 'none';
  /** The whole 400 sentence for a bad location, or null when it is fine. */
  locationProblem(location: string): string | null;
  /** restic's environment for its credentials (the ProcessRunner adds it to the host command environment). */
  env(credentials: RepositoryCredentials | null): Record<string, string>;
  /** The host directory on whose file system the repository lies (its free space), or null. */
  hostPath(location: string): string | null;
}

const S3_LOCATION = /^s3:(?:https?:\/\/)?[A-Za-z0-9.-]+(?::\d{1,5})?\/[A-Za-z0-9._-]+(?:\/[^\s]*)?$/;

/** The kinds, in the order the API lists them. A kind's name is the `kind` column: at most 8 characters. */
export const REPOSITORY_KINDS = {
  local: {
    called: 'a local repository',
    summary: 'a directory on the host (only host admins may choose one)',
    locationForm: 'an absolute directory on the host',
    hostAdminTo: 'add a repository in a host directory',
    credentials: 'none',
    locationProblem: (location) => {
      const problem = absolutePathProblem(location);
      return problem ? `a local repository ${problem.replace(/^"[^"]*" /, 'location ')}` : null;
    },
    env: () => ({}),
    hostPath: (location) => location,
  },
  s3: {
    called: 'an s3 repository',
    summary: 'an S3-compatible bucket such as Garage',
    locationForm: "restic's form `s3:https://host[:port]/bucket[/prefix]`",
    hostAdminTo: null,
    credentials: 'required',
    locationProblem: (location) =>
      S3_LOCATION.test(location) ? null : 'an s3 repository location looks like "s3:https://host[:port]/bucket[/prefix]"',
    env: (c): Record<string, string> =>
      c
        ? {
            AWS_ACCESS_KEY_ID: c.accessKeyId,
            AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
            ...(c.region ? { AWS_DEFAULT_REGION: c.region } : {}),
          }
        : {},
    hostPath: () => null,
  },
} as const satisfies Record<string, RepositoryKind>;

export type BackupRepositoryKind = keyof typeof REPOSITORY_KINDS;

export const REPOSITORY_KIND_NAMES = Object.keys(REPOSITORY_KINDS) as BackupRepositoryKind[];

export function repositoryKind(kind: BackupRepositoryKind): RepositoryKind {
  return REPOSITORY_KINDS[kind];
}
