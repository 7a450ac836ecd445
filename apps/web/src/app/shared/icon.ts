import { ChangeDetectionStrategy, Component, input } from '@angular/core';

export type IconName =
  | 'host'
  | 'network'
  | 'machine'
  | 'chevron'
  | 'menu'
  | 'sun'
  | 'moon'
  | 'user'
  | 'plus'
  | 'refresh'
  | 'copy'
  | 'key'
  | 'list'
  | 'shield'
  | 'logout'
  | 'tasks'
  | 'bell';

/** A handful of line icons, inline so there is no icon font to load. */
@Component({
  selector: 'clan-icon',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'icon', 'aria-hidden': 'true' },
  template: `
    <svg viewBox="0 0 16 16">
      @switch (name()) {
        @case ('host') {
          <rect x="2" y="2.5" width="12" height="4.5" rx="1" />
          <rect x="2" y="9" width="12" height="4.5" rx="1" />
          <path d="M4.5 4.75h.01M4.5 11.25h.01" />
        }
        @case ('network') {
          <circle cx="8" cy="3.5" r="1.8" />
          <circle cx="3.5" cy="12" r="1.8" />
          <circle cx="12.5" cy="12" r="1.8" />
          <path d="M7.1 5l-2.7 5.4M8.9 5l2.7 5.4M5.3 12h5.4" />
        }
        @case ('machine') {
          <rect x="2" y="2.5" width="12" height="8.5" rx="1" />
          <path d="M5.5 13.5h5M8 11v2.5" />
        }
        @case ('chevron') {
          <path d="M6 4l4 4-4 4" />
        }
        @case ('menu') {
          <path d="M2.5 4h11M2.5 8h11M2.5 12h11" />
        }
        @case ('sun') {
          <circle cx="8" cy="8" r="2.8" />
          <path d="M8 1.5v1.5M8 13v1.5M1.5 8H3M13 8h1.5M3.4 3.4l1 1M11.6 11.6l1 1M3.4 12.6l1-1M11.6 4.4l1-1" />
        }
        @case ('moon') {
          <path d="M13 9.5A5.5 5.5 0 0 1 6.5 3a5.5 5.5 0 1 0 6.5 6.5z" />
        }
        @case ('user') {
          <circle cx="8" cy="5.5" r="2.8" />
          <path d="M2.8 14c.6-2.8 2.7-4.3 5.2-4.3s4.6 1.5 5.2 4.3" />
        }
        @case ('plus') {
          <path d="M8 3v10M3 8h10" />
        }
        @case ('refresh') {
          <path d="M13 8a5 5 0 1 1-1.5-3.6M13 2.5v3h-3" />
        }
        @case ('copy') {
          <rect x="5" y="5" width="8.5" height="8.5" rx="1" />
          <path d="M11 5V3.5a1 1 0 0 0-1-1H3.5a1 1 0 0 0-1 1V10a1 1 0 0 0 1 1H5" />
        }
        @case ('key') {
          <circle cx="5" cy="10.5" r="2.8" />
          <path d="M7 8.5l6-6M11 4.5l1.8 1.8M9.5 6l1.3 1.3" />
        }
        @case ('list') {
          <path d="M5.5 4h8M5.5 8h8M5.5 12h8M2.5 4h.01M2.5 8h.01M2.5 12h.01" />
        }
        @case ('shield') {
          <path d="M8 1.8l5 2v4c0 3.2-2.2 5.4-5 6.4-2.8-1-5-3.2-5-6.4v-4z" />
        }
        @case ('logout') {
          <path d="M6 2.5H3.5a1 1 0 0 0-1 1v9a1 1 0 0 0 1 1H6M10.5 11l3-3-3-3M13.5 8H6" />
        }
        @case ('tasks') {
          <path d="M2.5 3.5h11v9h-11zM5 6.5l1.3 1.3L8.5 5.5M5 10h6" />
        }
        @case ('bell') {
          <path d="M4 11.5V7a4 4 0 0 1 8 0v4.5l1.2 1.2H2.8zM6.5 13.5a1.5 1.5 0 0 0 3 0" />
        }
      }
    </svg>
  `,
})
export class Icon {
  readonly name = input.required<IconName>();
}
