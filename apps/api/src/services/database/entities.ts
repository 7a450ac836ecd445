import { AuditEntryEntity } from '../../audit/audit-entry.entity';
import { SessionEntity } from '../../auth/session.entity';
import { MachineStateEntity } from '../../configs/machine-state.entity';
import { NetworkMemberEntity } from '../../networks/network-member.entity';
import { NetworkEntity } from '../../networks/network.entity';
import { TaskLogEntity } from '../../tasks/task-log.entity';
import { TaskEntity } from '../../tasks/task.entity';
import { ApiTokenEntity } from '../../tokens/api-token.entity';
import { UserEntity } from '../../users/user.entity';

/** Every entity of the panel. Adding one here requires a migration (checked by `npm run db:check`). */
export const ENTITIES = [
  UserEntity,
  SessionEntity,
  ApiTokenEntity,
  NetworkEntity,
  NetworkMemberEntity,
  TaskEntity,
  TaskLogEntity,
  AuditEntryEntity,
  MachineStateEntity,
];
