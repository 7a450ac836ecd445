import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { DRIFT_TEXT } from '../core/config/control-modes';

const HELP: Record<string, string> = {
  'in-sync': 'The running machine was built from the current configuration.',
  behind: 'The configuration changed after the running machine was built; it needs a rebuild.',
  'not-deployed': 'The machine has not been built and started yet.',
};

/** Configured vs deployed revision, as one badge (drift is shown, never silently fixed). */
@Component({
  selector: 'clan-drift-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span [class]="'badge badge-' + view().tone" [attr.title]="help()" data-testid="drift-badge">{{ view().label }}</span>`,
})
export class DriftBadge {
  readonly drift = input.required<string>();
  protected readonly view = computed(() => DRIFT_TEXT[this.drift()] ?? { label: this.drift(), tone: 'muted' as const });
  protected readonly help = computed(() => HELP[this.drift()] ?? null);
}
