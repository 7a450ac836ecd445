import {
  EMPTY_REPOSITORY_FORM,
  repositoryFieldOf,
  repositoryFormComplete,
  repositoryRequest,
  s3Location,
  type RepositoryForm,
} from './network-backups-repository';

const form = (over: Partial<RepositoryForm>): RepositoryForm => ({ ...EMPTY_REPOSITORY_FORM, ...over });

describe('repository form', () => {
  it("writes restic's S3 location from its parts, https:// unless told", () => {
    expect(s3Location('garage.example:3900', 'family', '')).toBe('s3:https://garage.example:3900/family');
    expect(s3Location(' http://10.0.0.5:3900/ ', '/family/', '/panel/laptops/')).toBe('s3:http://10.0.0.5:3900/family/panel/laptops');
    expect(s3Location('https://s3.example.com', 'b', 'p')).toBe('s3:https://s3.example.com/b/p');
  });

  it('builds the body without a password (the panel generates it), the region only when given', () => {
    expect(repositoryRequest(form({ name: ' usb ', kind: 'local', path: ' /srv/backups ' }))).toEqual({
      name: 'usb',
      kind: 'local',
      location: '/srv/backups',
    });
    const s3 = form({ name: 'offsite', endpoint: 'garage:3900', bucket: 'b', accessKeyId: 'GK1', secretAccessKey: 's e c' });
    expect(repositoryRequest(s3)).toEqual({
      name: 'offsite',
      kind: 's3',
      location: 's3:https://garage:3900/b',
      s3: { accessKeyId: 'GK1', secretAccessKey: 's e c' },
    });
    expect(repositoryRequest({ ...s3, region: 'garage' }).s3).toEqual({ accessKeyId: 'GK1', secretAccessKey: 's e c', region: 'garage' });
  });

  it("puts the API's fields on the form's", () => {
    expect(repositoryFieldOf('location', 'local')).toBe('path');
    expect(repositoryFieldOf('location', 's3')).toBe('endpoint');
    expect(repositoryFieldOf('s3.secretAccessKey', 's3')).toBe('secretAccessKey');
    expect(repositoryFieldOf('s3', 's3')).toBe('accessKeyId');
    expect(repositoryFieldOf('name', 's3')).toBe('name');
  });

  it('is complete with a name and what the kind needs', () => {
    expect(repositoryFormComplete(form({ name: 'usb', kind: 'local', path: '/srv' }))).toBe(true);
    expect(repositoryFormComplete(form({ name: 'usb', kind: 'local' }))).toBe(false);
    expect(repositoryFormComplete(form({ name: 'o', endpoint: 'e', bucket: 'b', accessKeyId: 'a' }))).toBe(false);
    expect(repositoryFormComplete(form({ name: 'o', endpoint: 'e', bucket: 'b', accessKeyId: 'a', secretAccessKey: 's' }))).toBe(true);
  });
});
