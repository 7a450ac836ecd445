import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { describeError, type ErrorView } from '../../../core/api/errors';
import { TaskViewer } from '../../../core/tasks/task-viewer.service';
import { Confirm } from '../../../core/ui/confirm';
import { timeAgo } from '../../../core/vm/vm-rules';
import { ErrorBox } from '../../../shared/error-box';
import { ProgressBar } from '../../../shared/progress-bar';
import { TaskProgress } from '../../../shared/task-progress';
import { NetworkContext } from '../network-context';
import { UpdatesApi, type RolloutMachineView, type UpdateRolloutView } from '../network-updates.api';
import { haltedMachine, machineState, rolloutCounts, rolloutStatus, waves } from './update-format';

/**
 * A rollout as a timeline (decision 0017 §4): waves (the canary first), each
 * machine with its state, generation from → to, its reason and its tasks; "n of
 * m machines updated". Halted: a banner with the reason and Resume, Skip, Abort.
 */
@Component({
  selector: 'clan-update-rollout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorBox, ProgressBar, TaskProgress],
  styles: `
    .timeline {
      list-style: none;
      margin: 0;
      padding: 0;
      border-left: 2px solid var(--border-strong);
    }
    .wave {
      position: relative;
      padding: 0 0 12px 16px;
    }
    .wave::before {
      content: '';
      position: absolute;
      left: -6px;
      top: 4px;
      width: 10px;
      height: 10px;
      border-radius: 50%;
      background: var(--border-strong);
    }
    .wave-machines {
      list-style: none;
      margin: 4px 0 0;
      padding: 0;
      display: grid;
      gap: 6px;
    }
    .wave-machine {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 6px 10px;
    }
    .wave-machine .reason {
      flex-basis: 100%;
    }
    .halt-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin-top: 8px;
    }
  `,
  template: `
    @let r = rollout();
    <section class="panel" aria-labelledby="update-rollout-title" data-testid="update-rollout" [attr.data-status]="r.status">
      <h2 id="update-rollout-title" class="panel-header">
        {{ active() ? 'Rollout' : 'Last rollout' }}
        <span [class]="'badge badge-' + status().tone" [title]="status().hint" data-testid="rollout-status">{{ status().label }}</span>
      </h2>
      <p class="small" data-testid="rollout-summary">
        <code [title]="r.fromRev">{{ short(r.fromRev) }}</code> → <code [title]="r.toRev">{{ short(r.toRev) }}</code>, started
        {{ ago(r.createdAt) }} {{ r.username ? 'by ' + r.username : 'by the schedule'
        }}{{ r.finishedAt ? ', ended ' + ago(r.finishedAt) : '' }}.
        {{ r.concurrency === 1 ? 'One machine at a time' : 'At most ' + r.concurrency + ' machines at a time' }} after the canary; each
        stays healthy for {{ r.soakSeconds }} s.
      </p>

      @if (r.status === 'halted') {
        <div class="alert alert-danger" role="alert" data-testid="rollout-halted">
          <p>
            <strong>The rollout stopped.</strong>
            {{ r.haltReason ?? 'A machine failed after the update.' }}
          </p>
          <p class="small">Machines not reached yet still run what they ran before. Decide how to go on:</p>
          @if (canConfigure()) {
            <div class="halt-actions">
              <button type="button" class="btn btn-primary" data-testid="rollout-resume" [disabled]="busy()" (click)="resume()">
                Try {{ halted() ?? 'it' }} again
              </button>
              @if (halted(); as m) {
                <button type="button" class="btn" data-testid="rollout-skip" [disabled]="busy()" (click)="skip(m)">
                  Skip {{ m }} and go on
                </button>
              }
              <button type="button" class="btn btn-danger" data-testid="rollout-abort" [disabled]="busy()" (click)="abort()">
                Abort and undo
              </button>
            </div>
          }
        </div>
      } @else if (r.haltReason && r.status === 'failed') {
        <div class="alert alert-danger" role="alert" data-testid="rollout-failed">{{ r.haltReason }}</div>
      }
      <clan-error [error]="error()" />

      <div data-testid="rollout-progress">
        <clan-progress [value]="percent()" [tone]="status().tone" label="Machines updated" />
        <p class="small" data-testid="rollout-count">{{ counts().done }} of {{ counts().total }} machines updated</p>
      </div>
      @if ((r.status === 'running' || r.status === 'aborting') && r.taskId) {
        <clan-task-progress [taskId]="r.taskId" [lines]="4" (taskEnded)="changed.emit()" />
      }
      @if (r.status === 'running' && canConfigure()) {
        <div class="form-actions">
          <button type="button" class="btn btn-danger btn-small" data-testid="rollout-abort" [disabled]="busy()" (click)="abort()">
            Abort and undo
          </button>
        </div>
      }

      <ol class="timeline" data-testid="rollout-timeline">
        @for (w of waves(); track w.wave) {
          <li class="wave" [attr.data-testid]="'rollout-wave-' + w.wave">
            <strong>{{ w.wave === 0 ? 'First: the canary' : 'Wave ' + w.wave }}</strong>
            <ul class="wave-machines">
              @for (m of w.machines; track m.machine) {
                <li class="wave-machine" [attr.data-testid]="'rollout-machine-' + m.machine">
                  <span
                    [class]="'badge badge-' + chip(m).tone"
                    [title]="chip(m).hint"
                    [attr.data-testid]="'rollout-state-' + m.machine"
                    [attr.data-state]="m.state"
                    >{{ chip(m).label }}</span
                  >
                  <strong>{{ m.machine }}</strong>
                  @if (m.wave === 0) {
                    <span class="badge badge-info">canary</span>
                  }
                  <span class="muted small" [attr.data-testid]="'rollout-generation-' + m.machine">{{ generations(m) }}</span>
                  @for (t of m.taskIds; track t; let i = $index) {
                    <button type="button" class="link-btn small" [attr.data-testid]="'rollout-task-' + m.machine" (click)="viewer.open(t)">
                      {{ m.taskIds.length === 1 ? 'log' : 'log ' + (i + 1) }}
                    </button>
                  }
                  @if (m.reason) {
                    <span
                      class="small reason"
                      [class.text-danger]="m.state === 'failed' || m.state === 'rolled-back'"
                      [attr.data-testid]="'rollout-reason-' + m.machine"
                      >{{ m.reason }}</span
                    >
                  }
                </li>
              }
            </ul>
          </li>
        }
      </ol>
    </section>
  `,
})
export class UpdateRolloutPanel {
  readonly rollout = input.required<UpdateRolloutView>();
  readonly canConfigure = input(false);
  readonly now = input(Date.now());
  /** An action started or a task ended: reload. */
  readonly changed = output<void>();

  protected readonly viewer = inject(TaskViewer);
  private readonly api = inject(UpdatesApi);
  private readonly context = inject(NetworkContext);
  private readonly confirm = inject(Confirm);

  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly status = computed(() => rolloutStatus(this.rollout().status));
  protected readonly active = computed(() => ['running', 'halted', 'aborting'].includes(this.rollout().status));
  protected readonly counts = computed(() => rolloutCounts(this.rollout().machines));
  protected readonly percent = computed(() => {
    const { done, total } = this.counts();
    return total ? Math.round((done / total) * 100) : this.rollout().status === 'succeeded' ? 100 : 0;
  });
  protected readonly waves = computed(() => waves(this.rollout().machines));
  protected readonly halted = computed(() => haltedMachine(this.rollout()));

  protected chip(m: RolloutMachineView) {
    return machineState(m.state);
  }

  protected short(rev: string): string {
    return rev.slice(0, 12);
  }

  protected ago(iso: string): string {
    return timeAgo(iso, this.now());
  }

  protected generations(m: RolloutMachineView): string {
    if (m.fromGeneration === null && m.toGeneration === null) return '';
    const from = m.fromGeneration === null ? 'none' : `#${m.fromGeneration}`;
    return m.toGeneration === null ? `generation ${from}` : `generation ${from} → #${m.toGeneration}`;
  }

  protected resume(): Promise<void> {
    return this.act((networkId, id) => this.api.resume(networkId, id));
  }

  protected skip(machine: string): Promise<void> {
    return this.act((networkId, id) => this.api.skip(networkId, id, machine));
  }

  protected async abort(): Promise<void> {
    const ok = await this.confirm.ask({
      title: 'Abort the rollout?',
      message:
        'Every machine this rollout updated goes back to the generation it ran before, and the old lock is restored in the ' +
        "network's repository. Machines it has not reached are left as they are.",
      confirmLabel: 'Abort and undo',
      danger: true,
    });
    if (ok) await this.act((networkId, id) => this.api.abort(networkId, id));
  }

  private async act(call: (networkId: string, rolloutId: string) => Promise<unknown>): Promise<void> {
    const networkId = this.context.networkId();
    if (!networkId || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await call(networkId, this.rollout().id);
      this.changed.emit();
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
