import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  InjectionToken,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import type { Asciicast } from '@clan/contracts';
import type { Player, create } from 'asciinema-player';
import { DEFAULT_IDLE_LIMIT, IDLE_LIMITS, SPEEDS, buildTimeline, equivalentTime, formatClock, type Timeline } from './player-timeline';

/** Loads the official asciinema player (a lazy chunk, fetched when a recording is first opened). Tests provide a fake. */
export const ASCIINEMA_PLAYER = new InjectionToken<() => Promise<{ create: typeof create }>>('ASCIINEMA_PLAYER', {
  providedIn: 'root',
  factory: () => () => import('asciinema-player'),
});

/** The player's stylesheet, built as its own file (apps/web/project.json, `inject: false`) and linked on first use. */
const PLAYER_CSS = 'asciinema-player.css';

function linkStylesheet(doc: Document): void {
  if (doc.querySelector(`link[data-asciinema-player]`)) return;
  const link = doc.createElement('link');
  link.rel = 'stylesheet';
  link.href = PLAYER_CSS;
  link.dataset['asciinemaPlayer'] = '';
  doc.head.appendChild(link);
}

/** How often the time display follows the player while it plays. */
const TICK_MS = 250;
/** Arrow keys jump this far. */
const JUMP_SECONDS = 5;

/**
 * An asciicast v2 replay with the official asciinema player drawing the
 * terminal (at the size it was recorded, fitted to the page's width), and the
 * panel's own controls around it: play/pause, speed, capped pauses (the
 * player's `idleTimeLimit`), a seek bar, the markers (who joined and left,
 * also the player's `markers`) and a download link. Keys: space plays or
 * pauses, ← and → jump 5 s. Speed and the pause cap are options the player
 * takes when created, so changing one re-creates it at the same moment.
 */
@Component({
  selector: 'clan-asciicast-player',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'block', '(document:keydown)': 'onKey($event)' },
  template: `
    <div class="player" data-testid="player">
      <div class="player-frame">
        <div class="player-screen" #screen data-testid="player-screen" [attr.aria-label]="'Terminal replay, ' + timeText()"></div>
        @if (failed()) {
          <p class="alert alert-error" role="alert" data-testid="player-failed">The player could not be loaded: {{ failed() }}</p>
        }
      </div>
      <div class="player-controls toolbar" role="group" aria-label="Playback">
        <button
          type="button"
          class="btn btn-primary player-play"
          data-testid="player-play"
          [attr.aria-label]="playing() ? 'Pause' : 'Play'"
          [attr.aria-pressed]="playing()"
          (click)="toggle()"
        >
          {{ playing() ? 'Pause' : 'Play' }}
        </button>
        <input
          type="range"
          class="player-progress"
          data-testid="player-progress"
          aria-label="Position"
          min="0"
          [max]="duration()"
          step="0.1"
          [value]="position()"
          [attr.aria-valuetext]="timeText()"
          (input)="seekFromBar($event)"
        />
        <span class="player-time mono" data-testid="player-time" aria-live="off">{{ timeText() }}</span>
        <button type="button" class="btn" data-testid="player-end" (click)="skipToEnd()">Skip to end</button>
        <label class="player-option">
          Speed
          <select data-testid="player-speed" [value]="speed()" (change)="setSpeed($event)">
            @for (s of speeds; track s) {
              <option [value]="s" [selected]="s === speed()">{{ s }}×</option>
            }
          </select>
        </label>
        <label class="player-option">
          Pauses
          <select data-testid="player-idle" [value]="idleKey()" (change)="setIdle($event)">
            @for (limit of idleLimits; track limit) {
              <option [value]="limit ?? 'none'" [selected]="limit === idleLimit()">
                {{ limit === null ? 'as recorded' : 'up to ' + limit + ' s' }}
              </option>
            }
          </select>
        </label>
        @if (downloadUrl()) {
          <a class="btn" data-testid="player-download" [href]="downloadUrl()" [attr.download]="downloadName()">Download .cast</a>
        }
      </div>
      <p class="sr-only" role="status">{{ playing() ? 'Playing' : position() >= duration() && duration() > 0 ? 'Ended' : 'Paused' }}</p>
      <section class="player-markers" aria-labelledby="player-markers-title">
        <h3 id="player-markers-title" class="small">Events</h3>
        <ul data-testid="player-markers">
          @for (m of markers(); track $index) {
            <li>
              <button type="button" class="link-btn" data-testid="player-marker" (click)="seek(m.time)">
                <span class="mono muted">{{ clock(m.time) }}</span> {{ m.label }}
              </button>
            </li>
          } @empty {
            <li class="muted">Nobody joined or left while this was recorded.</li>
          }
        </ul>
      </section>
    </div>
  `,
  styles: `
    .player-frame {
      overflow: hidden;
      background: #000;
      border-radius: var(--radius);
      border: 1px solid var(--border);
      padding: 6px;
    }
    .player-screen {
      min-height: 80px;
    }
    .player-controls {
      align-items: center;
      margin: 10px 0;
    }
    .player-progress {
      flex: 1 1 200px;
      min-width: 120px;
    }
    .player-play {
      min-width: 72px;
    }
    .player-option {
      display: inline-flex;
      gap: 6px;
      align-items: center;
    }
    .player-markers ul {
      list-style: none;
      margin: 4px 0 0;
      padding: 0;
      display: grid;
      gap: 2px;
    }
  `,
})
export class AsciicastPlayer {
  /** The parsed recording. */
  readonly cast = input.required<Asciicast>();
  readonly downloadUrl = input<string | null>(null);
  readonly downloadName = input('recording.cast');

  private readonly loadPlayer = inject(ASCIINEMA_PLAYER);
  private readonly screenHost = viewChild.required<ElementRef<HTMLElement>>('screen');

  protected readonly speeds = SPEEDS;
  protected readonly idleLimits = IDLE_LIMITS;
  protected readonly playing = signal(false);
  protected readonly position = signal(0);
  protected readonly speed = signal(1);
  protected readonly idleLimit = signal<number | null>(DEFAULT_IDLE_LIMIT);
  protected readonly idleKey = computed(() => String(this.idleLimit() ?? 'none'));
  protected readonly failed = signal<string | null>(null);
  /** The same timeline the player plays (pauses capped alike): its length and the markers' times. */
  private readonly timeline = computed<Timeline>(() => buildTimeline(this.cast(), this.idleLimit()));
  protected readonly duration = computed(() => this.timeline().duration);
  protected readonly markers = computed(() => this.timeline().markers);
  protected readonly timeText = computed(() => `${formatClock(this.position())} / ${formatClock(this.duration())}`);

  private player: Player | null = null;
  /** Bumped on every (re)creation, so a player that finished loading too late is dropped. */
  private generation = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private rendered = false;

  constructor() {
    // A new cast (or the first): a fresh player at the start.
    effect(() => {
      this.cast();
      untracked(() => {
        this.position.set(0);
        this.playing.set(false);
        if (this.rendered) void this.mount(0, false);
      });
    });
    afterNextRender(() => {
      this.rendered = true;
      linkStylesheet(this.screenHost().nativeElement.ownerDocument);
      void this.mount(this.position(), false);
    });
    inject(DestroyRef).onDestroy(() => {
      this.generation++;
      this.stopTimer();
      this.player?.dispose();
      this.player = null;
    });
  }

  protected clock(time: number): string {
    return formatClock(time);
  }

  toggle(): void {
    if (this.playing()) this.pause();
    else this.play();
  }

  play(): void {
    if (this.position() >= this.duration()) this.seek(0);
    this.playing.set(true);
    void this.player?.play();
    this.startTimer();
  }

  pause(): void {
    this.playing.set(false);
    this.stopTimer();
    void this.player?.pause();
    void this.follow();
  }

  /** Jumps to `time` (seconds on the playback clock). */
  seek(time: number): void {
    const to = Math.max(0, Math.min(this.duration(), time));
    this.position.set(to);
    void this.player?.seek(to);
  }

  skipToEnd(): void {
    this.pause();
    this.seek(this.duration());
  }

  protected seekFromBar(event: Event): void {
    this.seek(Number((event.target as HTMLInputElement).value));
  }

  protected setSpeed(event: Event): void {
    const speed = Number((event.target as HTMLSelectElement).value);
    this.speed.set(speed > 0 ? speed : 1);
    void this.mount(this.position(), this.playing());
  }

  protected setIdle(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    const limit = value === 'none' ? null : Number(value);
    const before = this.timeline();
    const after = buildTimeline(this.cast(), limit);
    const position = equivalentTime(before, after, this.position());
    this.idleLimit.set(limit);
    this.position.set(position);
    void this.mount(position, this.playing());
  }

  protected onKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target instanceof Element ? event.target : null;
    // Keys typed into a field, a list or a button are theirs; the player's own element is ours.
    if (target?.closest('input, select, textarea, button, a, [contenteditable="true"]') && !target.closest('.ap-player')) return;
    if (event.key === ' ') {
      event.preventDefault();
      this.toggle();
    } else if (event.key === 'ArrowLeft') {
      event.preventDefault();
      this.seek(this.position() - JUMP_SECONDS);
    } else if (event.key === 'ArrowRight') {
      event.preventDefault();
      this.seek(this.position() + JUMP_SECONDS);
    }
  }

  /** (Re)creates the player at `startAt` seconds, playing or not; speed and pause cap are creation options. */
  private async mount(startAt: number, play: boolean): Promise<void> {
    const generation = ++this.generation;
    this.stopTimer();
    this.player?.dispose();
    this.player = null;
    const cast = this.cast();
    let lib: { create: typeof create };
    try {
      lib = await this.loadPlayer();
    } catch (error) {
      this.failed.set(error instanceof Error ? error.message : String(error));
      return;
    }
    if (generation !== this.generation) return;
    const host = this.screenHost().nativeElement;
    host.replaceChildren();
    const limit = this.idleLimit();
    const player = lib.create(
      {
        data: () => ({ cast }),
        // The cast is parsed already (and checked) by the page; hand the player its events as they are.
        parser: () => ({
          cols: Math.max(1, cast.header.width),
          rows: Math.max(1, cast.header.height),
          events: cast.events.filter(([, code]) => code !== 'i'),
        }),
      },
      host,
      {
        autoPlay: play,
        preload: true,
        controls: false,
        fit: 'width',
        speed: this.speed(),
        startAt,
        ...(limit === null ? {} : { idleTimeLimit: limit }),
        markers: this.markers().map((m): [number, string] => [m.time, m.label]),
      },
    );
    this.player = player;
    player.addEventListener('ended', () => {
      if (this.player !== player) return;
      this.playing.set(false);
      this.stopTimer();
      this.position.set(this.duration());
    });
    player.addEventListener('pause', () => {
      if (this.player === player) void this.follow();
    });
    if (play) this.startTimer();
    else if (startAt > 0) void player.seek(startAt);
  }

  /** Reads where the player is, for the time display and the seek bar. */
  private async follow(): Promise<void> {
    const player = this.player;
    if (!player) return;
    const time: unknown = await Promise.resolve(player.getCurrentTime());
    if (player === this.player && typeof time === 'number' && Number.isFinite(time)) {
      this.position.set(Math.min(this.duration(), Math.max(0, time)));
    }
  }

  private startTimer(): void {
    this.stopTimer();
    this.timer = setInterval(() => void this.follow(), TICK_MS);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
