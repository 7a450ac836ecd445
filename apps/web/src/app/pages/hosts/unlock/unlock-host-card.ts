import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { FleetApi } from '../fleet.api';
import { describeError, type ErrorView } from '../../../core/api/errors';
import type { TaskRef } from '../../../core/api/api-types';
import { timeAgo } from '../../../core/vm/vm-rules';
import { Confirm } from '../../../core/ui/confirm';
import { Notifier } from '../../../core/ui/notifier';
import { ErrorBox } from '../../../shared/error-box';
import { TaskProgress } from '../../../shared/task-progress';
import { ROLE_TEXT } from '../host-format';
import { BindDiskDialog } from './bind-disk.dialog';
import { ClevisConfigDialog } from './clevis-config.dialog';
import { bindingText, hostNames, listWords, nameOf, policyText, rotationPreview } from './unlock-format';
import { UnlockPolicyDialog } from './unlock-policy.dialog';
import type { HostUnlockAnalysisView, UnlockHostView } from './unlock-types';

/**
 * One host's part in unattended unlock: its Tang server (on/off, address, key thumbprints, rotation) and
 * its own disk's policy (edit, remove, bind, the Clevis configuration), with the problems the API found.
 */
@Component({
  selector: 'clan-unlock-host-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, DatePipe, ErrorBox, TaskProgress, UnlockPolicyDialog, BindDiskDialog, ClevisConfigDialog],
  template: `
    @let h = host();
    @let testName = h.name;
    <article
      class="panel unlock-card"
      [attr.data-testid]="'unlock-host-' + testName"
      [attr.aria-labelledby]="'unlock-host-title-' + h.hostId"
    >
      <div class="host-card-head">
        <h2 [id]="'unlock-host-title-' + h.hostId">
          <a [routerLink]="['/hosts', h.hostId]">{{ h.name }}</a>
        </h2>
        <span [class]="'badge ' + (h.role === 'panel' ? 'badge-info' : 'badge-muted')">{{ roleText[h.role].label }}</span>
        <span [class]="'badge ' + (h.online ? 'badge-ok' : 'badge-danger')">{{ h.online ? 'Online' : 'Offline' }}</span>
        <span [class]="'badge badge-' + binding().tone" [attr.data-testid]="'unlock-binding-' + testName">{{ binding().label }}</span>
      </div>

      @if (warnings().length) {
        <div class="alert alert-warn unlock-problems" role="status" [attr.data-testid]="'unlock-problems-' + testName">
          <ul>
            @for (w of warnings(); track w) {
              <li>{{ w }}</li>
            }
          </ul>
        </div>
      }

      <section class="unlock-card-section" [attr.aria-label]="'Tang server on ' + h.name">
        <h3>Tang server</h3>
        <div class="unlock-card-line">
          <label class="sf-switch" [for]="'unlock-tang-' + h.hostId">
            <input
              type="checkbox"
              role="switch"
              [attr.aria-label]="'Tang server on ' + h.name"
              [id]="'unlock-tang-' + h.hostId"
              [attr.data-testid]="'unlock-tang-toggle-' + testName"
              [checked]="h.tang.enabled"
              [disabled]="busy()"
              (change)="setTang($any($event.target))"
            />
            <span class="sf-switch-track" aria-hidden="true"></span>
            <span>{{ h.tang.enabled ? 'On' : 'Off' }}</span>
          </label>
          <span class="muted small" [attr.data-testid]="'unlock-tang-state-' + testName">{{ tangState() }}</span>
        </div>
        @if (h.tang.enabled && (h.tang.url || h.tang.thumbprints.length)) {
          <details class="unlock-details">
            <summary>Address and key thumbprints</summary>
            <dl class="props">
              <dt>Address</dt>
              <dd>
                @if (h.tang.url) {
                  <code [attr.data-testid]="'unlock-tang-url-' + testName">{{ h.tang.url }}</code>
                } @else {
                  <span class="muted">not reported yet</span>
                }
              </dd>
              <dt>Keys</dt>
              <dd>
                <ul class="unlock-thumbprints">
                  @for (t of h.tang.thumbprints; track t) {
                    <li>
                      <code>{{ t }}</code>
                    </li>
                  } @empty {
                    <li class="muted">none reported yet</li>
                  }
                </ul>
              </dd>
              @if (h.tang.rotatedAt) {
                <dt>Rotated</dt>
                <dd>{{ h.tang.rotatedAt | date: 'd MMM y, HH:mm' }}</dd>
              }
            </dl>
          </details>
        }
        @if (h.tang.enabled) {
          <div class="host-actions">
            <button
              type="button"
              class="btn btn-small"
              [attr.data-testid]="'unlock-rotate-' + testName"
              [disabled]="busy() || !h.tang.thumbprints.length"
              [attr.title]="
                h.tang.thumbprints.length ? 'Make new keys and renew the bindings that use them' : 'Its keys are not reported yet'
              "
              (click)="rotate()"
            >
              Rotate keys…
            </button>
          </div>
        }
      </section>

      <section class="unlock-card-section" [attr.aria-label]="'Unlocking ' + h.name + '’s disk'">
        <h3>Its disk</h3>
        @if (h.policy; as p) {
          <p class="unlock-card-line" [attr.data-testid]="'unlock-policy-' + testName">
            <strong>{{ policy() }}</strong>
          </p>
          <p class="muted small">
            Device: {{ p.device ?? 'the one the host was set up with' }}. {{ binding().detail }}
            @if (p.bound; as b) {
              ({{ b.at | date: 'd MMM y' }})
            }
          </p>
          @if (failureSets(); as sets) {
            <p class="small" [attr.data-testid]="'unlock-failure-sets-' + testName">{{ sets }}</p>
          }
        } @else {
          <p class="muted" [attr.data-testid]="'unlock-policy-' + testName">No policy: unlocks by itself or by hand.</p>
        }
        <div class="host-actions" role="group" [attr.aria-label]="'Disk unlock actions for ' + h.name">
          <button
            type="button"
            class="btn btn-small"
            [attr.data-testid]="'unlock-edit-policy-' + testName"
            [disabled]="busy()"
            (click)="editing.set(true)"
          >
            {{ h.policy ? 'Edit policy…' : 'Set a policy…' }}
          </button>
          @if (h.policy; as p) {
            <button
              type="button"
              class="btn btn-small"
              [attr.data-testid]="'unlock-bind-' + testName"
              [disabled]="busy() || p.problems.length > 0"
              [attr.title]="p.problems.length ? 'Fix the problems above first' : 'Bind the disk to this policy with its passphrase'"
              (click)="bindOpen.set(true)"
            >
              Bind this disk…
            </button>
            <button type="button" class="btn btn-small" [attr.data-testid]="'unlock-config-' + testName" (click)="showingConfig.set(true)">
              Show Clevis config
            </button>
            <button
              type="button"
              class="btn btn-small btn-danger-outline"
              [attr.data-testid]="'unlock-remove-policy-' + testName"
              [disabled]="busy()"
              (click)="removePolicy()"
            >
              Remove policy…
            </button>
          }
        </div>
      </section>

      @if (notice(); as n) {
        <p class="alert alert-info" role="status" [attr.data-testid]="'unlock-notice-' + testName">{{ n }}</p>
      }
      @if (taskId(); as id) {
        <clan-task-progress [taskId]="id" (taskEnded)="changed.emit()" (dismissed)="taskId.set(null); notice.set(null)" />
      }
      <clan-error [error]="error()" />
    </article>

    @if (editing()) {
      <clan-unlock-policy-dialog [host]="h" [hosts]="hosts()" (saved)="policySaved()" (closed)="editing.set(false)" />
    }
    @if (bindOpen()) {
      <clan-bind-disk-dialog [host]="h" [hosts]="hosts()" (started)="bindStarted($event)" (closed)="bindOpen.set(false)" />
    }
    @if (showingConfig()) {
      <clan-clevis-config-dialog [host]="h" (closed)="showingConfig.set(false)" />
    }
  `,
})
export class UnlockHostCard {
  readonly host = input.required<UnlockHostView>();
  /** The matrix's answer for this host (undefined: none yet). */
  readonly analysis = input<HostUnlockAnalysisView | undefined>(undefined);
  readonly hosts = input.required<readonly UnlockHostView[]>();
  /** Something changed on the server: the page loads the overview again. */
  readonly changed = output<void>();

  private readonly api = inject(FleetApi);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);
  protected readonly roleText = ROLE_TEXT;

  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly taskId = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly editing = signal(false);
  protected readonly bindOpen = signal(false);
  protected readonly showingConfig = signal(false);

  private readonly names = computed(() => hostNames(this.hosts()));
  protected readonly binding = computed(() => bindingText(this.host().policy));
  protected readonly policy = computed(() => {
    const p = this.host().policy;
    return p ? policyText(p, this.names()) : '';
  });

  protected readonly tangState = computed(() => {
    const t = this.host().tang;
    if (!t.enabled) return 'No other host can use this one to unlock.';
    if (!t.url) return 'Starting: the host has not reported its address and keys yet.';
    return `Serving ${t.url}${t.reportedAt ? `, keys reported ${timeAgo(t.reportedAt)}` : ''}.`;
  });

  /** The API's problems with the policy, and pins that can never answer. */
  protected readonly warnings = computed(() => {
    const list = (this.host().policy?.problems ?? []).map((p) => p.message);
    const dead = this.analysis()?.deadPins ?? [];
    if (dead.length) {
      const who = listWords(dead.map((id) => nameOf(this.names(), id)));
      list.push(`The pin on ${who} can never answer: it does not serve Tang, left the fleet, or is this host.`);
    }
    return list;
  });

  /** "Stuck if nas is down, or if garage and pi are down together." */
  protected readonly failureSets = computed(() => {
    const a = this.analysis();
    if (!a?.managed || !a.minimalFailureSets.length) return null;
    if (a.minimalFailureSets.some((set) => set.length === 0)) return null; // stuck even with all up: the problems and matrix say so
    const words = a.minimalFailureSets.map((set) => {
      const names = set.map((id) => nameOf(this.names(), id));
      return names.length === 1 ? `${names[0]} is down` : `${listWords(names)} are down together`;
    });
    return `Stuck at the passphrase prompt if ${words.join(', or if ')}${a.minimalFailureSetsTruncated ? ', or in more cases not listed' : ''}.`;
  });

  protected async setTang(box: HTMLInputElement): Promise<void> {
    const h = this.host();
    const enabled = box.checked;
    await this.act(
      async () => {
        const { taskId } = await this.api.setTang(h.hostId, enabled);
        this.follow({ taskId }, enabled ? `Starting the Tang server on ${h.name}.` : `Stopping the Tang server on ${h.name}.`);
      },
      // Refused (a policy uses it): the switch shows what is true again.
      () => (box.checked = h.tang.enabled),
    );
  }

  protected async rotate(): Promise<void> {
    const h = this.host();
    const preview = rotationPreview(h.hostId, this.hosts());
    const yes = await this.confirm.ask({
      title: `Rotate the Tang keys of ${h.name}?`,
      message:
        `${h.name} makes new keys and stops advertising the old ones. ` +
        (preview.rebinds.length
          ? `The bindings of ${listWords(preview.rebinds)} will be renewed with the new keys (a bind task each). `
          : 'No bound disk uses this server, so no binding needs renewing. ') +
        (preview.notBound.length
          ? `${listWords(preview.notBound)} ${preview.notBound.length === 1 ? 'uses' : 'use'} it but ${preview.notBound.length === 1 ? 'was' : 'were'} never bound. `
          : '') +
        `The old keys stay hidden on ${h.name}, so a host that is offline now still boots; delete them once every rebind has succeeded.`,
      confirmLabel: 'Rotate keys',
    });
    if (!yes) return;
    await this.act(async () => {
      const answer = await this.api.rotateTangKeys(h.hostId);
      const renewed = answer.rebinds.map((r) => r.name);
      const never = answer.notBound.map((r) => r.name);
      this.follow(
        answer,
        (renewed.length ? `Renewing the bindings of ${listWords(renewed)}.` : 'No binding to renew.') +
          (never.length ? ` Never bound, so not renewed: ${listWords(never)}.` : ''),
      );
    });
  }

  protected async removePolicy(): Promise<void> {
    const h = this.host();
    const yes = await this.confirm.ask({
      title: `Remove the unlock policy of ${h.name}?`,
      message:
        `The panel forgets how ${h.name} unlocks and counts it as a host that unlocks by itself or by hand. ` +
        'Its disk keeps the binding it has until it is bound again.',
      confirmLabel: 'Remove policy',
      danger: true,
    });
    if (!yes) return;
    await this.act(async () => {
      await this.api.deleteClevisPolicy(h.hostId);
      this.notifier.ok(`The unlock policy of ${h.name} is removed.`);
      this.changed.emit();
    });
  }

  protected policySaved(): void {
    this.editing.set(false);
    this.notifier.ok(`Unlock policy of ${this.host().name} saved.`);
    this.changed.emit();
  }

  protected bindStarted(task: TaskRef): void {
    this.bindOpen.set(false);
    this.follow(task, `Binding the disk of ${this.host().name}.`);
  }

  private follow(task: TaskRef, notice: string): void {
    this.taskId.set(task.taskId);
    this.notice.set(notice);
    this.changed.emit();
  }

  private async act(work: () => Promise<void>, onError?: () => void): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await work();
    } catch (error) {
      onError?.();
      // 409: a policy uses this Tang server; 400: the API's sentence says what to fix.
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
