import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { parseAsciicast, type Asciicast } from '@clan/contracts';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Session } from '../../core/auth/session';
import { timeAgo } from '../../core/vm/vm-rules';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { formatBytes } from '../network/network-mesh-format';
import { AsciicastPlayer } from './asciicast-player';
import { castFileName, durationText, kindLabel, recordingTarget } from './recording-format';
import { RecordingsApi, type RecordingRef, type RecordingView } from './recordings.api';

/**
 * One terminal recording (`/recordings/:recordingId[?networkId=…]`): who,
 * when, what, and the replay. Host admins read it through the host routes;
 * everyone else through its network (the list links carry `networkId`).
 */
@Component({
  selector: 'clan-recording-player-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, DatePipe, ErrorBox, Icon, AsciicastPlayer],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb"><a routerLink="/recordings" [queryParams]="backQuery()">Terminal recordings</a></p>
        <h1>
          <clan-icon name="list" />
          @if (recording(); as r) {
            {{ heading(r) }}
            @if (!r.endedAt) {
              <span class="badge badge-info" data-testid="recording-live">live</span>
            }
          } @else {
            Recording
          }
        </h1>
      </div>
    </div>
    <clan-error [error]="error()" />
    @if (recording(); as r) {
      <section class="panel" aria-label="About this recording">
        <dl class="props" data-testid="recording-meta">
          <dt>What</dt>
          <dd>
            <span [class]="'badge ' + (r.kind === 'host' ? 'badge-warn' : 'badge-muted')">{{ kind(r) }}</span>
            {{ target(r) }}
          </dd>
          <dt>Started by</dt>
          <dd>{{ r.startedByName }}</dd>
          <dt>People</dt>
          <dd>
            <ul class="plain-list">
              @for (p of r.participants; track $index) {
                <li>
                  <strong>{{ p.username }}</strong>
                  <span class="muted small">
                    joined {{ p.joinedAt | date: 'yyyy-MM-dd HH:mm:ss' }}
                    @if (p.leftAt) {
                      , left {{ p.leftAt | date: 'HH:mm:ss' }}
                    } @else if (!r.endedAt) {
                      , still connected
                    }
                  </span>
                </li>
              } @empty {
                <li class="muted">nobody recorded</li>
              }
            </ul>
          </dd>
          <dt>Started</dt>
          <dd [title]="r.startedAt">{{ r.startedAt | date: 'yyyy-MM-dd HH:mm:ss' }} ({{ ago(r.startedAt) }})</dd>
          <dt>Length</dt>
          <dd>{{ length(r) }}{{ r.endedAt ? '' : ' so far' }}</dd>
          <dt>Size</dt>
          <dd>{{ r.endedAt ? bytes(r.bytes) : 'known when it ends' }} · {{ r.width }}×{{ r.height }} characters</dd>
        </dl>
        @if (!r.endedAt) {
          <p class="alert alert-info" role="note">
            This session is still being recorded. The replay stops where the recording was when you opened it; reload the page for more.
          </p>
        }
      </section>
    }
    @if (cast(); as c) {
      <section class="panel" aria-label="Replay">
        <clan-asciicast-player [cast]="c" [downloadUrl]="downloadUrl()" [downloadName]="downloadName()" />
        @if (empty()) {
          <p class="muted" data-testid="player-empty">Nothing was printed while this session was recorded.</p>
        }
      </section>
    } @else if (loading()) {
      <p class="muted" role="status">Loading the recording…</p>
    }
  `,
  styles: `
    .plain-list {
      list-style: none;
      margin: 0;
      padding: 0;
    }
  `,
})
export class RecordingPlayerPage {
  /** Bound from the route parameter. */
  readonly recordingId = input.required<string>();
  /** Bound from the `networkId` query parameter (how a network member reaches it). */
  readonly networkId = input<string | undefined>(undefined);

  private readonly api = inject(RecordingsApi);
  private readonly session = inject(Session);

  protected readonly recording = signal<RecordingView | null>(null);
  protected readonly cast = signal<Asciicast | null>(null);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly loading = signal(false);
  private readonly ref = signal<RecordingRef | null>(null);

  protected readonly downloadUrl = computed(() => {
    const ref = this.ref();
    return ref ? this.api.castUrl(ref) : null;
  });
  protected readonly downloadName = computed(() => {
    const r = this.recording();
    return r ? castFileName(r) : 'recording.cast';
  });
  protected readonly empty = computed(() => !(this.cast()?.events ?? []).some((e) => e[1] === 'o' && e[2] !== ''));
  protected readonly backQuery = computed(() => {
    const networkId = this.networkId();
    return networkId ? { networkId } : {};
  });

  constructor() {
    effect(() => {
      const recordingId = this.recordingId();
      const networkId = this.networkId() ?? null;
      untracked(() => void this.load(recordingId, networkId));
    });
  }

  protected heading(r: RecordingView): string {
    return r.kind === 'host' ? 'Host shell' : `Serial console of ${r.machine ?? 'a machine'}`;
  }

  protected kind(r: RecordingView): string {
    return kindLabel(r.kind);
  }

  protected target(r: RecordingView): string {
    return recordingTarget(r);
  }

  protected ago(iso: string): string {
    return timeAgo(iso);
  }

  protected length(r: RecordingView): string {
    return durationText(r);
  }

  protected bytes(n: number): string {
    return formatBytes(n);
  }

  private async load(recordingId: string, networkId: string | null): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    this.recording.set(null);
    this.cast.set(null);
    // Host admins may read every recording through the host routes; others only through the recording's network.
    const through = this.session.isHostAdmin() ? null : await this.networkOf(recordingId, networkId);
    if (this.recordingId() !== recordingId) return;
    if (through === undefined) {
      this.loading.set(false);
      this.error.set({
        message:
          'This recording is not among those you may replay: it may have been deleted. Open one from the list of terminal recordings.',
        fields: [],
      });
      return;
    }
    const ref: RecordingRef = { recordingId, networkId: through };
    this.ref.set(ref);
    try {
      const [recording, text] = await Promise.all([this.api.get(ref), this.api.cast(ref)]);
      if (this.recordingId() !== recordingId) return;
      this.recording.set(recording);
      try {
        this.cast.set(parseAsciicast(text));
      } catch (error) {
        this.error.set({ message: `The recording file could not be read (${describeError(error).message}).`, fields: [] });
      }
    } catch (error) {
      if (this.recordingId() === recordingId) this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }

  /** The network to ask through: the link's, else the one the list says the recording belongs to (undefined: none). */
  private async networkOf(recordingId: string, networkId: string | null): Promise<string | undefined> {
    if (networkId) return networkId;
    try {
      const page = await this.api.list({ limit: 200 });
      return page.items.find((r) => r.id === recordingId)?.networkId ?? undefined;
    } catch {
      return undefined;
    }
  }
}
