import { ChangeDetectionStrategy, Component, inject, input, output, signal, type OnInit } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { describeError, type ErrorView } from '../../core/api/errors';
import { NetworkMarketplaceService, type PublishedTemplate, type PublishTemplate } from '../../core/api/network-marketplace.service';
import { Dialog } from '../../shared/dialog';
import { ErrorBox } from '../../shared/error-box';
import { FocusOnInit } from '../../shared/focus-on-init';

/** The licence a published template gets unless another is typed. */
export const DEFAULT_LICENCE = 'CC0-1.0';

/** Said before anything is published: exactly what leaves the network, and what never does. */
export const PUBLISH_SCOPE =
  'Shared: the apps and settings of every machine. Never keys, secrets, members or local changes. Anyone who can reach this panel can read the published template without signing in.';

/**
 * Publish (or publish again) a network as a template: title, description, licence, then
 * `POST /api/networks/:id/publish`. The API's sentences show in the dialog; it stays open until it answers.
 */
@Component({
  selector: 'clan-network-publish-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Dialog, ErrorBox, FormsModule, FocusOnInit],
  template: `
    <clan-dialog
      [heading]="current() ? 'Publish ' + networkName() + ' again' : 'Publish ' + networkName() + ' as a template'"
      (closed)="cancel()"
    >
      <form class="form" (ngSubmit)="publish()" data-testid="publish-form">
        <p class="alert alert-info" data-testid="publish-scope">{{ scope }}</p>
        <div class="field">
          <label for="publish-title">Title</label>
          <input
            id="publish-title"
            name="title"
            data-testid="publish-title"
            required
            maxlength="80"
            autocomplete="off"
            clanFocusOnInit
            [ngModel]="title()"
            (ngModelChange)="title.set($event)"
          />
        </div>
        <div class="field">
          <label for="publish-description">Description</label>
          <textarea
            id="publish-description"
            name="description"
            data-testid="publish-description"
            rows="3"
            required
            maxlength="2000"
            aria-describedby="publish-description-hint"
            [ngModel]="description()"
            (ngModelChange)="description.set($event)"
          ></textarea>
          <small id="publish-description-hint" class="hint"
            >Required: what the network is for; shown on the template in other panels' Marketplace.</small
          >
        </div>
        <div class="field">
          <label for="publish-licence">Licence</label>
          <input
            id="publish-licence"
            name="licence"
            data-testid="publish-licence"
            maxlength="64"
            autocomplete="off"
            autocapitalize="none"
            spellcheck="false"
            aria-describedby="publish-licence-hint"
            [ngModel]="licence()"
            (ngModelChange)="licence.set($event)"
          />
          <small id="publish-licence-hint" class="hint"
            >An SPDX identifier; {{ defaultLicence }} gives the settings away with no conditions.</small
          >
        </div>
        @if (current()) {
          <p class="muted small">
            Publishing again makes a new revision from the network as it is now; the link and git URL stay the same.
          </p>
        }
        <clan-error [error]="error()" />
        <div class="dialog-actions">
          <button type="button" class="btn" [disabled]="busy()" (click)="cancel()">Cancel</button>
          <button
            type="submit"
            class="btn btn-primary"
            data-testid="publish-submit"
            [disabled]="busy() || !title().trim() || !description().trim()"
          >
            {{ busy() ? 'Publishing…' : current() ? 'Publish again' : 'Publish' }}
          </button>
        </div>
      </form>
    </clan-dialog>
  `,
})
export class NetworkPublishDialog implements OnInit {
  private readonly service = inject(NetworkMarketplaceService);
  readonly networkId = input.required<string>();
  readonly networkName = input.required<string>();
  readonly networkDescription = input('');
  /** What is published now (publishing again starts from it), or null. */
  readonly current = input<PublishedTemplate | null>(null);
  readonly published = output<PublishedTemplate>();
  readonly closed = output<void>();

  protected readonly scope = PUBLISH_SCOPE;
  protected readonly defaultLicence = DEFAULT_LICENCE;
  protected readonly title = signal('');
  protected readonly description = signal('');
  protected readonly licence = signal(DEFAULT_LICENCE);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);

  ngOnInit(): void {
    const current = this.current();
    this.title.set(current?.title ?? this.networkName());
    this.description.set(current?.description ?? this.networkDescription());
    this.licence.set(current?.licence || DEFAULT_LICENCE);
  }

  protected cancel(): void {
    if (!this.busy()) this.closed.emit();
  }

  protected async publish(): Promise<void> {
    const title = this.title().trim();
    const description = this.description().trim();
    if (this.busy() || !title || !description) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const licence = this.licence().trim();
      const body: PublishTemplate = { title, description, ...(licence ? { licence } : {}) };
      this.published.emit(await this.service.publish(this.networkId(), body));
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
