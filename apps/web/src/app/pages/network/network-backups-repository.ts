import type { CreateBackupRepositoryRequest } from '../backups/backups.api';

/** The "Add repository" form as typed; turned into the API's body on save. */
export interface RepositoryForm {
  name: string;
  kind: 'local' | 's3';
  /** local: an absolute directory on the host. */
  path: string;
  /** s3: "garage.example:3900" or "https://s3.example.com"; https:// is assumed without a scheme. */
  endpoint: string;
  bucket: string;
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export const EMPTY_REPOSITORY_FORM: RepositoryForm = {
  name: '',
  kind: 's3',
  path: '',
  endpoint: '',
  bucket: '',
  prefix: '',
  accessKeyId: '',
  secretAccessKey: '',
  region: '',
};

const trimSlashes = (s: string) => s.trim().replace(/^\/+|\/+$/g, '');

/** restic's S3 location from its parts: "s3:https://host[:port]/bucket[/prefix]" (the API judges the result). */
export function s3Location(endpoint: string, bucket: string, prefix: string): string {
  const host = endpoint.trim().replace(/\/+$/, '');
  const withScheme = /^https?:\/\//i.test(host) ? host : `https://${host}`;
  return `s3:${[withScheme, trimSlashes(bucket), trimSlashes(prefix)].filter(Boolean).join('/')}`;
}

/** The API's body; no password, so the panel generates one and answers it once. */
export function repositoryRequest(form: RepositoryForm): CreateBackupRepositoryRequest {
  const name = form.name.trim();
  if (form.kind === 'local') return { name, kind: 'local', location: form.path.trim() };
  const region = form.region.trim();
  return {
    name,
    kind: 's3',
    location: s3Location(form.endpoint, form.bucket, form.prefix),
    s3: { accessKeyId: form.accessKeyId.trim(), secretAccessKey: form.secretAccessKey, ...(region ? { region } : {}) },
  };
}

/** The form field an API message belongs to: "location" lands on the path (local) or the endpoint (S3), "s3.region" on region. */
export function repositoryFieldOf(apiField: string, kind: RepositoryForm['kind']): string {
  if (apiField === 'location') return kind === 'local' ? 'path' : 'endpoint';
  if (apiField.startsWith('s3.')) return apiField.slice(3);
  if (apiField === 's3') return 'accessKeyId';
  return apiField;
}

/** Whether the form has what the API needs at the least (it judges the rest). */
export function repositoryFormComplete(form: RepositoryForm): boolean {
  if (!form.name.trim()) return false;
  if (form.kind === 'local') return form.path.trim() !== '';
  return [form.endpoint, form.bucket, form.accessKeyId, form.secretAccessKey].every((v) => v.trim() !== '');
}
