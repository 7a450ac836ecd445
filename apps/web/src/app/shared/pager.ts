import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';

@Component({
  selector: 'clan-pager',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav class="pager" aria-label="Pages">
      <span class="muted">{{ range() }}</span>
      <button type="button" class="btn btn-small" [disabled]="offset() === 0" (click)="go(-1)">Previous</button>
      <button type="button" class="btn btn-small" [disabled]="offset() + limit() >= total()" (click)="go(1)">Next</button>
    </nav>
  `,
})
export class Pager {
  readonly offset = input(0);
  readonly limit = input(50);
  readonly total = input(0);
  readonly offsetChange = output<number>();

  protected readonly range = computed(() => {
    const total = this.total();
    if (total === 0) return 'No entries';
    const first = this.offset() + 1;
    const last = Math.min(total, this.offset() + this.limit());
    return `${first}–${last} of ${total}`;
  });

  protected go(direction: 1 | -1): void {
    this.offsetChange.emit(Math.max(0, this.offset() + direction * this.limit()));
  }
}
