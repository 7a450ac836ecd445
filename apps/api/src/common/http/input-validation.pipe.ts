import { ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { ValidationError, type ValidatorOptions } from 'class-validator';
import { flattenValidationErrors, validationDomainError } from '../errors/validation';

/** Where @nestjs/swagger keeps a DTO's documented properties (DECORATORS.API_MODEL_PROPERTIES*, not exported). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

function isNullable(target: object, property: string): boolean {
  const meta = Reflect.getMetadata(API_MODEL_PROPERTIES, target, property) as { nullable?: boolean } | undefined;
  return meta?.nullable === true;
}

/** A DTO instance (its class came from a DTO's @Type), not a plain object or an array. */
function isDtoInstance(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto !== null && proto !== Object.prototype;
}

/**
 * Every `null` in a transformed DTO whose property is not documented
 * `nullable: true` (class-validator's @IsOptional lets null through, and
 * services then trip over it). Named like class-validator's paths.
 */
export function refusedNulls(dto: object, parent = ''): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const stack: { value: object; path: string }[] = [{ value: dto, path: parent }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, path } = item;
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        if (typeof v === 'object' && v !== null) stack.push({ value: v as object, path: `${path}[${i}]` });
      });
      continue;
    }
    if (!isDtoInstance(value)) continue;
    const proto = Object.getPrototypeOf(value) as object;
    for (const [key, v] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (v === null) {
        if (!isNullable(proto, key)) out.push({ field, message: `${field} must not be null (leave it out instead)` });
      } else if (typeof v === 'object') {
        stack.push({ value: v as object, path: field });
      }
    }
  }
  return out;
}

/**
 * The one global ValidationPipe: class-validator's rules, plus `null` refused
 * wherever the DTO does not declare the property nullable.
 */
export class InputValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions = {}) {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: validationDomainError,
      ...options,
    });
  }

  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, validatorOptions);
    const named = new Set(flattenValidationErrors(errors).map((e) => e.field));
    const nulls = refusedNulls(object).filter((n) => !named.has(n.field));
    return [...errors, ...nulls.map((n) => nullError(object, n.field, n.message))];
  }
}

function nullError(target: object, field: string, message: string): ValidationError {
  const e = new ValidationError();
  e.target = target;
  e.property = field;
  e.value = null;
  e.constraints = { isNotNull: message };
  e.children = [];
  return e;
}
