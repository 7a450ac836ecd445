import { ChangeDetectionStrategy, Component, DOCUMENT, ElementRef, inject, input, signal } from '@angular/core';
import { Icon } from './icon';

/** A read-only value with a Copy button (API token secrets, TOTP secrets, recovery codes). */
@Component({
  selector: 'clan-copy-box',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon],
  template: `
    <div class="copy-box">
      <code class="copy-value" [class.sr-only]="hideValue()" [attr.data-testid]="testId() || null" [attr.aria-label]="label()">{{
        value()
      }}</code>
      <button type="button" class="btn btn-small" (click)="copy()" [attr.aria-label]="'Copy ' + label()">
        <clan-icon name="copy" />
        {{ copied() ? 'Copied' : hideValue() ? 'Copy all' : 'Copy' }}
      </button>
    </div>
  `,
})
export class CopyBox {
  readonly value = input.required<string>();
  readonly label = input('value');
  readonly testId = input('');
  /** For values already shown another way (recovery codes): just the button. */
  readonly hideValue = input(false);
  protected readonly copied = signal(false);
  private readonly doc = inject(DOCUMENT);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected async copy(): Promise<void> {
    try {
      await this.doc.defaultView?.navigator.clipboard.writeText(this.value());
      this.copied.set(true);
      setTimeout(() => this.copied.set(false), 2000);
    } catch {
      // no clipboard (plain http on a LAN address): select the text so Ctrl+C works
      const el = this.host.nativeElement.querySelector<HTMLElement>('.copy-value');
      const range = this.doc.createRange();
      if (el) {
        range.selectNodeContents(el);
        this.doc.getSelection()?.removeAllRanges();
        this.doc.getSelection()?.addRange(range);
      }
    }
  }
}
