/**
 * The policy editor's form ↔ request mapping and where the API's 400 messages
 * go. Pure, unit-tested (network-backups-policy.spec.ts).
 */
import type { CreateBackupPolicyRequest } from '../backups/backups.api';

export interface PolicyForm {
  /** "machine/nas" or "device/laptop-anna". */
  subject: string;
  repositoryId: string;
  /** One absolute path per line. */
  paths: string;
  schedule: string;
  keepLast: number | null;
  keepDaily: number | null;
  keepWeekly: number | null;
  keepMonthly: number | null;
  lateAfterHours: number | null;
  staleAfterHours: number | null;
}

export const EMPTY_POLICY_FORM: PolicyForm = {
  subject: '',
  repositoryId: '',
  paths: '',
  schedule: '0 3 * * *',
  keepLast: null,
  keepDaily: 7,
  keepWeekly: 4,
  keepMonthly: 6,
  lateAfterHours: null,
  staleAfterHours: null,
};

/**
 * The create request: empty optional fields are left out so the API's
 * defaults apply (its thresholds, a device's own schedule); paths are trimmed
 * but not judged here — the API's 400 names a bad one.
 */
export function policyRequest(form: PolicyForm): CreateBackupPolicyRequest {
  const [kind, ...rest] = form.subject.split('/');
  const body: CreateBackupPolicyRequest = {
    repositoryId: form.repositoryId,
    subjectKind: kind === 'device' ? 'device' : 'machine',
    subjectName: rest.join('/'),
  };
  const paths = form.paths
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);
  if (paths.length) body.paths = paths;
  const schedule = form.schedule.trim();
  if (schedule && body.subjectKind === 'machine') body.schedule = schedule;
  for (const key of ['keepLast', 'keepDaily', 'keepWeekly', 'keepMonthly', 'lateAfterHours', 'staleAfterHours'] as const) {
    const value = form[key];
    if (value !== null && value !== undefined && Number.isFinite(value)) body[key] = value;
  }
  return body;
}

/** The top-level form field an API field path belongs to: "paths[1]" → "paths", "preHooks[0].name" → "preHooks". */
export function formFieldOf(apiField: string): string {
  return apiField.split(/[.[]/)[0];
}

/** The API's messages for one form field. */
export function messagesFor(fields: readonly { field: string; message: string }[], name: string): string[] {
  return fields.filter((f) => formFieldOf(f.field) === name).map((f) => f.message);
}
