import { NAME_MAX_LENGTH, NAME_PATTERN } from '@clan/nix-schema';
import { Param } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { MachineParamPipe } from '../../configs/machine-param.pipe';
import { IdParamPipe } from './id-param.pipe';

/** The `:networkId` parameter, validated (a malformed id answers 404 like an unknown one). */
export const NetworkId = () => Param('networkId', new IdParamPipe('networkId', 'network'));
/** The `:machine` parameter, validated as a machine name. */
export const Machine = () => Param('machine', new MachineParamPipe());

export const NetworkIdDoc = () => ApiParam({ name: 'networkId', format: 'uuid' });
export const MachineDoc = () =>
  ApiParam({ name: 'machine', schema: { type: 'string', pattern: NAME_PATTERN.source, maxLength: NAME_MAX_LENGTH }, example: 'anna' });
