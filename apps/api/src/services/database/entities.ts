import { AuditEntryEntity } from '../../audit/audit-entry.entity';
import { SessionEntity } from '../../auth/session.entity';
import { BackupPolicyEntity } from '../../backups/backup-policy.entity';
import { BackupRepositoryEntity } from '../../backups/backup-repository.entity';
import { BackupRunEntity } from '../../backups/backup-run.entity';
import { BackupUsageSampleEntity } from '../../backups/backup-usage-sample.entity';
import { BackupVerificationEntity } from '../../backups/verify/backup-verification.entity';
import { MachineStateEntity } from '../../vms/machine-state.entity';
import { ConsoleRecordingEntity } from '../../consoles/recordings/recording.entity';
import { MachineConsoleEntity } from '../../consoles/settings/machine-console.entity';
import { MeshNetworkEntity } from '../../mesh/mesh-network.entity';
import { MeshPeerEntity } from '../../mesh/mesh-peer.entity';
import { MeshInviteEntity } from '../../mesh/mesh-invite.entity';
import { MetricRollupEntity } from '../../metrics/metric-rollup.entity';
import { MetricSampleEntity } from '../../metrics/metric-sample.entity';
import { MetricSeriesEntity } from '../../metrics/metric-series.entity';
import { NetworkMemberEntity } from '../../networks/network-member.entity';
import { NetworkEntity } from '../../networks/network.entity';
import { MachineCertificateEntity } from '../../pki/machine-certificate.entity';
import { NetworkCaEntity } from '../../pki/network-ca.entity';
import { NotificationDeliveryEntity } from '../../notifications/entities/notification-delivery.entity';
import { NotificationReadEntity } from '../../notifications/entities/notification-read.entity';
import { NotificationSubjectEntity } from '../../notifications/entities/notification-subject.entity';
import { NotificationTargetEntity } from '../../notifications/entities/notification-target.entity';
import { NotificationEntity } from '../../notifications/entities/notification.entity';
import { TaskLogEntity } from '../../tasks/task-log.entity';
import { TaskEntity } from '../../tasks/task.entity';
import { ApiTokenEntity } from '../../tokens/api-token.entity';
import { PasswordResetEntity } from '../../users/password-reset.entity';
import { UserEntity } from '../../users/user.entity';
import { PersonInviteEntity } from '../../people/person-invite.entity';
import { GenerationEntity } from '../../vms/generation.entity';
import { AppCredentialEntity } from '../../app-credentials/app-credential.entity';
import { NetworkUpdateEntity } from '../../updates/network-update.entity';
import { UpdatePreviewEntity } from '../../updates/update-preview.entity';
import { UpdateRolloutEntity } from '../../updates/update-rollout.entity';
import { MarketplaceSourceEntity } from '../../marketplace/marketplace-source.entity';
import { MarketplaceEntryEntity } from '../../marketplace/marketplace-entry.entity';
import { MarketplaceRevisionEntity } from '../../marketplace/marketplace-revision.entity';
import { MarketplaceReviewEntity } from '../../marketplace/network/marketplace-review.entity';
import { HostEntity } from '../../fleet/host.entity';
import { HostEnrolmentEntity } from '../../fleet/host-enrolment.entity';
import { ClevisPolicyEntity } from '../../fleet/unlock/clevis-policy.entity';
import { TangServerEntity } from '../../fleet/unlock/tang-server.entity';
import { UnlockSecretEntity } from '../../fleet/unlock/unlock-secret.entity';

/** Every entity of the panel. Adding one here requires a migration (checked by `npm run db:check`). */
export const ENTITIES = [
  AppCredentialEntity,
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
  NotificationSubjectEntity,
  NotificationEntity,
  NotificationReadEntity,
  NotificationTargetEntity,
  NotificationDeliveryEntity,
  MeshInviteEntity,
  BackupRepositoryEntity,
  BackupPolicyEntity,
  BackupRunEntity,
  BackupUsageSampleEntity,
  BackupVerificationEntity,
  MachineConsoleEntity,
  ConsoleRecordingEntity,
  PasswordResetEntity,
  PersonInviteEntity,
  NetworkCaEntity,
  MachineCertificateEntity,
  NetworkUpdateEntity,
  UpdatePreviewEntity,
  UpdateRolloutEntity,
  MarketplaceSourceEntity,
  MarketplaceEntryEntity,
  MarketplaceRevisionEntity,
  MarketplaceReviewEntity,
  HostEntity,
  HostEnrolmentEntity,
  TangServerEntity,
  ClevisPolicyEntity,
  UnlockSecretEntity,
];
