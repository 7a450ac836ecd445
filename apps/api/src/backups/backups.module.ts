import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MeshModule } from '../mesh/mesh.module';
import { MeshPeerEntity } from '../mesh/mesh-peer.entity';
import { NetworkMemberEntity } from '../networks/network-member.entity';
import { NetworkEntity } from '../networks/network.entity';
import { NotificationsModule } from '../notifications/notifications.module';
import { TaskEntity } from '../tasks/task.entity';
import { GuestModule } from '../services/guest/guest.module';
import { LibvirtModule } from '../services/libvirt/libvirt.module';
import { TasksModule } from '../tasks/tasks.module';
import { VmMutex } from '../vms/vm-mutex';
import { VmsModule } from '../vms/vms.module';
import { DiskModule } from '../services/disk/disk.module';
import { BackupHooks } from './backup-hooks';
import { BackupMonitor } from './backup-monitor.service';
import { BackupNotifier } from './backup-notifier';
import { BackupPoliciesController } from './backup-policies.controller';
import { BackupPolicies } from './backup-policies.service';
import { BackupPolicyEntity } from './backup-policy.entity';
import { BackupRepositoriesController } from './backup-repositories.controller';
import { BackupRepositories } from './backup-repositories.service';
import { BackupRepositoryEntity } from './backup-repository.entity';
import { BackupRunEntity } from './backup-run.entity';
import { BackupRuns } from './backup-runs.store';
import { BackupScheduler } from './backup-scheduler.service';
import { BackupStatusController } from './backup-status.controller';
import { BackupStatusService } from './backup-status.service';
import { BackupSubjects } from './backup-subjects.service';
import { BackupTasks } from './backup-tasks.service';
import { BackupUsageSampleEntity } from './backup-usage-sample.entity';
import { BackupUsage } from './backup-usage.service';
import { BackupsService } from './backups.service';
import { BackupDumps } from './jobs/backup-dumps';
import { BackupRunJob } from './jobs/backup-run.job';
import { BackupCheckJob } from './jobs/check.job';
import { BackupInitJob } from './jobs/init.job';
import { BackupPruneJob } from './jobs/prune.job';
import { RecordedRuns } from './jobs/recorded-runs';
import { BackupRestoreJob } from './jobs/restore.job';
import { MachineBackups } from './machine/machine-backups.service';
import { MachineRestoreController } from './machine/machine-restore.controller';
import { MachineRestoreJob } from './machine/machine-restore.job';
import { MachineRestores } from './machine/machine-restore.service';
import { MachineVms } from './machine/machine-vm';
import { BackupRepoHost } from './rest-repo/backup-repo-host.service';
import { MachineRepositories } from './rest-repo/machine-repositories.service';
import { ResticService } from './restic/restic.service';
import { BackupVerificationEntity } from './verify/backup-verification.entity';
import { BackupVerifications } from './verify/backup-verifications.store';
import { BackupVerifyController } from './verify/backup-verify.controller';
import { BackupVerifyService } from './verify/backup-verify.service';
import { BackupVerifyJob } from './verify/verify.job';

/** Backups (docs/backups.md): restic repositories, policies, runs as tasks, status, check-ins, restore. */
@Module({
  imports: [
    MeshModule,
    TasksModule,
    NotificationsModule,
    GuestModule,
    LibvirtModule,
    // Verified restores boot a generation's files in a throw-away VM (verify/).
    VmsModule,
    DiskModule,
    TypeOrmModule.forFeature([
      BackupRepositoryEntity,
      BackupPolicyEntity,
      BackupRunEntity,
      BackupUsageSampleEntity,
      BackupVerificationEntity,
      MeshPeerEntity,
      NetworkMemberEntity,
      NetworkEntity,
      TaskEntity,
    ]),
  ],
  controllers: [
    BackupRepositoriesController,
    BackupPoliciesController,
    BackupStatusController,
    BackupVerifyController,
    MachineRestoreController,
  ],
  providers: [
    ResticService,
    BackupRepositories,
    BackupPolicies,
    BackupSubjects,
    BackupRuns,
    BackupTasks,
    BackupUsage,
    BackupNotifier,
    BackupMonitor,
    BackupScheduler,
    BackupStatusService,
    BackupsService,
    // The jobs (jobs/): one provider per job, each with its one @JobHandler.
    BackupHooks,
    BackupDumps,
    RecordedRuns,
    BackupRunJob,
    BackupPruneJob,
    BackupCheckJob,
    BackupRestoreJob,
    // Whole-machine restore (machine/): state disk, configuration and generation as a snapshot recorded them.
    MachineRestores,
    MachineRestoreJob,
    BackupInitJob,
    // A Redis lease per repository: one writer at a time across panel processes.
    VmMutex,
    // Machines' own append-only repositories (rest-repo/).
    MachineRepositories,
    BackupRepoHost,
    // Machine policies: through the VM controller, or from a stopped VM's state disk (machine/).
    MachineVms,
    MachineBackups,
    // Verified restores: a throw-away VM boots the latest snapshot of a machine policy (verify/).
    BackupVerifications,
    BackupVerifyService,
    BackupVerifyJob,
  ],
  exports: [BackupsService, BackupMonitor, ResticService, MachineRepositories, BackupRepoHost],
})
export class BackupsModule {}
