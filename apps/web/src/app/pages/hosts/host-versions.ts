import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { HostVersionsView } from '../../core/api/fleet-types';

/** What software a host runs, as it reported it: the panel's and the node's version, libvirt, QEMU and Nix. */
@Component({
  selector: 'clan-host-versions',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (versions(); as v) {
      <dl class="props" data-testid="host-versions">
        <dt>Panel</dt>
        <dd>{{ v.panel }}</dd>
        <dt>Node</dt>
        <dd>{{ v.node }}</dd>
        <dt>libvirt</dt>
        <dd>{{ v.libvirt ?? 'not installed' }}</dd>
        <dt>QEMU</dt>
        <dd>{{ v.qemu ?? 'not installed' }}</dd>
        <dt>Nix</dt>
        <dd>{{ v.nix ?? 'not installed' }}</dd>
      </dl>
    } @else {
      <p class="muted small">Not reported yet: the host sends them with its first heartbeat.</p>
    }
  `,
})
export class HostVersions {
  readonly versions = input.required<HostVersionsView | null>();
}
