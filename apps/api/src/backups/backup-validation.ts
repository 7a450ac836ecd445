import { CronExpressionParser } from 'cron-parser';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** Five-field cron (minute hour day month weekday), checked by cron-parser (the parser BullMQ schedules with). */
export function cronProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 5) return `must have five fields (minute hour day month weekday), e.g. "0 3 * * *"; got ${fields.length}`;
  try {
    CronExpressionParser.parse(value.trim());
    return null;
  } catch (err) {
    return `is not a valid cron expression (${(err as Error).message})`;
  }
}

/** "10%", "2.5%", "1/5" (restic's --read-data-subset forms, except file sizes). */
export const READ_DATA_SUBSET = /^(?:(?:100|[1-9]?\d)(?:\.\d{1,3})?%|[1-9]\d{0,3}\/[1-9]\d{0,3})$/;

export function readDataSubsetProblem(value: unknown): string | null {
  if (typeof value !== 'string' || !READ_DATA_SUBSET.test(value)) return 'must be a percentage such as "10%" or a part such as "1/5"';
  const part = /^(\d+)\/(\d+)$/.exec(value);
  if (part && Number(part[1]) > Number(part[2])) return `"${value}": the part number cannot exceed the number of parts`;
  if (value.endsWith('%') && Number(value.slice(0, -1)) <= 0) return 'must be more than 0%';
  return null;
}

/** An absolute, normalised host path: starts with "/", no "." or ".." segments, no control characters. */
export function absolutePathProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (!value.startsWith('/')) return `"${value.slice(0, 100)}" is not an absolute path (it must start with "/")`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(value)) return 'must not contain control characters';
  if (value.split('/').some((s) => s === '..' || s === '.')) return `"${value.slice(0, 100)}" must not contain "." or ".." segments`;
  return null;
}

function validator(name: string, problem: (v: unknown) => string | null, options?: ValidationOptions & { each?: boolean }) {
  return (object: object, propertyName: string): void => {
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => problem(value) === null,
        defaultMessage: (args) => {
          const v = args?.value as unknown;
          const bad = Array.isArray(v) && options?.each ? v.find((x) => problem(x) !== null) : v;
          return `${args?.property ?? propertyName} ${problem(bad) ?? 'is invalid'}`;
        },
      },
    });
  };
}

export const IsCron = (options?: ValidationOptions) => validator('isCron', cronProblem, options);
export const IsReadDataSubset = (options?: ValidationOptions) => validator('isReadDataSubset', readDataSubsetProblem, options);
export const IsAbsolutePath = (options?: ValidationOptions) => validator('isAbsolutePath', absolutePathProblem, options);
