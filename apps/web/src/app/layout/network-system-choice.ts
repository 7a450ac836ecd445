import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, model, signal } from '@angular/core';
import { NETWORK_SYSTEM_LABELS, NetworkSystem } from '@clan/contracts';
import { ClanApi } from '../core/api/clan-api';
import type { ComponentHealthView } from '../core/api/api-types';

/** What this host can build, from GET /api/health (nixpkgs, the demo system). */
export interface SystemAvailability {
  nixpkgs: ComponentHealthView | null;
  demoSystem: ComponentHealthView | null;
}

/** The panel answers "Checking whether nixpkgs … is reachable…" while its first probe runs. */
export function isChecking(component: ComponentHealthView | null | undefined): boolean {
  return !!component && component.status !== 'ok' && component.detail.startsWith('Checking');
}

/**
 * The "what do its machines run" choice of a new network: NixOS (the default)
 * or the demo system. When nixpkgs is not reachable from the host it says so
 * and why, and that the demo system still lets you try everything.
 */
@Component({
  selector: 'clan-network-system-choice',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .system-options {
      display: grid;
      gap: 0.5rem;
    }
    .system-option {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 0.15rem 0.6rem;
      align-items: start;
      padding: 0.6rem 0.75rem;
      border: 1px solid var(--border);
      border-radius: var(--radius);
      cursor: pointer;
      min-width: 0;
    }
    .system-option:has(input:checked) {
      border-color: var(--accent);
      background: var(--accent-soft);
    }
    .system-option:has(input:disabled) {
      cursor: not-allowed;
      opacity: 0.7;
    }
    .system-option input {
      margin-top: 0.2rem;
    }
    .system-option small {
      grid-column: 2;
      overflow-wrap: anywhere;
    }
  `,
  template: `
    <fieldset class="field">
      <legend>What its machines run</legend>
      @if (nixpkgsProblem(); as why) {
        <div class="alert alert-warn" data-testid="new-network-nixpkgs-unreachable">
          <p>
            nixpkgs is not reachable from this host, so NixOS machines cannot build here. The demo system boots a tiny test system instead,
            so you can still try building, booting, the console, health checks and rollback.
          </p>
          <p class="small">{{ why }}</p>
        </div>
      }
      <div class="system-options" role="radiogroup" aria-label="What its machines run">
        <label class="system-option">
          <input
            type="radio"
            name="network-system"
            data-testid="new-network-system-nixos"
            [checked]="system() === 'nixos'"
            (change)="system.set(nixos)"
          />
          <strong>{{ labels.nixos }}</strong>
          <small class="muted">Real NixOS machines with apps, built from the cLAN flake. Needs nixpkgs.</small>
        </label>
        <label class="system-option">
          <input
            type="radio"
            name="network-system"
            data-testid="new-network-system-demo"
            [checked]="system() === 'demo'"
            [disabled]="!!demoProblem()"
            (change)="system.set(demo)"
          />
          <strong>{{ labels.demo }}</strong>
          <small class="muted">
            @if (demoProblem(); as why) {
              Not available on this host: {{ why }}
            } @else {
              A tiny test system that boots in seconds and runs no apps: for trying the panel out. You can switch the network to NixOS
              later.
            }
          </small>
        </label>
      </div>
    </fieldset>
  `,
})
export class NetworkSystemChoice {
  readonly system = model<NetworkSystem>(NetworkSystem.Nixos);
  protected readonly labels = NETWORK_SYSTEM_LABELS;
  protected readonly nixos = NetworkSystem.Nixos;
  protected readonly demo = NetworkSystem.Demo;
  private readonly api = inject(ClanApi);
  private readonly availability = signal<SystemAvailability>({ nixpkgs: null, demoSystem: null });

  /** Why NixOS cannot build here, or null (also while unknown: no warning before the answer). */
  protected readonly nixpkgsProblem = computed(() => {
    const n = this.availability().nixpkgs;
    return n && n.status !== 'ok' && !isChecking(n) ? (n.message ?? n.detail) : null;
  });
  protected readonly demoProblem = computed(() => {
    const d = this.availability().demoSystem;
    return d && d.status !== 'ok' ? (d.message ?? d.detail) : null;
  });

  private destroyed = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => (this.destroyed = true));
    void this.check();
  }

  /** Asks again while the panel is still checking nixpkgs (right after it started), for up to half a minute. */
  private async check(attempt = 0): Promise<void> {
    try {
      const health = await this.api.health();
      const { nixpkgs, demoSystem } = health.components;
      this.availability.set({ nixpkgs: nixpkgs ?? null, demoSystem: demoSystem ?? null });
      if (isChecking(nixpkgs) && attempt < 15 && !this.destroyed) setTimeout(() => void this.check(attempt + 1), 2000);
    } catch {
      // Without an answer both stay offered; creating the network says what is wrong.
    }
  }
}
