import { ApplicationRef, Injectable, inject, signal } from '@angular/core';

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel?: string;
  danger?: boolean;
}

interface Pending extends ConfirmRequest {
  resolve: (answer: boolean) => void;
}

/** `await confirm.ask({...})` → true when the user confirmed; rendered by ConfirmHost. */
@Injectable({ providedIn: 'root' })
export class Confirm {
  readonly pending = signal<Pending | null>(null);
  private readonly appRef = inject(ApplicationRef);

  ask(request: ConfirmRequest): Promise<boolean> {
    this.pending()?.resolve(false);
    const answer = new Promise<boolean>((resolve) => this.pending.set({ ...request, resolve }));
    // Render the modal now, within the click that asked: a quick second click or
    // key press must land in the dialog, never on the page behind it.
    try {
      this.appRef.tick();
    } catch {
      // already inside a render pass: the dialog appears at its end anyway
    }
    return answer;
  }

  answer(value: boolean): void {
    const pending = this.pending();
    this.pending.set(null);
    pending?.resolve(value);
  }
}
