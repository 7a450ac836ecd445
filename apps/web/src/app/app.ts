import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { Theme } from './core/ui/theme';
import { ConfirmHost } from './shared/confirm-host';
import { Notices } from './shared/notices';

@Component({
  selector: 'clan-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, ConfirmHost, Notices],
  template: `<router-outlet /><clan-confirm-host /><clan-notices />`,
})
export class App {
  // Applies the stored light/dark choice before the first page renders.
  protected readonly theme = inject(Theme);
}
