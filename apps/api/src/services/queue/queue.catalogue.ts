/**
 * The one catalogue of queues and jobs (STYLE.md "Jobs"). Adding a job:
 *   1. add its name to JobName and its payload type to JobPayloads,
 *   2. describe it in JOBS (queue, resumable),
 *   3. write exactly one service method decorated `@JobHandler(JobName.X)`.
 * Start-up fails when a job has no handler or two (see job-handlers.ts).
 */

/** BullMQ queues. Each has its own concurrency so slow work (nix builds) cannot starve quick work. */
export enum QueueName {
  NixBuild = 'nix-build',
  Hypervisor = 'hypervisor',
  Backup = 'backup',
  Vpn = 'vpn',
  Metrics = 'metrics',
  System = 'system',
}

export enum JobName {
  HostDiagnostics = 'host.diagnostics',
  MachineBuild = 'machine.build',
  VmDeploy = 'vm.deploy',
  VmPower = 'vm.power',
  GenerationsGc = 'generations.gc',
  VmRemove = 'vm.remove',
}

/** Power actions of `vm.power`. */
export type VmPowerAction = 'start' | 'stop' | 'reboot' | 'suspend' | 'resume';
export const VM_POWER_ACTIONS: readonly VmPowerAction[] = ['start', 'stop', 'reboot', 'suspend', 'resume'];

/** Payload of each job, as stored in `tasks.payload` and handed to its handler. */
export interface JobPayloads {
  [JobName.HostDiagnostics]: { sampleSeconds: number };
  /** Build the machine's system at `revision` (null: the head when the task runs). */
  [JobName.MachineBuild]: { revision: string | null; reason: 'config-change' | 'manual' };
  /** Boot generation `generation`; a failed health check rolls back unless this already is a rollback. */
  [JobName.VmDeploy]: { generation: number; rollback: boolean };
  [JobName.VmPower]: { action: VmPowerAction };
  /** Collect old generations of one machine, or of every machine when both are null. */
  [JobName.GenerationsGc]: { keep: number };
  /** The machine left the configuration: stop and undefine its VM, drop its generations, keep its state disk aside. */
  [JobName.VmRemove]: Record<string, never>;
}

export interface JobDefinition {
  queue: QueueName;
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
  [JobName.VmDeploy]: { queue: QueueName.Hypervisor, resumable: true },
  [JobName.VmPower]: { queue: QueueName.Hypervisor, resumable: true },
  [JobName.GenerationsGc]: { queue: QueueName.System, resumable: true },
  [JobName.VmRemove]: { queue: QueueName.Hypervisor, resumable: true },
};

/** Jobs that act on one machine's VM: at most one of them per machine is queued or running. */
export const VM_JOBS: readonly JobName[] = [JobName.MachineBuild, JobName.VmDeploy, JobName.VmPower, JobName.VmRemove];

/** Jobs run at once per process, per queue. */
export const QUEUE_CONCURRENCY: { readonly [Q in QueueName]: number } = {
  [QueueName.NixBuild]: 1,
  [QueueName.Hypervisor]: 4,
  [QueueName.Backup]: 1,
  [QueueName.Vpn]: 2,
  [QueueName.Metrics]: 2,
  [QueueName.System]: 4,
};

export const JOB_NAMES: readonly JobName[] = Object.values(JobName);

export function isJobName(value: string): value is JobName {
  return (JOB_NAMES as readonly string[]).includes(value);
}

/** Queues that have at least one job, i.e. need a worker. */
export function queuesInUse(): QueueName[] {
  return [...new Set(JOB_NAMES.map((n) => JOBS[n].queue))];
}
