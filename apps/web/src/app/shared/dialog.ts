import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  ElementRef,
  OnDestroy,
  afterNextRender,
  inject,
  input,
  output,
  viewChild,
} from '@angular/core';

let nextId = 0;

/**
 * A modal on the native <dialog>: showModal() gives focus containment, Escape
 * and the backdrop for free. Render it with @if; it opens when created and
 * emits `closed` when the user dismisses it, and gives focus back on destroy.
 */
@Component({
  selector: 'clan-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dialog
      #dialog
      class="dialog"
      [class.dialog-wide]="wide()"
      [attr.aria-labelledby]="titleId"
      [attr.aria-describedby]="describedBy() || null"
      (cancel)="dismiss($event)"
    >
      <header class="dialog-head">
        <h2 [id]="titleId">{{ heading() }}</h2>
        <button type="button" class="icon-btn" aria-label="Close dialog" (click)="closed.emit()">
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M4 4l8 8M12 4l-8 8" />
          </svg>
        </button>
      </header>
      <div class="dialog-body"><ng-content /></div>
    </dialog>
  `,
})
export class Dialog implements OnDestroy {
  readonly heading = input.required<string>();
  readonly wide = input(false);
  readonly describedBy = input<string>('');
  readonly closed = output<void>();

  protected readonly titleId = `dialog-title-${++nextId}`;
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly opener = inject(DOCUMENT).activeElement as HTMLElement | null;

  constructor() {
    afterNextRender(() => {
      const el = this.dialog().nativeElement;
      if (typeof el.showModal === 'function') el.showModal();
      else el.setAttribute('open', ''); // environments without <dialog> support (jsdom)
      el.querySelector<HTMLElement>('[clanfocusoninit]')?.focus();
    });
  }

  protected dismiss(event: Event): void {
    event.preventDefault(); // the parent decides, by removing us
    this.closed.emit();
  }

  ngOnDestroy(): void {
    const el = this.dialog().nativeElement;
    if (typeof el.close === 'function' && el.open) el.close();
    this.opener?.focus?.();
  }
}
