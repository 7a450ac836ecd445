import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { ClanApi } from '../../core/api/clan-api';
import { describeError, type ErrorView } from '../../core/api/errors';
import type { GuestFactsView } from '../../core/api/vm-types';
import { formatUptime } from '../../core/vm/vm-rules';
import { formatBytes } from '../../shared/chart/chart-math';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { MachineVm } from './machine-vm';

/**
 * "Inside the machine": what the VM controller in the running machine
 * reports (GET …/guest, docs/vm-controller.md): uptime, the generation it
 * runs, the state disk's use and the failed services. Read when the machine
 * runs, again after each of its VM tasks, and on Refresh.
 */
@Component({
  selector: 'clan-machine-guest-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'block' },
  imports: [ErrorBox, Icon],
  template: `
    <section class="panel" aria-labelledby="guest-title" data-testid="guest-facts">
      <h2 id="guest-title" class="panel-header">
        Inside the machine
        <span class="panel-header-actions">
          <button type="button" class="btn btn-small" data-testid="guest-refresh" [disabled]="loading() || !running()" (click)="load()">
            <clan-icon name="refresh" /> Refresh
          </button>
        </span>
      </h2>
      @if (!running()) {
        <p class="muted" data-testid="guest-not-running">The VM is not running: start it to see inside it.</p>
      } @else {
        <clan-error [error]="error()" />
        @if (facts(); as f) {
          <dl class="props">
            <dt>Uptime</dt>
            <dd data-testid="guest-uptime">{{ uptime() }}</dd>
            <dt>Generation</dt>
            <dd data-testid="guest-generation">
              {{ f.generation }}
              @if (otherGeneration()) {
                <span class="badge badge-warn">the panel booted {{ machineVm.vm()?.currentGeneration }}</span>
              }
            </dd>
            <dt>State disk</dt>
            <dd data-testid="guest-disk">
              <span
                class="progress"
                [class.progress-failed]="diskPercent() >= 90"
                role="meter"
                aria-label="State disk use"
                aria-valuemin="0"
                aria-valuemax="100"
                [attr.aria-valuenow]="diskPercent()"
              >
                <span class="progress-fill" [style.width.%]="diskPercent()"></span>
              </span>
              <span class="muted small">{{ diskText() }}</span>
            </dd>
            <dt>Failed services</dt>
            <dd data-testid="guest-failed">
              @if (f.failedUnits.length) {
                <ul class="plain">
                  @for (unit of f.failedUnits; track unit) {
                    <li>
                      <code>{{ unit }}</code>
                    </li>
                  }
                </ul>
              } @else {
                none
              }
            </dd>
          </dl>
        } @else if (loading()) {
          <p class="muted">Asking the machine…</p>
        }
      }
    </section>
  `,
})
export class MachineGuestPanel {
  protected readonly machineVm = inject(MachineVm);
  private readonly api = inject(ClanApi);
  protected readonly facts = signal<GuestFactsView | null>(null);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly loading = signal(false);

  protected readonly running = computed(() => this.machineVm.vm()?.state === 'running');
  protected readonly uptime = computed(() => formatUptime(this.facts()?.uptimeSeconds));
  protected readonly otherGeneration = computed(() => {
    const booted = this.machineVm.vm()?.currentGeneration;
    const f = this.facts();
    return f !== null && booted != null && booted !== f.generation;
  });
  protected readonly diskPercent = computed(() => {
    const d = this.facts()?.stateDisk;
    return d && d.sizeBytes > 0 ? Math.min(100, Math.round((d.usedBytes / d.sizeBytes) * 100)) : 0;
  });
  protected readonly diskText = computed(() => {
    const d = this.facts()?.stateDisk;
    return d ? `${formatBytes(d.usedBytes)} of ${formatBytes(d.sizeBytes)} used (${this.diskPercent()} %)` : '';
  });

  constructor() {
    // Again when the machine changes, when it starts running and whenever one of its VM tasks ends.
    effect(() => {
      this.machineVm.name();
      this.machineVm.changes();
      const running = this.running();
      untracked(() => {
        if (running) void this.load();
        else {
          this.facts.set(null);
          this.error.set(null);
        }
      });
    });
  }

  protected async load(): Promise<void> {
    const networkId = this.machineVm.networkId();
    const name = this.machineVm.name();
    if (!networkId || !name) return;
    this.loading.set(true);
    try {
      const facts = await this.api.guestFacts(networkId, name);
      if (name !== this.machineVm.name()) return;
      this.facts.set(facts);
      this.error.set(null);
    } catch (error) {
      this.facts.set(null);
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }
}
