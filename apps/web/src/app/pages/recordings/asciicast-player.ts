import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
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
import { PLAYER_SCREEN, type PlayerScreen } from './player-screen';
import {
  DEFAULT_IDLE_LIMIT,
  IDLE_LIMITS,
  PlaybackClock,
  SPEEDS,
  buildTimeline,
  equivalentTime,
  formatClock,
  framesDue,
  screenOps,
  type Timeline,
} from './player-timeline';

/** The longest the player sleeps between two looks at the clock, so the time display moves. */
const TICK_MS = 250;
/** Arrow keys jump this far. */
const JUMP_SECONDS = 5;

/**
 * An asciicast v2 player: the recording replayed into a terminal of the size
 * it was recorded at, with play/pause, speed, capped pauses, a seek bar, the
 * markers (who joined and left) and a download link. Keys: space plays or
 * pauses, ← and → jump 5 s.
 */
@Component({
  selector: 'clan-asciicast-player',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'block', '(document:keydown)': 'onKey($event)' },
  template: `
    <div class="player" data-testid="player">
      <div class="player-frame" #frame>
        <div class="player-screen" #screen data-testid="player-screen" [attr.aria-label]="'Terminal replay, ' + timeText()"></div>
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
      transform-origin: top left;
      width: max-content;
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

  private readonly screenFactory = inject(PLAYER_SCREEN);
  private readonly screenHost = viewChild.required<ElementRef<HTMLElement>>('screen');
  private readonly frameHost = viewChild.required<ElementRef<HTMLElement>>('frame');

  protected readonly speeds = SPEEDS;
  protected readonly idleLimits = IDLE_LIMITS;
  protected readonly playing = signal(false);
  protected readonly position = signal(0);
  protected readonly speed = signal(1);
  protected readonly idleLimit = signal<number | null>(DEFAULT_IDLE_LIMIT);
  protected readonly idleKey = computed(() => String(this.idleLimit() ?? 'none'));
  private readonly timeline = signal<Timeline>({ frames: [], duration: 0, size: { cols: 80, rows: 24 }, markers: [] });
  protected readonly duration = computed(() => this.timeline().duration);
  protected readonly markers = computed(() => this.timeline().markers);
  protected readonly timeText = computed(() => `${formatClock(this.position())} / ${formatClock(this.duration())}`);

  private playback = new PlaybackClock(0);
  private screen: PlayerScreen | null = null;
  /** Frames already drawn on the screen. */
  private applied = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private resizeObserver: ResizeObserver | null = null;

  constructor() {
    // A new cast (or the first): a fresh timeline, drawn from the start.
    effect(() => {
      const cast = this.cast();
      untracked(() => this.load(cast));
    });
    afterNextRender(() => {
      this.screen = this.screenFactory(this.screenHost().nativeElement, this.timeline().size);
      this.applied = 0;
      this.redrawTo(this.position());
      this.scale();
      this.watchSize();
    });
    inject(DestroyRef).onDestroy(() => {
      this.stopTimer();
      this.resizeObserver?.disconnect();
      this.screen?.dispose();
      this.screen = null;
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
    const now = Date.now();
    if (this.playback.ended(now)) this.seek(0);
    this.playback.play(now);
    this.playing.set(true);
    this.tick();
  }

  pause(): void {
    this.playback.pause(Date.now());
    this.stopTimer();
    this.playing.set(false);
    this.position.set(this.playback.position(Date.now()));
  }

  /** Jumps to `time`: forward by drawing what lies between, backward by redrawing from the start. */
  seek(time: number): void {
    const now = Date.now();
    this.playback.seek(time, now);
    this.redrawTo(this.playback.position(now));
    if (this.playing()) {
      this.stopTimer();
      this.tick();
    }
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
    this.playback.setSpeed(speed, Date.now());
    this.speed.set(this.playback.speed);
    if (this.playing()) {
      this.stopTimer();
      this.tick();
    }
  }

  protected setIdle(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    const limit = value === 'none' ? null : Number(value);
    const now = Date.now();
    const before = this.timeline();
    const after = buildTimeline(this.cast(), limit);
    const position = equivalentTime(before, after, this.playback.position(now));
    this.idleLimit.set(limit);
    this.timeline.set(after);
    this.playback.retime(after.duration, position, now);
    this.position.set(position);
    if (this.playing()) {
      this.stopTimer();
      this.tick();
    }
  }

  protected onKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target instanceof Element ? event.target : null;
    // Keys typed into a field, a list or a button are theirs; the terminal's own (read-only) input is ours.
    if (target?.closest('input, select, textarea, button, a, [contenteditable="true"]') && !target.closest('.xterm')) return;
    if (event.key === ' ') {
      event.preventDefault();
      this.toggle();
    } else if (event.key === 'ArrowLeft') {
      event.preventDefault();
      this.seek(this.playback.position(Date.now()) - JUMP_SECONDS);
    } else if (event.key === 'ArrowRight') {
      event.preventDefault();
      this.seek(this.playback.position(Date.now()) + JUMP_SECONDS);
    }
  }

  private load(cast: Asciicast): void {
    this.stopTimer();
    const timeline = buildTimeline(cast, this.idleLimit());
    this.timeline.set(timeline);
    this.playback = new PlaybackClock(timeline.duration);
    this.playback.setSpeed(this.speed(), Date.now());
    this.playing.set(false);
    this.position.set(0);
    if (this.screen) {
      this.applied = Number.POSITIVE_INFINITY; // force a redraw from the start
      this.redrawTo(0);
    }
  }

  /** Brings the screen to `time`. */
  private redrawTo(time: number): void {
    const frames = this.timeline().frames;
    const due = framesDue(frames, time);
    if (this.screen) {
      if (due < this.applied) {
        this.screen.reset(this.timeline().size);
        this.applied = 0;
      }
      if (due > this.applied) this.screen.apply(screenOps(frames, this.applied, due));
      this.applied = due;
    }
    this.position.set(time);
  }

  private tick(): void {
    this.timer = null;
    const now = Date.now();
    const position = this.playback.position(now);
    this.redrawTo(position);
    if (this.playback.ended(now)) {
      this.playback.pause(now);
      this.playing.set(false);
      return;
    }
    const next = this.timeline().frames[this.applied]?.time ?? this.duration();
    const wait = Math.min(TICK_MS, Math.max(4, this.playback.msUntil(next, now)));
    this.timer = setTimeout(() => this.tick(), wait);
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Shrinks a terminal wider than the page to fit it (never enlarges: the recording's own size reads best). */
  private scale(): void {
    const frame = this.frameHost().nativeElement;
    const screen = this.screenHost().nativeElement;
    const width = screen.scrollWidth;
    const room = frame.clientWidth - 12;
    if (!width || room <= 0) return;
    const factor = Math.min(1, room / width);
    screen.style.transform = factor < 1 ? `scale(${factor})` : '';
    frame.style.height = factor < 1 ? `${Math.ceil(screen.scrollHeight * factor) + 12}px` : '';
  }

  private watchSize(): void {
    if (typeof ResizeObserver === 'undefined') return;
    // Scaling changes the frame's height: do it in the next frame, not inside the observer's own pass.
    let pending = false;
    this.resizeObserver = new ResizeObserver(() => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        if (this.screen) this.scale();
      });
    });
    this.resizeObserver.observe(this.frameHost().nativeElement);
    this.resizeObserver.observe(this.screenHost().nativeElement);
  }
}
