import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { ErrorView } from '../core/api/errors';

/** The API's own message, the fields it named, and the correlation id to quote in a bug report. */
@Component({
  selector: 'clan-error',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error(); as e) {
      <div class="alert alert-danger" role="alert" data-testid="error-message">
        <p>{{ e.message }}</p>
        @if (e.fields.length) {
          <ul>
            @for (f of e.fields; track f.field) {
              <li>
                <strong>{{ f.field }}</strong>: {{ f.message }}
              </li>
            }
          </ul>
        }
        @if (e.correlationId) {
          <p class="alert-meta">
            Reference: <code>{{ e.correlationId }}</code>
          </p>
        }
      </div>
    }
  `,
})
export class ErrorBox {
  readonly error = input<ErrorView | null>(null);
}
