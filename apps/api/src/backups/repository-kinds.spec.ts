import { REPOSITORY_KIND_NAMES, REPOSITORY_KINDS, repositoryKind } from './repository-kinds';

describe('repository kinds (the one table of backup targets)', () => {
  it('lists local and s3, each name fitting the kind column', () => {
    expect(REPOSITORY_KIND_NAMES).toEqual(['local', 's3']);
    for (const k of REPOSITORY_KIND_NAMES) expect(k.length).toBeLessThanOrEqual(8);
  });

  it('local: an absolute host directory, host admins only, no keys, its free space measured on the host', () => {
    const local = repositoryKind('local');
    expect(local.locationProblem('/srv/backups/family')).toBeNull();
    expect(local.locationProblem('backups')).toBe('a local repository location is not an absolute path (it must start with "/")');
    expect(local.locationProblem('/srv/../etc')).toBe('a local repository location must not contain "." or ".." segments');
    expect(local.hostAdminTo).toBe('add a repository in a host directory');
    expect(local.credentials).toBe('none');
    expect(local.env(null)).toEqual({});
    expect(local.hostPath('/srv/backups/family')).toBe('/srv/backups/family');
  });

  it('s3: restic’s s3: URL, keys required and passed as AWS_* variables', () => {
    const s3 = repositoryKind('s3');
    expect(s3.locationProblem('s3:https://garage.example:3900/family-backups/anna')).toBeNull();
    expect(s3.locationProblem('https://garage.example/bucket')).toBe(
      'an s3 repository location looks like "s3:https://host[:port]/bucket[/prefix]"',
    );
    expect(s3.hostAdminTo).toBeNull();
    expect(s3.credentials).toBe('required');
    expect(s3.env({ accessKeyId: 'GK1', secretAccessKey: 'sk', region: 'garage' })).toEqual({
      AWS_ACCESS_KEY_ID: 'GK1',
      AWS_SECRET_ACCESS_KEY: 'sk',
      AWS_DEFAULT_REGION: 'garage',
    });
    expect(s3.env({ accessKeyId: 'GK1', secretAccessKey: 'sk' })).toEqual({ AWS_ACCESS_KEY_ID: 'GK1', AWS_SECRET_ACCESS_KEY: 'sk' });
    expect(s3.hostPath('s3:https://garage.example/b')).toBeNull();
  });

  it('describes every kind for the API', () => {
    for (const k of REPOSITORY_KIND_NAMES) {
      expect(REPOSITORY_KINDS[k].summary).toBeTruthy();
      expect(REPOSITORY_KINDS[k].locationForm).toBeTruthy();
      expect(REPOSITORY_KINDS[k].called).toMatch(/^an? \S+ repository$/);
    }
  });
});
