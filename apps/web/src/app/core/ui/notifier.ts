import { Injectable, signal } from '@angular/core';

export interface NoticeAction {
  label: string;
  run: () => void;
}

export interface Notice {
  id: number;
  tone: 'ok' | 'danger' | 'warn' | 'info';
  text: string;
  /** A heading above the text (notifications the panel sends by itself). */
  title?: string;
  action?: NoticeAction;
}

export interface NoticeOptions {
  title?: string;
  action?: NoticeAction;
  /** How long it stays; 0 keeps it until dismissed. */
  ms?: number;
}

/** Short-lived notices ("Token revoked"); errors that need reading stay in the page instead. */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private nextId = 1;
  readonly notices = signal<Notice[]>([]);

  ok(text: string): void {
    this.push('ok', text);
  }

  error(text: string): void {
    this.push('danger', text, { ms: 8000 });
  }

  info(text: string): void {
    this.push('info', text);
  }

  dismiss(id: number): void {
    this.notices.update((list) => list.filter((n) => n.id !== id));
  }

  push(tone: Notice['tone'], text: string, options: NoticeOptions = {}): void {
    const id = this.nextId++;
    const { ms = 4000, title, action } = options;
    this.notices.update((list) => [...list.slice(-3), { id, tone, text, ...(title ? { title } : {}), ...(action ? { action } : {}) }]);
    if (ms > 0) setTimeout(() => this.dismiss(id), ms);
  }
}
