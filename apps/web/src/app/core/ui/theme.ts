import { DOCUMENT, Injectable, computed, inject, signal } from '@angular/core';

export type ThemeChoice = 'light' | 'dark' | 'system';
const STORAGE_KEY = 'clan.theme';

/** Light/dark: follows prefers-color-scheme until the user picks one, which is remembered. */
@Injectable({ providedIn: 'root' })
export class Theme {
  private readonly doc = inject(DOCUMENT);
  private readonly media = this.doc.defaultView?.matchMedia?.('(prefers-color-scheme: dark)');
  private readonly systemDark = signal(this.media?.matches ?? false);

  readonly choice = signal<ThemeChoice>(readChoice(this.doc));
  readonly effective = computed(() => {
    const choice = this.choice();
    return choice === 'system' ? (this.systemDark() ? 'dark' : 'light') : choice;
  });

  constructor() {
    this.media?.addEventListener?.('change', (event) => this.systemDark.set(event.matches));
    this.apply();
  }

  toggle(): void {
    this.set(this.effective() === 'dark' ? 'light' : 'dark');
  }

  set(choice: ThemeChoice): void {
    this.choice.set(choice);
    try {
      if (choice === 'system') this.doc.defaultView?.localStorage.removeItem(STORAGE_KEY);
      else this.doc.defaultView?.localStorage.setItem(STORAGE_KEY, choice);
    } catch {
      // storage may be disabled; the choice still holds for this tab
    }
    this.apply();
  }

  private apply(): void {
    const choice = this.choice();
    const root = this.doc.documentElement;
    if (choice === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', choice);
  }
}

function readChoice(doc: Document): ThemeChoice {
  try {
    const stored = doc.defaultView?.localStorage.getItem(STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}
