import { InjectionToken } from '@angular/core';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from '../live/backoff';

/** The part of an EventSource the log views use, so tests can hand in a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

/** Opens a server-sent event stream; same origin, so the session cookie goes along. */
export const EVENT_SOURCE_FACTORY = new InjectionToken<(url: string) => EventSourceLike>('EVENT_SOURCE_FACTORY', {
  providedIn: 'root',
  factory: () => (url: string) => new EventSource(url),
});

export const FOLLOW_BACKOFF = new InjectionToken<BackoffOptions>('FOLLOW_BACKOFF', {
  providedIn: 'root',
  factory: () => DEFAULT_BACKOFF,
});

export type FollowState = 'off' | 'connecting' | 'live' | 'retrying';

export interface FollowOptions<T> {
  /** Built at every (re)connect, so it resumes from the newest position the view holds. */
  url: () => string;
  /** The SSE event name (`output`, `entry`). */
  event: string;
  onData: (data: T) => void;
  onState?: (state: FollowState) => void;
  /**
   * The stream dropped (the panel restarted, the network blipped, or it refused:
   * an EventSource never sees why). Catch up with a page request here — that
   * also surfaces the API's own error message — and answer whether to reconnect.
   */
  onDrop?: () => Promise<boolean>;
}

/**
 * Follows a server-sent event stream of the panel until stop(). The panel
 * resumes from the position in the URL (`from=`, `after=`), not from the
 * Last-Event-ID header an EventSource sends by itself, so on every error this
 * closes the stream and opens a fresh URL after a backoff instead of letting
 * the browser retry the old one (which would repeat everything since then).
 */
export class FollowStream<T> {
  private source: EventSourceLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private running = false;
  private generation = 0;

  constructor(
    private readonly open: (url: string) => EventSourceLike,
    private readonly options: FollowOptions<T>,
    private readonly backoff: BackoffOptions = DEFAULT_BACKOFF,
  ) {}

  get active(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.source?.close();
    this.source = null;
    this.options.onState?.('off');
  }

  private connect(): void {
    const generation = ++this.generation;
    this.options.onState?.('connecting');
    const source = this.open(this.options.url());
    this.source = source;
    source.onopen = () => {
      if (generation !== this.generation) return;
      this.attempt = 0;
      this.options.onState?.('live');
    };
    source.addEventListener(this.options.event, (event) => {
      if (generation !== this.generation) return;
      let data: T;
      try {
        data = JSON.parse(event.data) as T;
      } catch {
        return; // not ours to show
      }
      this.options.onData(data);
    });
    source.onerror = () => {
      if (generation !== this.generation) return;
      void this.dropped(generation);
    };
  }

  private async dropped(generation: number): Promise<void> {
    this.source?.close();
    this.source = null;
    this.options.onState?.('retrying');
    const again = this.options.onDrop ? await this.options.onDrop().catch(() => true) : true;
    if (generation !== this.generation || !this.running) return;
    if (!again) {
      this.stop();
      return;
    }
    const delay = backoffDelay(this.attempt++, this.backoff);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running && generation === this.generation) this.connect();
    }, delay);
  }
}
