import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'clan-not-found-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <div class="empty-state page-empty">
      <h1>Nothing here</h1>
      <p class="muted">This page does not exist, or the thing it showed was removed.</p>
      <a routerLink="/" class="btn">Back to the start page</a>
    </div>
  `,
})
export class NotFoundPage {}
