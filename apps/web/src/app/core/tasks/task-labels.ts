import { TaskStatus, type TaskSummary } from '@clan/contracts';

const TYPE_LABELS: Record<string, string> = {
  'host.diagnostics': 'Host diagnostics',
  'machine.build': 'Build machine',
  'vm.deploy': 'Deploy VM',
  'vm.power': 'VM power action',
  'generations.gc': 'Collect old generations',
  'vm.migrate': 'Move to another host',
  'host.drain': 'Drain host',
  'tang.apply': 'Tang server',
  'tang.rotate': 'Rotate Tang keys',
  'clevis.bind': 'Bind disk (Clevis)',
};

/** `host.diagnostics` → "Host diagnostics"; unknown types are shown as they are. */
export function taskTitle(task: Pick<TaskSummary, 'type'>): string {
  return TYPE_LABELS[task.type] ?? task.type;
}

export function statusTone(status: TaskStatus): 'ok' | 'danger' | 'warn' | 'info' | 'muted' {
  switch (status) {
    case TaskStatus.Succeeded:
      return 'ok';
    case TaskStatus.Failed:
      return 'danger';
    case TaskStatus.Cancelled:
      return 'warn';
    case TaskStatus.Running:
      return 'info';
    default:
      return 'muted';
  }
}

export function durationOf(task: Pick<TaskSummary, 'startedAt' | 'finishedAt'>, now = Date.now()): string {
  if (!task.startedAt) return '';
  const end = task.finishedAt ? Date.parse(task.finishedAt) : now;
  const seconds = Math.max(0, Math.round((end - Date.parse(task.startedAt)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
