import { Injectable, signal } from '@angular/core';

/** Which task the task viewer dialog shows; anyone can open it. */
@Injectable({ providedIn: 'root' })
export class TaskViewer {
  readonly openTaskId = signal<string | null>(null);

  open(taskId: string): void {
    this.openTaskId.set(taskId);
  }

  close(): void {
    this.openTaskId.set(null);
  }
}
