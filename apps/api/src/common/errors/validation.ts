import { ErrorCode } from '@clan/contracts';
import type { ValidationError } from 'class-validator';
import { DomainError } from './domain-error';

/** Flattens nested class-validator errors into `{ field: 'a.b[0].c', message }`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  for (const e of errors) {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    for (const msg of Object.values(e.constraints ?? {})) {
      out.push({ field, message: msg });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

export function validationDomainError(errors: ValidationError[]): DomainError {
  const fields = flattenValidationErrors(errors);
  const summary = fields.map((f) => f.message).join('; ');
  return new DomainError(ErrorCode.ValidationFailed, summary || 'The request is invalid.', fields);
}
