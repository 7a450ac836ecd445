import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { type components, unwrap } from '@clan/api-client';
import { Api } from '../../core/api/api';
import { describeError, type ErrorView } from '../../core/api/errors';
import { CatalogStore } from '../../core/config/catalog-store';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { CopyBox } from '../../shared/copy-box';
import { Dialog } from '../../shared/dialog';
import { ErrorBox } from '../../shared/error-box';
import { MachineContext } from './machine-context';

type AppCredential = components['schemas']['AppCredentialDto'];
type RevealedAppCredential = components['schemas']['RevealedAppCredentialDto'];

const PATH = '/api/networks/{networkId}/machines/{machine}/app-credentials' as const;

/**
 * The first admin credential of each of the machine's apps (docs/apps.md), for
 * the network's admins: "Show" (the first time right away, later after a
 * confirmation, each time recorded in the audit log) opens the secret with a
 * Copy button until "I have stored it"; "Rotate" makes a new one for the next
 * deployment. Credentials never shown are offered first, as after the
 * machine was created.
 */
@Component({
  selector: 'clan-machine-app-credentials',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CopyBox, Dialog, ErrorBox],
  template: `
    <div class="app-credentials" data-testid="app-credentials">
      <h3 class="small">First sign-in</h3>
      <clan-error [error]="error()" />
      @if (unshown().length) {
        <p class="notice notice-warn" data-testid="app-credentials-new">
          <span>
            {{ unshown().length === 1 ? 'One app has' : unshown().length + ' apps have' }} a first admin credential nobody has seen yet.
            Show it now and store it in your password manager; showing it again later is recorded in the audit log.
          </span>
        </p>
      }
      <ul class="app-summary">
        @for (c of items(); track c.app) {
          <li [attr.data-testid]="'app-credential-' + c.app">
            <strong>{{ title(c.app) }}</strong>
            &ngsp;<span class="muted small">{{ c.kind === 'token' ? 'admin token' : 'user ' + c.username }}</span>
            @if (c.revealedAt) {
              &ngsp;<span class="badge badge-muted" [attr.data-testid]="'app-credential-shown-' + c.app">
                shown {{ c.revealCount === 1 ? 'once' : c.revealCount + ' times' }}
              </span>
            } @else {
              &ngsp;<span class="badge badge-warn" [attr.data-testid]="'app-credential-new-' + c.app">not shown yet</span>
            }
            <div class="muted small">{{ c.usage }}</div>
            <div class="form-actions">
              <button
                type="button"
                class="btn btn-small"
                [class.btn-primary]="!c.revealedAt"
                [attr.data-testid]="'app-credential-show-' + c.app"
                [disabled]="busy()"
                (click)="show(c)"
              >
                Show
              </button>
              <button
                type="button"
                class="btn btn-small"
                [attr.data-testid]="'app-credential-rotate-' + c.app"
                [disabled]="busy()"
                (click)="rotate(c)"
              >
                Rotate…
              </button>
              @if (c.url) {
                <a
                  class="btn btn-small"
                  target="_blank"
                  rel="noopener noreferrer"
                  [href]="c.url"
                  [attr.data-testid]="'app-credential-open-' + c.app"
                  [attr.aria-label]="'Open ' + title(c.app)"
                  >Open</a
                >
              }
            </div>
          </li>
        }
      </ul>
    </div>
    @if (shown(); as s) {
      <clan-dialog [heading]="title(s.app) + ' — ' + (s.kind === 'token' ? 'admin token' : 'password of ' + s.username)" (closed)="done()">
        <p class="muted">{{ s.usage }}</p>
        @if (s.url) {
          <p class="muted small">
            At <a [href]="s.url" target="_blank" rel="noopener noreferrer" data-testid="app-credential-url">{{ s.url }}</a>
          </p>
        }
        <clan-copy-box [value]="s.secret" [label]="title(s.app) + ' secret'" testId="app-credential-secret" />
        <p class="muted small">
          {{
            s.firstReveal
              ? 'Store it now: showing it again later needs a confirmation and is recorded in the audit log.'
              : 'This showing is recorded in the audit log.'
          }}
        </p>
        <div class="dialog-actions">
          <button type="button" class="btn btn-primary" data-testid="app-credential-stored" (click)="done()">I have stored it</button>
        </div>
      </clan-dialog>
    }
  `,
})
export class MachineAppCredentialsPanel {
  private readonly context = inject(MachineContext);
  private readonly api = inject(Api);
  private readonly catalog = inject(CatalogStore);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);

  protected readonly items = signal<AppCredential[]>([]);
  protected readonly shown = signal<RevealedAppCredential | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly unshown = () => this.items().filter((c) => !c.revealedAt);

  constructor() {
    // Again whenever the machine (re)loads: a configuration change may add or remove apps.
    effect(() => {
      if (this.context.machine()) void this.load();
    });
  }

  protected title(app: string): string {
    return this.catalog.app(app)?.title ?? app;
  }

  private target(): { networkId: string; machine: string } | null {
    const networkId = this.context.network.networkId();
    const machine = this.context.name();
    return networkId && machine ? { networkId, machine } : null;
  }

  async load(): Promise<void> {
    const path = this.target();
    if (!path) return;
    try {
      const list = await this.api.run(unwrap(this.api.facade.client.GET(PATH, { params: { path } })));
      this.items.set(list.items);
      this.error.set(null);
    } catch (error) {
      this.error.set(describeError(error));
    }
  }

  protected async show(c: AppCredential): Promise<void> {
    const path = this.target();
    if (!path) return;
    if (c.revealedAt) {
      const yes = await this.confirm.ask({
        title: `Show the ${this.title(c.app)} ${c.kind === 'token' ? 'admin token' : 'password'} again?`,
        message: `It was shown ${c.revealCount === 1 ? 'once' : `${c.revealCount} times`} already. Showing it again is recorded in the network's audit log under your name.`,
        confirmLabel: 'Show it',
      });
      if (!yes) return;
    }
    await this.call(async () => {
      const revealed = await this.api.run(
        unwrap(
          this.api.facade.client.POST(`${PATH}/{app}/reveal`, {
            params: { path: { ...path, app: c.app } },
            body: c.revealedAt ? { confirm: true } : {},
          }),
        ),
      );
      this.shown.set(revealed);
      this.items.update((items) => items.map((i) => (i.app === c.app ? withoutSecret(revealed) : i)));
    });
  }

  protected async rotate(c: AppCredential): Promise<void> {
    const path = this.target();
    if (!path) return;
    const when =
      c.applies === 'every-deploy'
        ? `${this.title(c.app)} takes the new one with the machine's next deployment; until then the old one still works.`
        : `${this.title(c.app)} takes it only when it is set up afresh: where it is set up already, change the password in ${this.title(c.app)} too.`;
    const yes = await this.confirm.ask({
      title: `Rotate the ${this.title(c.app)} ${c.kind === 'token' ? 'admin token' : 'password'}?`,
      message: `The panel makes a new secret and forgets the old one. ${when}`,
      confirmLabel: 'Rotate',
      danger: true,
    });
    if (!yes) return;
    await this.call(async () => {
      const rotated = await this.api.run(
        unwrap(this.api.facade.client.POST(`${PATH}/{app}/rotate`, { params: { path: { ...path, app: c.app } } })),
      );
      this.items.update((items) => items.map((i) => (i.app === c.app ? rotated.credential : i)));
      this.notifier.ok(rotated.message);
    });
  }

  /** Closes the secret; it is not kept anywhere in the page. */
  protected done(): void {
    this.shown.set(null);
  }

  private async call(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await work();
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}

/** The list entry of a revealed credential: the secret stays in the dialog only. */
function withoutSecret(revealed: RevealedAppCredential): AppCredential {
  return {
    app: revealed.app,
    kind: revealed.kind,
    username: revealed.username,
    usage: revealed.usage,
    applies: revealed.applies,
    files: revealed.files,
    url: revealed.url,
    createdAt: revealed.createdAt,
    rotatedAt: revealed.rotatedAt,
    revealedAt: revealed.revealedAt,
    revealCount: revealed.revealCount,
  };
}
