import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { timeAgo } from '../../../core/vm/vm-rules';
import { TaskProgress } from '../../../shared/task-progress';
import type { PreviewMachineView, UpdateInputView, UpdatePreviewView } from '../network-updates.api';
import { bytes, changedMachines, packageChange, signedBytes } from './update-format';
import { UpdateRolloutForm } from './update-rollout-form';

/** How many package lines a machine shows before "and n more". */
const PACKAGES_SHOWN = 8;

/**
 * A preview of an update (decision 0017 §3): from → to, the lock diff, and per
 * machine whether its system changes, whether it restarts (a reboot, or the
 * services that restart), the packages that change and the sizes. A building
 * preview follows its task; a ready one offers the rollout form.
 */
@Component({
  selector: 'clan-update-preview',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TaskProgress, UpdateRolloutForm],
  styles: `
    .packages {
      margin: 0;
      padding-left: 1.1em;
    }
    .machine-error {
      margin-top: 4px;
    }
  `,
  template: `
    @let p = preview();
    <section class="panel" aria-labelledby="update-preview-title" data-testid="update-preview" [attr.data-status]="p.status">
      <h2 id="update-preview-title" class="panel-header">
        Preview of the update
        @switch (p.status) {
          @case ('building') {
            <span class="badge badge-info" data-testid="update-preview-status">building</span>
          }
          @case ('ready') {
            <span class="badge badge-ok" data-testid="update-preview-status">ready</span>
          }
          @case ('failed') {
            <span class="badge badge-danger" data-testid="update-preview-status">failed</span>
          }
          @default {
            <span class="badge badge-muted" data-testid="update-preview-status">{{ p.status }}</span>
          }
        }
      </h2>
      <p data-testid="update-preview-revs">
        From <code [title]="p.fromRev">{{ short(p.fromRev) }}</code>
        @if (fromDate(); as d) {
          <span class="muted small" [title]="d">&ngsp;({{ ago(d) }})</span>
        }
        to
        @if (p.toRev) {
          <code [title]="p.toRev">{{ short(p.toRev) }}</code>
          @if (toDate(); as d) {
            <span class="muted small" [title]="d">&ngsp;({{ ago(d) }})</span>
          }
        } @else {
          <span class="muted">the upstream's newest revision</span>
        }
        <span>. Made {{ ago(p.createdAt) }}; nothing was deployed.</span>
      </p>

      @if (p.status === 'building' && p.taskId) {
        <clan-task-progress [taskId]="p.taskId" (taskEnded)="changed.emit()" />
      }
      @if (p.status === 'failed' && p.error) {
        <div class="alert alert-danger" role="alert" data-testid="update-preview-error">{{ p.error }}</div>
      }

      @if (p.lockDiff) {
        <details data-testid="update-preview-lockdiff">
          <summary>What changes in <code>flake.lock</code></summary>
          <pre class="log">{{ p.lockDiff }}</pre>
        </details>
      }

      @if (p.machines.length) {
        <p class="small" data-testid="update-preview-summary">{{ summary() }}</p>
        <div class="table-wrap">
          <table class="table table-cards" data-testid="update-preview-machines">
            <thead>
              <tr>
                <th scope="col">Machine</th>
                <th scope="col">Change</th>
                <th scope="col">Restarts</th>
                <th scope="col">Packages</th>
                <th scope="col">Size</th>
                <th scope="col">Download</th>
              </tr>
            </thead>
            <tbody>
              @for (m of p.machines; track m.machine) {
                <tr [attr.data-testid]="'preview-machine-' + m.machine">
                  <td data-label="Machine">
                    <strong>{{ m.machine }}</strong>
                    @if (m.baseline.kind === 'head') {
                      <div class="muted small">not deployed yet: compared with what it would build today</div>
                    }
                    @if (m.error) {
                      <div class="small text-danger machine-error" [attr.data-testid]="'preview-error-' + m.machine">{{ m.error }}</div>
                    }
                  </td>
                  <td data-label="Change" [attr.data-testid]="'preview-change-' + m.machine">
                    @if (m.error) {
                      <span class="badge badge-danger">not known</span>
                    } @else if (m.changes) {
                      <span class="badge badge-warn">Changes</span>
                    } @else {
                      <span class="badge badge-muted">No change</span>
                    }
                  </td>
                  <td data-label="Restarts" [attr.data-testid]="'preview-restarts-' + m.machine">
                    @if (m.reboot) {
                      <span
                        class="badge badge-danger"
                        [attr.data-testid]="'preview-reboot-' + m.machine"
                        title="The kernel or how the machine starts changes: it restarts when updated."
                        >reboot</span
                      >
                    } @else if (m.restarts.length) {
                      <span class="small">{{ m.restarts.join(', ') }}</span>
                    } @else {
                      <span class="muted">—</span>
                    }
                  </td>
                  <td data-label="Packages" [attr.data-testid]="'preview-packages-' + m.machine">
                    @if (m.packages.length) {
                      <ul class="packages small">
                        @for (pkg of m.packages.slice(0, shown); track pkg.name) {
                          <li>
                            {{ change(pkg) }}
                            @if (pkg.sizeDelta) {
                              <span class="muted">({{ signed(pkg.sizeDelta) }})</span>
                            }
                          </li>
                        }
                      </ul>
                      @if (m.packages.length > shown) {
                        <span class="muted small">and {{ m.packages.length - shown }} more</span>
                      }
                    } @else {
                      <span class="muted">none</span>
                    }
                  </td>
                  <td data-label="Size" class="small" [attr.data-testid]="'preview-size-' + m.machine">{{ sizes(m) }}</td>
                  <td data-label="Download" class="small" [attr.data-testid]="'preview-download-' + m.machine">
                    {{ m.downloadBytes === null ? '—' : size(m.downloadBytes) }}
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }

      @if (p.status === 'ready' && canConfigure()) {
        @if (rolledOut()) {
          <p class="muted" data-testid="update-rollout-done">This update has been rolled out.</p>
        } @else if (rolloutBusy()) {
          <p class="muted" data-testid="update-rollout-blocked">A rollout is under way; a new one can start when it has ended.</p>
        } @else {
          @if (!changing().length) {
            <p class="muted" data-testid="update-rollout-nothing">
              The update changes no machine's system. Rolling it out only moves the pin in <code>flake.lock</code>.
            </p>
          }
          <clan-update-rollout-form [previewId]="p.id" [changed]="changing()" (started)="changed.emit()" />
        }
      }
    </section>
  `,
})
export class UpdatePreviewPanel {
  readonly preview = input.required<UpdatePreviewView>();
  /** The input the preview is about, for the dates of its revisions. */
  readonly input = input<UpdateInputView | null>(null);
  readonly canConfigure = input(false);
  /** A rollout is running, halted or aborting: no second one. */
  readonly rolloutBusy = input(false);
  /** The last rollout of this preview succeeded: nothing left to roll out. */
  readonly rolledOut = input(false);
  readonly now = input(Date.now());
  /** Something changed (a task ended, a rollout started): reload. */
  readonly changed = output<void>();

  protected readonly shown = PACKAGES_SHOWN;
  protected readonly changing = computed(() => changedMachines(this.preview().machines));
  protected readonly fromDate = computed(() => {
    const i = this.input();
    return i && i.currentRev === this.preview().fromRev ? i.currentDate : null;
  });
  protected readonly toDate = computed(() => {
    const i = this.input();
    return i && i.latestRev === this.preview().toRev ? i.latestDate : null;
  });
  protected readonly summary = computed(() => {
    const machines = this.preview().machines;
    const changing = machines.filter((m) => m.changes && !m.error).length;
    const reboots = machines.filter((m) => m.reboot && !m.error).length;
    const failed = machines.filter((m) => m.error).length;
    const parts = [`${changing} of ${machines.length} ${machines.length === 1 ? 'machine changes' : 'machines change'}`];
    if (reboots) parts.push(`${reboots} ${reboots === 1 ? 'restarts' : 'restart'} completely`);
    if (failed) parts.push(`${failed} could not be checked`);
    return `${parts.join('; ')}.`;
  });

  protected short(rev: string): string {
    return rev.slice(0, 12);
  }

  protected ago(iso: string): string {
    return timeAgo(iso, this.now());
  }

  protected change = packageChange;
  protected signed = signedBytes;
  protected size = bytes;

  protected sizes(m: PreviewMachineView): string {
    const { from, to } = m.closureBytes;
    if (to === null) return bytes(from);
    return `${bytes(from)} → ${bytes(to)}`;
  }
}
