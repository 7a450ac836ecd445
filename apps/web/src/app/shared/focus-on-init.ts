import { Directive, ElementRef, afterNextRender, inject } from '@angular/core';

/**
 * Focuses its element once rendered. Used only where focus has an obvious
 * first target (the sign-in field, a dialog's first input) — unlike the
 * autofocus attribute it also works for content that appears later.
 */
@Directive({ selector: '[clanFocusOnInit]' })
export class FocusOnInit {
  constructor() {
    const element = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    afterNextRender(() => element.focus());
  }
}
