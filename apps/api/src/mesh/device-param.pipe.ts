import { ErrorCode } from '@clan/contracts';
import { PEER_NAME_PATTERN } from '@clan/vpn';
import { Injectable, Param, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { DomainError } from '../common/errors/domain-error';

/** Validates `:device`: a string that cannot be a peer name names no device, so it answers 404 like an unknown one. */
@Injectable()
export class DeviceParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value === 'string' && value.length <= 63 && PEER_NAME_PATTERN.test(value)) return value;
    const shown = String(value).slice(0, 64);
    throw new DomainError(ErrorCode.NotFound, `This network has no device named "${shown}".`, [
      { field: 'device', message: 'device must be a DNS label: lowercase letters, digits and inner hyphens' },
    ]);
  }
}

export const Device = () => Param('device', new DeviceParamPipe());
export const DeviceDoc = () =>
  ApiParam({ name: 'device', schema: { type: 'string', pattern: PEER_NAME_PATTERN.source, maxLength: 63 }, example: 'laptop' });
