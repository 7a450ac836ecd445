import { ErrorCode } from '@clan/contracts';
import { Injectable, Param, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { DomainError } from '../common/errors/domain-error';
import { IdParamPipe } from '../common/http/id-param.pipe';
import { SNAPSHOT_ID } from './backups.service';

/** `:snapshotId`: a restic snapshot id or unique prefix (8–64 hex digits); anything else names no snapshot (404). */
@Injectable()
export class SnapshotIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value === 'string' && SNAPSHOT_ID.test(value)) return value;
    throw new DomainError(ErrorCode.NotFound, `No snapshot has the id "${String(value).slice(0, 64)}".`, [
      { field: 'snapshotId', message: 'snapshotId must be a restic snapshot id: 8 to 64 hex digits' },
    ]);
  }
}

export const RepositoryId = () => Param('repositoryId', new IdParamPipe('repositoryId', 'backup repository'));
export const PolicyId = () => Param('policyId', new IdParamPipe('policyId', 'backup policy'));
export const SnapshotId = () => Param('snapshotId', new SnapshotIdPipe());

export const RepositoryIdDoc = () => ApiParam({ name: 'repositoryId', format: 'uuid', description: 'A backup repository of the network.' });
export const PolicyIdDoc = () => ApiParam({ name: 'policyId', format: 'uuid', description: 'A backup policy of the network.' });
export const SnapshotIdDoc = () =>
  ApiParam({
    name: 'snapshotId',
    schema: { type: 'string', pattern: SNAPSHOT_ID.source },
    example: '8c1f882f',
    description: 'A restic snapshot id (or its first 8+ hex digits).',
  });
