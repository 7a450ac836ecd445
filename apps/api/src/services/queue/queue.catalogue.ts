/**
 * The one catalogue of queues and jobs (STYLE.md "Jobs"; docs/recipes.md,
 * "Add a job"). Two kinds of job, both named here with their payload type:
 *
 * - **Task jobs** (`JobName`): each run is a task — a row in `tasks` with
 *   progress, a log, cancellation and reconciliation; BullMQ carries only
 *   the task id. Start one with `TasksService.start`.
 * - **Internal jobs** (`InternalJobName`): plain BullMQ jobs that carry their
 *   payload, for the panel's own bookkeeping — BullMQ's retries and job
 *   schedulers, no task row. Enqueue one with `QueueService.addInternal` or
 *   schedule it with `QueueService.schedule`.
 *
 * Adding a job:
 *   1. add its name to JobName (or InternalJobName) and its payload type to
 *      JobPayloads (or InternalJobPayloads),
 *   2. describe it in JOBS (queue, resumable) or INTERNAL_JOBS (queue),
 *   3. write exactly one service method decorated `@JobHandler(<name>)`.
 * Start-up fails when a job has no handler or two (see job-handlers.ts).
 */

/** BullMQ queues. Each has its own concurrency so slow work (nix builds) cannot starve quick work. */
export enum QueueName {
  NixBuild = 'nix-build',
  Hypervisor = 'hypervisor',
  Backup = 'backup',
  System = 'system',
  /** Scheduled backup triggers (internal job `backup.trigger`, from BullMQ job schedulers). */
  BackupTrigger = 'backup-trigger',
  /** Notification deliveries (internal job `notification.deliver`, with BullMQ retries). */
  Notify = 'notify',
}

export enum JobName {
  HostDiagnostics = 'host.diagnostics',
  MachineBuild = 'machine.build',
  VmDeploy = 'vm.deploy',
  VmPower = 'vm.power',
  GenerationsGc = 'generations.gc',
  VmRemove = 'vm.remove',
  BackupInit = 'backup.init',
  BackupRun = 'backup.run',
  BackupPrune = 'backup.prune',
  BackupCheck = 'backup.check',
  BackupRestore = 'backup.restore',
  BackupVerify = 'backup.verify',
  BackupMachineRestore = 'backup.machine-restore',
  UpdateCheck = 'update.check',
  UpdatePreview = 'update.preview',
  UpdateRollout = 'update.rollout',
  UpdateAbort = 'update.abort',
  VmMigrate = 'vm.migrate',
  HostDrain = 'host.drain',
  TangApply = 'tang.apply',
  TangRotate = 'tang.rotate',
  ClevisBind = 'clevis.bind',
}

/** Power actions of `vm.power`. */
export type VmPowerAction = 'start' | 'stop' | 'reboot' | 'suspend' | 'resume';
export const VM_POWER_ACTIONS: readonly VmPowerAction[] = ['start', 'stop', 'reboot', 'suspend', 'resume'];

/** Payload of each job, as stored in `tasks.payload` and handed to its handler. */
export interface JobPayloads {
  [JobName.HostDiagnostics]: { sampleSeconds: number };
  /** Build the machine's system at `revision` (null: the head when the task runs). */
  [JobName.MachineBuild]: { revision: string | null; reason: 'config-change' | 'manual' | 'update' };
  /** Boot generation `generation`; a failed health check rolls back unless this already is a rollback. */
  [JobName.VmDeploy]: { generation: number; rollback: boolean };
  [JobName.VmPower]: { action: VmPowerAction };
  /** Collect old generations of one machine, or of every machine when both are null. */
  [JobName.GenerationsGc]: { keep: number };
  /** The machine left the configuration: stop and undefine its VM, drop its generations, keep its state disk aside. */
  [JobName.VmRemove]: Record<string, never>;
  /** `restic init` of a repository (succeeds when it already exists). */
  [JobName.BackupInit]: { repositoryId: string };
  /** Back up one policy: pre hooks, dumps, files, post hooks; then retention when it keeps anything. */
  [JobName.BackupRun]: { policyId: string; trigger: 'manual' | 'schedule' };
  /** `forget --prune` with the policy's retention, on its own snapshots only. */
  [JobName.BackupPrune]: { policyId: string };
  /** `restic check` of a repository, reading `readDataSubset` of the data (null: metadata only). */
  [JobName.BackupCheck]: { repositoryId: string; readDataSubset: string | null; policyId: string | null };
  /** Restore `path` of a snapshot to where it was (`target` null) or under another directory. */
  [JobName.BackupRestore]: { repositoryId: string; snapshotId: string; path: string; target: string | null };
  /** Boot the latest snapshot of a machine policy in a throw-away VM with no network and record whether it comes up healthy. */
  [JobName.BackupVerify]: { policyId: string; trigger: 'manual' | 'schedule' };
  /** Bring a machine back as a snapshot recorded it: its state disk, its configuration at the recorded revision, the recorded generation. */
  [JobName.BackupMachineRestore]: { repositoryId: string; snapshotId: string; machine: string };
  /** Compare the revision the network's flake.lock pins with the one its upstream's branch points at (docs/updates.md). */
  [JobName.UpdateCheck]: { trigger: 'manual' | 'schedule' };
  /** Build the preview `previewId`: the proposed lock in a scratch worktree, each machine's candidate, its diff against what runs. */
  [JobName.UpdatePreview]: { previewId: string };
  /** Deploy a committed update machine by machine (from where it stands: also resume and skip). */
  [JobName.UpdateRollout]: { rolloutId: string };
  /** Take every machine the rollout updated back to the generation it ran before, and put the old lock back. */
  [JobName.UpdateAbort]: { rolloutId: string };
  /**
   * Cold migration of the task's machine to `toHostId` (docs/fleet.md, "Placement and migration"): runs on the
   * target host — stop on the old host, copy its state disk over the fleet mesh, boot there, health check; back
   * to the old host on failure. `fromHostId` null: restart elsewhere from the last backup (the old host is offline).
   */
  [JobName.VmMigrate]: { fromHostId: string | null; toHostId: string; reason: 'admin' | 'drain' | 'restart-elsewhere' };
  /** Move every machine of a draining host to the others, one at a time. */
  [JobName.HostDrain]: { hostId: string };
  /** Start or stop the task's host's Tang server as its tang_servers row says, and report its keys (docs/fleet-unlock.md). */
  [JobName.TangApply]: Record<string, never>;
  /** Rotate the keys of the task's host's Tang server, then start a rebind on every host whose policy uses it. */
  [JobName.TangRotate]: Record<string, never>;
  /**
   * Bind the task's host's LUKS device to its Clevis policy, replacing the slot bound before. `secretId`: the
   * admin's passphrase, sealed to the host (unlock_secrets, read once); null: unlock with the current binding.
   */
  [JobName.ClevisBind]: { secretId: string | null; reason: 'bind' | 'rotation' };
}

/**
 * Where a job runs (docs/fleet.md, "Work goes to the right host"):
 * - `panel`: on the panel's host (it needs the network repositories, the database's view of everything);
 * - `machine-host`: on the host that owns the task's machine (or the host the task names), on that host's
 *   own queue `<queue>@<host id>`: it touches a hypervisor, a VM disk or a host interface.
 */
export type JobPlacement = 'panel' | 'machine-host';

export interface JobDefinition {
  queue: QueueName;
  /** Default `panel`. */
  placement?: JobPlacement;
  /**
   * Safe to run again from the start when its worker died mid-way (the
   * handler is idempotent). Resumable tasks are re-queued by reconciliation;
   * the others are marked failed.
   */
  resumable: boolean;
}

export const JOBS: { readonly [N in JobName]: JobDefinition } = {
  // Not resumable: a restarted sample would silently cover a different period.
  [JobName.HostDiagnostics]: { queue: QueueName.System, resumable: false },
  // The VM jobs are idempotent (docs/vms.md): after a crash they run again from the start.
  [JobName.MachineBuild]: { queue: QueueName.NixBuild, resumable: true },
  [JobName.VmDeploy]: { queue: QueueName.Hypervisor, resumable: true, placement: 'machine-host' },
  [JobName.VmPower]: { queue: QueueName.Hypervisor, resumable: true, placement: 'machine-host' },
  [JobName.GenerationsGc]: { queue: QueueName.System, resumable: true },
  [JobName.VmRemove]: { queue: QueueName.Hypervisor, resumable: true, placement: 'machine-host' },
  // Backup jobs are safe to run again: init and restore converge, a repeated backup is one more snapshot.
  [JobName.BackupInit]: { queue: QueueName.Backup, resumable: true },
  [JobName.BackupRun]: { queue: QueueName.Backup, resumable: true },
  [JobName.BackupPrune]: { queue: QueueName.Backup, resumable: true },
  [JobName.BackupCheck]: { queue: QueueName.Backup, resumable: true },
  [JobName.BackupRestore]: { queue: QueueName.Backup, resumable: true },
  // A verification removes what a dead run left (its domain, its temp files) before it starts again.
  [JobName.BackupVerify]: { queue: QueueName.Backup, resumable: true },
  // Run again, a whole-machine restore converges: the disk it wrote is kept aside like any other, the revert commits only a difference.
  [JobName.BackupMachineRestore]: { queue: QueueName.Backup, resumable: true },
  // A check only reads and records the last answer: run again, it converges.
  [JobName.UpdateCheck]: { queue: QueueName.System, resumable: true },
  // Builds: the store paths are kept, so a preview run again converges on the same answer.
  [JobName.UpdatePreview]: { queue: QueueName.System, resumable: true },
  // A rollout and an abort go on from the state they record per machine.
  [JobName.UpdateRollout]: { queue: QueueName.System, resumable: true },
  [JobName.UpdateAbort]: { queue: QueueName.System, resumable: true },
  // Run again from the start, a migration converges: it looks where the VM and the disk are before each step.
  [JobName.VmMigrate]: { queue: QueueName.Hypervisor, resumable: true, placement: 'machine-host' },
  [JobName.HostDrain]: { queue: QueueName.System, resumable: true },
  // Unattended unlock runs on the host it acts on (the per-host queue every host serves). Applying converges;
  // a rotation run twice rotates twice; a bind reads its one-time secret once.
  [JobName.TangApply]: { queue: QueueName.Hypervisor, resumable: true, placement: 'machine-host' },
  [JobName.TangRotate]: { queue: QueueName.Hypervisor, resumable: false, placement: 'machine-host' },
  [JobName.ClevisBind]: { queue: QueueName.Hypervisor, resumable: false, placement: 'machine-host' },
};

/** Jobs that act on one machine's VM: at most one of them per machine is queued or running. */
export const VM_JOBS: readonly JobName[] = [JobName.MachineBuild, JobName.VmDeploy, JobName.VmPower, JobName.VmRemove, JobName.VmMigrate];

/** Jobs run at once per process, per queue. */
export const QUEUE_CONCURRENCY: { readonly [Q in QueueName]: number } = {
  [QueueName.NixBuild]: 1,
  [QueueName.Hypervisor]: 4,
  // Two, so a restore does not wait behind a long backup.
  [QueueName.Backup]: 2,
  [QueueName.System]: 4,
  [QueueName.BackupTrigger]: 2,
  [QueueName.Notify]: 4,
};

export const JOB_NAMES: readonly JobName[] = Object.values(JobName);

export function isJobName(value: string): value is JobName {
  return (JOB_NAMES as readonly string[]).includes(value);
}

/**
 * Internal jobs: BullMQ jobs that carry their payload and run without a task
 * row — no progress, log or cancel. A handler throws to have BullMQ retry the
 * job (when it was enqueued with attempts), or throws bullmq's
 * `UnrecoverableError` to stop retrying.
 */
export enum InternalJobName {
  BackupTrigger = 'backup.trigger',
  NotificationDeliver = 'notification.deliver',
  BackupVerifySweep = 'backup.verify-sweep',
  UpdateCheckSweep = 'update.check-sweep',
  UpdateRolloutSweep = 'update.rollout-sweep',
}

/** Payload of each internal job, as BullMQ stores it (`job.data`). */
export interface InternalJobPayloads {
  /**
   * A policy's schedule fired (a BullMQ job scheduler per policy and `what`,
   * id `<what>:<policyId>`): start its backup or check task unless one is
   * already queued or running.
   */
  [InternalJobName.BackupTrigger]: { policyId: string; what: 'backup' | 'check' };
  /** One attempt to deliver a notification to one target. The job id is the delivery id, so enqueueing twice runs once. */
  [InternalJobName.NotificationDeliver]: { deliveryId: string };
  /** Once a day: start the verified restore of every machine policy whose last one is older than CLAN_VERIFY_DAYS. */
  [InternalJobName.BackupVerifySweep]: Record<string, never>;
  /** Every CLAN_UPDATE_CHECK_HOURS: start the update check of every network that follows an upstream. */
  [InternalJobName.UpdateCheckSweep]: Record<string, never>;
  /** Every 15 minutes: roll out the ready preview of each network with automatic updates whose maintenance window is open. */
  [InternalJobName.UpdateRolloutSweep]: Record<string, never>;
}

export interface InternalJobDefinition {
  queue: QueueName;
}

export const INTERNAL_JOBS: { readonly [N in InternalJobName]: InternalJobDefinition } = {
  [InternalJobName.BackupTrigger]: { queue: QueueName.BackupTrigger },
  [InternalJobName.NotificationDeliver]: { queue: QueueName.Notify },
  [InternalJobName.BackupVerifySweep]: { queue: QueueName.BackupTrigger },
  // The schedules' queue (no task rows): the update sweep only starts tasks, like the verify sweep.
  [InternalJobName.UpdateCheckSweep]: { queue: QueueName.BackupTrigger },
  [InternalJobName.UpdateRolloutSweep]: { queue: QueueName.BackupTrigger },
};

export const INTERNAL_JOB_NAMES: readonly InternalJobName[] = Object.values(InternalJobName);

export function isInternalJobName(value: string): value is InternalJobName {
  return (INTERNAL_JOB_NAMES as readonly string[]).includes(value);
}

/** Every job of the catalogue, of both kinds: the start-up check wants exactly one handler for each. */
export type AnyJobName = JobName | InternalJobName;
export const ALL_JOB_NAMES: readonly AnyJobName[] = [...JOB_NAMES, ...INTERNAL_JOB_NAMES];

/** The queue a job of either kind runs on. */
export function queueOf(name: AnyJobName): QueueName {
  return isInternalJobName(name) ? INTERNAL_JOBS[name].queue : JOBS[name].queue;
}

export function placementOf(name: JobName): JobPlacement {
  return JOBS[name].placement ?? 'panel';
}

/** The queue of one host: `<queue>@<host id>` (BullMQ queue names may not hold ":"). */
export function hostQueueName(queue: QueueName, hostId: string): string {
  return `${queue}@${hostId}`;
}

/** The BullMQ queue a task of `name` goes to; `hostId` is required for jobs placed on a machine's host. */
export function queueNameFor(name: JobName, hostId: string | null): string {
  if (placementOf(name) === 'panel') return JOBS[name].queue;
  if (!hostId) throw new Error(`job ${name} runs on a machine's host, and no host was given`);
  return hostQueueName(JOBS[name].queue, hostId);
}

/** The catalogue queue behind a (possibly per-host) queue name. */
export function baseQueueOf(queueName: string): QueueName {
  return queueName.split('@')[0] as QueueName;
}

/** Queues the panel's host runs for every host-less job (task and internal jobs placed on the panel). */
export function queuesInUse(): QueueName[] {
  return [...new Set(ALL_JOB_NAMES.filter((n) => isInternalJobName(n) || placementOf(n) === 'panel').map(queueOf))];
}

/** Queues every host (the panel's included) runs as `<queue>@<its id>`: those of jobs placed on a machine's host. */
export function hostQueues(): QueueName[] {
  return [...new Set(JOB_NAMES.filter((n) => placementOf(n) === 'machine-host').map((n) => JOBS[n].queue))];
}

/** Queues that carry task jobs (their workers' locks follow the task heartbeat). */
export function taskQueues(): QueueName[] {
  return [...new Set(JOB_NAMES.map((n) => JOBS[n].queue))];
}
