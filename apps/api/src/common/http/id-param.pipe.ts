import { ErrorCode } from '@clan/contracts';
import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Validates an `:xxxId` route parameter. A malformed id names no existing
 * thing, so it answers 404 like an unknown one (and never reaches Postgres,
 * which would fail on the uuid cast); `fields` still names the parameter.
 */
@Injectable()
export class IdParamPipe implements PipeTransform<string, string> {
  constructor(
    private readonly param: string,
    private readonly what: string,
  ) {}

  transform(value: string): string {
    if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
    const shown = String(value).slice(0, 64);
    throw new DomainError(ErrorCode.NotFound, `No ${this.what} has the id "${shown}".`, [
      { field: this.param, message: `${this.param} must be a UUID` },
    ]);
  }
}
