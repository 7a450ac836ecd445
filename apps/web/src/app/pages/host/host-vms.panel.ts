import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ErrorCode, Privilege } from '@clan/contracts';
import { ClanApi } from '../../core/api/clan-api';
import { describeError, type ErrorView } from '../../core/api/errors';
import type { HostVmView } from '../../core/api/vm-types';
import { Session } from '../../core/auth/session';
import { NetworkStore } from '../../core/networks/network-store';
import { TaskViewer } from '../../core/tasks/task-viewer.service';
import { Confirm } from '../../core/ui/confirm';
import { STATE_TEXT } from '../../core/vm/vm-rules';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';

/**
 * This panel's VMs on the host as libvirt lists them (host admins). A domain
 * that carries the panel's name but belongs to no machine it knows is
 * flagged: reconciliation found it, nobody removes it silently.
 */
@Component({
  selector: 'clan-host-vms-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'block' },
  imports: [RouterLink, ErrorBox, Icon],
  template: `
    <section class="panel" aria-labelledby="host-vms-title" data-testid="host-vms">
      <h2 id="host-vms-title" class="panel-header">
        Virtual machines
        @if (vms(); as list) {
          <span class="badge badge-muted">{{ list.length }}</span>
          @if (unknownCount()) {
            <span class="badge badge-warn" data-testid="host-vms-unknown-count">{{ unknownCount() }} unknown</span>
          }
        }
        <span class="panel-header-actions">
          <button type="button" class="btn btn-small" [disabled]="loading()" (click)="load()" aria-label="Refresh the VM list">
            <clan-icon name="refresh" />
          </button>
          @if (canCollect()) {
            <button type="button" class="btn btn-small" data-testid="collect-generations" [disabled]="collecting()" (click)="collect()">
              {{ collecting() ? 'Starting…' : 'Collect old generations' }}
            </button>
          }
        </span>
      </h2>
      @if (unavailable(); as why) {
        <p class="alert alert-warn" role="status" data-testid="host-vms-unavailable">{{ why }}</p>
      }
      <clan-error [error]="error()" />
      @if (vms(); as list) {
        <div class="table-wrap">
          <table class="table table-compact table-cards">
            <thead>
              <tr>
                <th scope="col">Domain</th>
                <th scope="col">Network / machine</th>
                <th scope="col">Generation</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              @for (vm of list; track vm.domainName) {
                <tr [attr.data-testid]="'host-vm-' + vm.domainName" [class.host-vms-unknown]="!vm.known">
                  <td data-label="Domain">
                    <code>{{ vm.domainName }}</code>
                  </td>
                  <td data-label="Network / machine">
                    @if (vm.known && vm.networkId && vm.machine) {
                      <a [routerLink]="['/networks', vm.networkId, 'machines', vm.machine]">{{ networkName(vm) }} / {{ vm.machine }}</a>
                    } @else {
                      <span class="badge badge-warn" title="Carries this panel’s name but belongs to no machine it knows">unknown</span>
                      <span class="muted small">{{
                        vm.machine ? networkName(vm) + ' / ' + vm.machine + ' (removed?)' : 'no machine'
                      }}</span>
                    }
                  </td>
                  <td data-label="Generation">{{ vm.generation ?? '—' }}</td>
                  <td data-label="State">
                    <span [class]="'badge badge-' + stateText[vm.state].tone">{{ stateText[vm.state].label }}</span>
                  </td>
                </tr>
              } @empty {
                <tr class="empty-row">
                  <td colspan="4" data-testid="host-vms-empty">No virtual machines of this panel on the host yet.</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        @if (unknownCount()) {
          <p class="muted small">
            Unknown domains belong to machines this panel no longer has (or to a copy of its state). Inspect them with
            <code>virsh dominfo</code> and remove them by hand if they are not needed.
          </p>
        }
      } @else if (loading()) {
        <p class="muted">Listing VMs…</p>
      }
    </section>
  `,
})
export class HostVmsPanel {
  private readonly session = inject(Session);
  /** Sys.Modify (host admins): garbage collection changes the host. */
  protected readonly canCollect = computed(() => this.session.can(Privilege.SysModify));
  private readonly api = inject(ClanApi);
  private readonly networks = inject(NetworkStore);
  private readonly viewer = inject(TaskViewer);
  private readonly confirm = inject(Confirm);
  /** The list, for the host summary's counts. */
  readonly loaded = output<HostVmView[]>();

  protected readonly stateText = STATE_TEXT;
  protected readonly vms = signal<HostVmView[] | null>(null);
  protected readonly loading = signal(false);
  protected readonly collecting = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  /** libvirt cannot be reached (503 LIBVIRT_UNAVAILABLE): the API's sentence of what to do. */
  protected readonly unavailable = signal<string | null>(null);
  protected readonly unknownCount = computed(() => (this.vms() ?? []).filter((vm) => !vm.known).length);

  constructor() {
    void this.load();
  }

  protected networkName(vm: HostVmView): string {
    return (vm.networkId && this.networks.byId(vm.networkId)?.name) || (vm.networkId ? vm.networkId.slice(0, 8) : '—');
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    try {
      const vms = await this.api.hostVms();
      vms.sort((a, b) => Number(a.known) - Number(b.known) || a.domainName.localeCompare(b.domainName));
      this.vms.set(vms);
      this.error.set(null);
      this.unavailable.set(null);
      this.loaded.emit(vms);
    } catch (error) {
      const e = describeError(error);
      // Not a fault to report: libvirt is down or missing, and the sentence says how to fix it.
      if (e.code === ErrorCode.LibvirtUnavailable) {
        this.vms.set(null);
        this.error.set(null);
        this.unavailable.set(e.message);
      } else {
        this.unavailable.set(null);
        this.error.set(e);
      }
    } finally {
      this.loading.set(false);
    }
  }

  protected async collect(): Promise<void> {
    const yes = await this.confirm.ask({
      title: 'Collect old generations?',
      message:
        'For every machine, generations beyond the newest few are deleted with their boot files and store disks, and Nix frees ' +
        'their store paths. The current and the last healthy generation are always kept. Collected generations cannot be rolled back to.',
      confirmLabel: 'Collect',
    });
    if (!yes) return;
    this.collecting.set(true);
    this.error.set(null);
    try {
      const { taskId } = await this.api.collectGenerations();
      this.viewer.open(taskId);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.collecting.set(false);
    }
  }
}
