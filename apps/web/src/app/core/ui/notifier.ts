import { Injectable, signal } from '@angular/core';

export interface Notice {
  id: number;
  tone: 'ok' | 'danger' | 'info';
  text: string;
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
    this.push('danger', text, 8000);
  }

  info(text: string): void {
    this.push('info', text);
  }

  dismiss(id: number): void {
    this.notices.update((list) => list.filter((n) => n.id !== id));
  }

  private push(tone: Notice['tone'], text: string, ms = 4000): void {
    const id = this.nextId++;
    this.notices.update((list) => [...list.slice(-3), { id, tone, text }]);
    setTimeout(() => this.dismiss(id), ms);
  }
}
