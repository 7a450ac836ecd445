import { ChangeDetectionStrategy, Component, ViewEncapsulation, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { MachineHostRef } from '../../core/api/fleet-types';
import { Session } from '../../core/auth/session';
import { MachineContext } from '../machine/machine-context';
import { MachineVm } from '../machine/machine-vm';
import { HOSTS_STYLES } from './hosts.styles';
import { MoveMachineDialog } from './move-machine.dialog';

/**
 * On a machine page: which host the machine runs on ("on worker-1", online or
 * "Host offline") and "Move to another host…". Shows nothing while the VM
 * status names no host (a panel without fleet support).
 */
@Component({
  selector: 'clan-machine-host',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  styles: [HOSTS_STYLES],
  imports: [RouterLink, MoveMachineDialog],
  template: `
    @if (host(); as h) {
      <div class="machine-host" data-testid="machine-host">
        <span class="machine-host-chip" [attr.data-state]="h.state">
          on
          @if (session.isHostAdmin()) {
            <a [routerLink]="['/hosts', h.id]" data-testid="machine-host-link">{{ h.name }}</a>
          } @else {
            <strong>{{ h.name }}</strong>
          }
          @if (h.state === 'offline') {
            <span
              class="badge badge-danger"
              data-testid="machine-host-state"
              title="The host missed its heartbeats: the machine cannot be reached"
              >Host offline</span
            >
          } @else {
            <span class="badge badge-ok" data-testid="machine-host-state">online</span>
          }
        </span>
        @if (canMove()) {
          <button type="button" class="btn btn-small" data-testid="machine-move" (click)="moving.set(true)">Move to another host…</button>
        }
      </div>
      @if (moving()) {
        <clan-move-machine-dialog
          [networkId]="networkId() ?? ''"
          [machine]="machineVm.name() ?? ''"
          (moved)="machineVm.reload()"
          (closed)="moving.set(false)"
        />
      }
    }
  `,
})
export class MachineHost {
  protected readonly session = inject(Session);
  protected readonly machineVm = inject(MachineVm);
  private readonly context = inject(MachineContext);
  protected readonly moving = signal(false);
  protected readonly networkId = this.machineVm.networkId;

  /** The fleet's addition to the VM status (not in the generated DTO yet). */
  protected readonly host = computed(() => (this.machineVm.vm() as { host?: MachineHostRef | null } | null)?.host ?? null);
  /**
   * Network admins (Network.Manage stands in for the contract's Vm.Allocate, which @clan/contracts
   * does not have yet) and host admins. A hint only: the API checks every move itself.
   */
  protected readonly canMove = computed(() => this.session.isHostAdmin() || this.context.network.canManage());
}
