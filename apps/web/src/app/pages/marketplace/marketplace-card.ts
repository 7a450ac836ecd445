import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { MarketplaceEntryView } from './marketplace.api';
import { avatarLetter, oneLine, provenance } from './marketplace-format';

/** One entry of the grid: letter avatar, title, one line, category, source and where it comes from. */
@Component({
  selector: 'clan-marketplace-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    @let e = entry();
    @let p = origin();
    <a
      class="mkt-card"
      [class.mkt-third-party]="p.thirdParty"
      [routerLink]="['/marketplace', e.source, e.kind, e.key]"
      [attr.data-testid]="'mkt-card-' + e.source + '-' + e.key"
      [attr.aria-label]="e.title + ', ' + p.badge + ' ' + (e.kind === 'app' ? 'app' : 'network template') + ' from ' + e.source"
    >
      <span class="mkt-avatar" aria-hidden="true">{{ letter() }}</span>
      <span class="mkt-card-body">
        <span class="mkt-card-title">{{ e.title }}</span>
        <span class="mkt-card-text">{{ summary() }}</span>
        <span class="mkt-card-meta">
          <span
            class="badge"
            [class.badge-ok]="!p.thirdParty"
            [class.badge-warn]="p.thirdParty"
            [attr.data-testid]="'mkt-badge-' + e.source + '-' + e.key"
            >{{ p.badge }}<span class="sr-only">: {{ p.srText }}</span></span
          >
          @if (e.category) {
            <span class="badge badge-muted">{{ e.category }}</span>
          }
          @if (p.thirdParty) {
            <span class="muted small">{{ e.source }}</span>
          }
          @if (p.revision) {
            <code class="small" title="The git revision the entry comes from">{{ p.revision }}</code>
          }
        </span>
        @if (p.byline) {
          <span class="muted small" [attr.data-testid]="'mkt-byline-' + e.source + '-' + e.key">{{ p.byline }}</span>
        }
      </span>
    </a>
  `,
})
export class MarketplaceCard {
  readonly entry = input.required<MarketplaceEntryView>();
  protected readonly origin = computed(() => provenance(this.entry()));
  protected readonly letter = computed(() => avatarLetter(this.entry().title, this.entry().key));
  protected readonly summary = computed(() => oneLine(this.entry().description));
}
