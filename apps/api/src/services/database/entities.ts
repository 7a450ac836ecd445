import { AuditEntryEntity } from '../../audit/audit-entry.entity';
import { SessionEntity } from '../../auth/session.entity';
import { MachineStateEntity } from '../../configs/machine-state.entity';
import { MeshNetworkEntity } from '../../mesh/mesh-network.entity';
import { MeshPeerEntity } from '../../mesh/mesh-peer.entity';
import { MetricRollupEntity } from '../../metrics/metric-rollup.entity';
import { MetricSampleEntity } from '../../metrics/metric-sample.entity';
import { MetricSeriesEntity } from '../../metrics/metric-series.entity';
import { NetworkMemberEntity } from '../../networks/network-member.entity';
import { NetworkEntity } from '../../networks/network.entity';
import { TaskLogEntity } from '../../tasks/task-log.entity';
import { TaskEntity } from '../../tasks/task.entity';
import { ApiTokenEntity } from '../../tokens/api-token.entity';
import { UserEntity } from '../../users/user.entity';
import { GenerationEntity } from '../../vms/generation.entity';

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
  GenerationEntity,
  MetricSeriesEntity,
  MetricSampleEntity,
  MetricRollupEntity,
  MeshNetworkEntity,
  MeshPeerEntity,
];
