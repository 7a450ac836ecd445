import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

@Component({
  selector: 'clan-progress',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'progress',
    role: 'progressbar',
    'aria-valuemin': '0',
    'aria-valuemax': '100',
    '[attr.aria-valuenow]': 'value()',
    '[attr.aria-label]': 'label()',
    '[class.progress-done]': 'tone() === "ok"',
    '[class.progress-failed]': 'tone() === "danger"',
    '[class.progress-muted]': 'tone() === "warn" || tone() === "muted"',
  },
  template: `<span class="progress-fill" [style.width.%]="clamped()"></span><span class="progress-text">{{ clamped() }}%</span>`,
})
export class ProgressBar {
  readonly value = input(0);
  readonly tone = input<string>('info');
  readonly label = input('Progress');
  protected readonly clamped = computed(() => Math.max(0, Math.min(100, Math.round(this.value() ?? 0))));
}
