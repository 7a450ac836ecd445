import { ErrorCode } from '@clan/contracts';
import { nameProblem } from '@clan/nix-schema';
import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';

/**
 * Validates the `:machine` route parameter. A string that cannot be a machine
 * name names no machine, so it answers 404 like an unknown one (as IdParamPipe
 * does for ids), with `fields` naming the parameter.
 */
@Injectable()
export class MachineParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value === 'string' && nameProblem(value) === null) return value;
    const shown = String(value).slice(0, 64);
    throw new DomainError(ErrorCode.NotFound, `This network has no machine named "${shown}".`, [
      { field: 'machine', message: `machine ${nameProblem(String(value)) ?? 'is not a machine name'}` },
    ]);
  }
}
