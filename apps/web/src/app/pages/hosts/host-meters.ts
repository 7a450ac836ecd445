import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { HostView } from '../../core/api/fleet-types';
import { meterTone, usageMeters } from './host-format';

/** A host's capacity and load as four small bars: CPU load, memory, disk, memory given to VMs. */
@Component({
  selector: 'clan-host-meters',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="host-meters" [attr.data-testid]="'host-meters-' + host().id">
      @for (m of meters(); track m.key) {
        <li class="host-meter" [attr.data-testid]="'host-meter-' + m.key">
          <span class="host-meter-label" [id]="host().id + '-meter-' + m.key">{{ m.label }}</span>
          <span
            class="host-meter-bar"
            role="meter"
            aria-valuemin="0"
            aria-valuemax="100"
            [attr.aria-valuenow]="m.fraction === null ? null : percent(m.fraction)"
            [attr.aria-valuetext]="m.text"
            [attr.aria-labelledby]="host().id + '-meter-' + m.key"
          >
            <span
              [class]="'host-meter-fill tone-' + tone(m.fraction)"
              [style.width.%]="m.fraction === null ? 0 : percent(m.fraction)"
            ></span>
          </span>
          <span class="host-meter-text" [class.muted]="m.fraction === null">{{ m.text }}</span>
        </li>
      }
    </ul>
  `,
})
export class HostMeters {
  readonly host = input.required<Pick<HostView, 'id' | 'capacity' | 'load'>>();
  protected readonly meters = computed(() => usageMeters(this.host()));

  protected percent(fraction: number): number {
    return Math.round(fraction * 100);
  }

  protected tone(fraction: number | null): string {
    return meterTone(fraction);
  }
}
