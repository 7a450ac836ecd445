import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { describeError, type ErrorView } from '../../core/api/errors';
import type { VmPowerAction } from '../../core/api/vm-types';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import {
  HEALTH_TEXT,
  POWER_ACTIONS,
  POWER_LABEL,
  STATE_TEXT,
  deployAvailability,
  formatUptime,
  needsConfirmation,
  powerAvailability,
  timeAgo,
} from '../../core/vm/vm-rules';
import { DriftBadge } from '../../shared/drift-badge';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { TaskProgress } from '../../shared/task-progress';
import { MachineContext } from './machine-context';
import { MachineVm } from './machine-vm';

const CONFIRM: Partial<Record<VmPowerAction, (machine: string) => { title: string; message: string; confirmLabel: string }>> = {
  stop: (m) => ({
    title: `Stop ${m}?`,
    message: `${m} is asked to shut down (and switched off if it has not after a while). Its services are unavailable until it is started again.`,
    confirmLabel: 'Stop',
  }),
  reboot: (m) => ({
    title: `Reboot ${m}?`,
    message: `${m} is shut down and started again. Its services are unavailable for a moment.`,
    confirmLabel: 'Reboot',
  }),
};

/** The machine's VM: state, uptime, generations, health, addresses, power buttons with their task. */
@Component({
  selector: 'clan-machine-vm-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'block' },
  imports: [RouterLink, DriftBadge, ErrorBox, Icon, TaskProgress],
  template: `
    <section class="panel" aria-labelledby="vm-title" data-testid="vm-summary">
      <h2 id="vm-title" class="panel-header">
        Virtual machine
        @if (vm(); as v) {
          <span [class]="'badge badge-' + stateText[v.state].tone" data-testid="vm-state" [attr.data-state]="v.state">{{
            stateText[v.state].label
          }}</span>
        }
        <span class="panel-header-actions">
          <button
            type="button"
            class="btn btn-small"
            [disabled]="machineVm.loading()"
            (click)="machineVm.reload()"
            aria-label="Refresh the VM’s state"
          >
            <clan-icon name="refresh" />
          </button>
        </span>
      </h2>
      <clan-error [error]="machineVm.error()" />
      @if (vm(); as v) {
        @if (neverDeployed()) {
          <p class="empty-state-inline" data-testid="vm-empty">
            <strong>Not deployed yet.</strong>
            <span class="muted">
              @if (canPower()) {
                <em>Deploy now</em> builds the machine’s configuration with Nix and boots it as a virtual machine; the panel checks that it
                comes up healthy.
              } @else {
                The panel builds and boots it once someone with power rights deploys it.
              }
            </span>
          </p>
        }
        <dl class="props vm-props">
          <dt>State</dt>
          <dd>
            <span [class]="'badge badge-' + stateText[v.state].tone">{{ stateText[v.state].label }}</span>
            @if (v.bootedAt) {
              <span class="muted small">booted {{ ago(v.bootedAt) }}</span>
            }
          </dd>
          <dt>Uptime</dt>
          <dd data-testid="vm-uptime">{{ uptime() }}</dd>
          <dt>Health</dt>
          <dd data-testid="vm-health">
            <span [class]="'badge badge-' + healthText[v.health].tone" [attr.title]="healthText[v.health].help">{{
              healthText[v.health].label
            }}</span>
            @if (v.healthAt) {
              <span class="muted small">checked {{ ago(v.healthAt) }}</span>
            }
          </dd>
          <dt>Generation</dt>
          <dd data-testid="vm-generation">
            @if (v.latestGeneration === null) {
              <span class="muted">none built yet</span>
            } @else {
              <span title="The generation the VM is defined for"
                >current <strong>{{ v.currentGeneration ?? '—' }}</strong></span
              >
              ·
              <span title="The rollback target"
                >last healthy <strong>{{ v.healthyGeneration ?? '—' }}</strong></span
              >
              ·
              <span title="The newest generation built"
                >latest <strong>{{ v.latestGeneration }}</strong></span
              >
              <a routerLink="../generations" class="small">all generations</a>
            }
          </dd>
          <dt>Deployment</dt>
          <dd>
            <clan-drift-badge [drift]="v.drift" />
            <span class="muted small"
              >running <code>{{ v.deployedRevision ? v.deployedRevision.slice(0, 7) : '—' }}</code></span
            >
          </dd>
          <dt>Addresses</dt>
          <dd data-testid="vm-addresses">
            @for (address of v.addresses; track address; let last = $last) {
              <code>{{ address }}</code>{{ last ? '' : ' ' }}
            } @empty {
              <span class="muted">none yet — the machine gets them when it joins the network’s mesh</span>
            }
          </dd>
          <dt>Resources</dt>
          <dd>{{ v.vcpus }} vCPU · {{ v.memoryMiB }} MiB memory · {{ v.stateDiskGiB }} GiB state disk</dd>
          <dt>Domain</dt>
          <dd>
            @if (v.domainName) {
              <code>{{ v.domainName }}</code>
            } @else {
              <span class="muted">none on this host</span>
            }
          </dd>
        </dl>

        @if (canPower()) {
          <div class="toolbar vm-actions" role="group" aria-label="Power">
            @for (action of actions; track action) {
              <button
                type="button"
                class="btn"
                [class.btn-danger-outline]="action === 'stop'"
                [attr.data-testid]="'vm-' + action"
                [disabled]="!availability()[action].enabled"
                [attr.title]="availability()[action].reason"
                (click)="power(action)"
              >
                {{ powerLabel[action] }}
              </button>
            }
            <span class="toolbar-sep" aria-hidden="true"></span>
            <button
              type="button"
              class="btn btn-primary"
              data-testid="vm-deploy"
              [disabled]="!deployState().enabled"
              [attr.title]="deployState().reason ?? 'Build the configured revision and boot it'"
              (click)="deploy()"
            >
              Deploy now
            </button>
          </div>
        } @else {
          <p class="muted small" data-testid="vm-no-power">
            Starting, stopping and deploying this machine needs the Machine.PowerMgmt privilege.
          </p>
        }
        <clan-error [error]="actionError()" />
        @if (machineVm.followedTaskId(); as taskId) {
          <clan-task-progress [taskId]="taskId" (dismissed)="machineVm.followedTaskId.set(null)" />
        }
      } @else if (!machineVm.error()) {
        <p class="muted">Loading the VM’s state…</p>
      }
    </section>
  `,
})
export class MachineVmPanel {
  protected readonly machineVm = inject(MachineVm);
  private readonly context = inject(MachineContext);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);

  protected readonly actions = POWER_ACTIONS;
  protected readonly powerLabel = POWER_LABEL;
  protected readonly stateText = STATE_TEXT;
  protected readonly healthText = HEALTH_TEXT;
  protected readonly vm = this.machineVm.vm;
  protected readonly canPower = this.context.network.canPower;
  protected readonly sending = signal(false);
  protected readonly actionError = signal<ErrorView | null>(null);
  private readonly now = signal(Date.now());

  private readonly powerContext = computed(() => ({ vm: this.vm(), canPower: this.canPower(), busy: this.sending() }));
  protected readonly availability = computed(() => {
    const context = this.powerContext();
    return Object.fromEntries(POWER_ACTIONS.map((a) => [a, powerAvailability(a, context)])) as Record<
      VmPowerAction,
      ReturnType<typeof powerAvailability>
    >;
  });
  protected readonly deployState = computed(() => deployAvailability(this.powerContext()));
  protected readonly neverDeployed = computed(() => {
    const v = this.vm();
    return v !== null && v.state === 'undefined' && v.latestGeneration === null && !v.activeTask;
  });
  /** Ticks every second from the uptime the API reported when it was fetched. */
  protected readonly uptime = computed(() => {
    const v = this.vm();
    if (!v || v.uptimeSeconds === null) return '—';
    const elapsed = Math.max(0, Math.floor((this.now() - this.machineVm.fetchedAt()) / 1000));
    return formatUptime(v.uptimeSeconds + (v.state === 'running' || v.state === 'blocked' ? elapsed : 0));
  });
  constructor() {
    const clock = setInterval(() => this.now.set(Date.now()), 1000);
    inject(DestroyRef).onDestroy(() => clearInterval(clock));
  }

  protected ago(iso: string | null): string {
    return timeAgo(iso, this.now());
  }

  protected async power(action: VmPowerAction): Promise<void> {
    const name = this.machineVm.name() ?? 'this machine';
    const ask = CONFIRM[action];
    if (needsConfirmation(action) && ask && !(await this.confirm.ask({ ...ask(name), danger: action === 'stop' }))) return;
    await this.send(() => this.machineVm.power(action), `${POWER_LABEL[action]}: queued for ${name}.`);
  }

  protected async deploy(): Promise<void> {
    const v = this.vm();
    const name = this.machineVm.name() ?? 'this machine';
    if (v && (v.state === 'running' || v.state === 'blocked' || v.state === 'paused')) {
      const yes = await this.confirm.ask({
        title: `Deploy ${name} now?`,
        message: `The configured revision is built and ${name} restarts into it. If the new generation does not come up healthy, the panel goes back to the last healthy one by itself.`,
        confirmLabel: 'Deploy',
      });
      if (!yes) return;
    }
    await this.send(() => this.machineVm.deploy(), `Deployment of ${name} queued.`);
  }

  private async send(request: () => Promise<string>, done: string): Promise<void> {
    this.sending.set(true);
    this.actionError.set(null);
    try {
      await request();
      this.notifier.info(done);
    } catch (error) {
      // 409: another action runs — the API's sentence names it.
      this.actionError.set(describeError(error));
      void this.machineVm.reload();
    } finally {
      this.sending.set(false);
    }
  }
}
