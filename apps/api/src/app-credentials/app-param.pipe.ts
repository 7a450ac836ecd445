import { ErrorCode } from '@clan/contracts';
import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';

const APP_KEY = /^[a-z][A-Za-z0-9]{0,63}$/;

/** The `:app` parameter: an app key (`homeAssistant`); anything else names no credential (404). */
@Injectable()
export class AppParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value === 'string' && APP_KEY.test(value)) return value;
    throw new DomainError(ErrorCode.NotFound, `"${String(value).slice(0, 64)}" is not an app key (e.g. "vaultwarden", "homeAssistant").`, [
      { field: 'app', message: 'app must be an app key in camelCase' },
    ]);
  }
}
