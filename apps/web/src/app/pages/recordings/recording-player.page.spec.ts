import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import type { Options, Player, Recording } from 'asciinema-player';
import { ASCIINEMA_PLAYER } from './asciicast-player';
import { RecordingPlayerPage } from './recording-player.page';
import type { RecordingView } from './recordings.api';

/**
 * Stands in for the asciinema player, which draws the terminal: records what
 * the page asks of it (options, play, pause, seek) and tells the time it is set to.
 */
class FakePlayer {
  static all: FakePlayer[] = [];
  readonly calls: string[] = [];
  time: number;
  disposed = false;
  private readonly handlers = new Map<string, (() => void)[]>();

  constructor(
    private readonly src: { data: () => unknown; parser: (data: unknown) => Recording },
    readonly el: HTMLElement,
    readonly opts: Options,
  ) {
    this.time = Number(opts.startAt ?? 0);
    FakePlayer.all.push(this);
  }

  /** The recording as the player reads it. */
  get recording(): Recording {
    return this.src.parser(this.src.data());
  }

  play(): Promise<void> {
    this.calls.push('play');
    return Promise.resolve();
  }

  pause(): Promise<void> {
    this.calls.push('pause');
    return Promise.resolve();
  }

  seek(time: number): Promise<void> {
    this.calls.push(`seek ${time}`);
    this.time = time;
    return Promise.resolve();
  }

  getCurrentTime(): number {
    return this.time;
  }

  addEventListener(name: string, handler: () => void): void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
  }

  emit(name: string): void {
    for (const handler of this.handlers.get(name) ?? []) handler();
  }

  dispose(): void {
    this.disposed = true;
  }
}

const CAST = [
  JSON.stringify({
    version: 2,
    width: 80,
    height: 24,
    timestamp: 1773151500,
    title: 'family/web serial console',
    env: { TERM: 'xterm-256color' },
  }),
  JSON.stringify([0.5, 'o', 'login: ']),
  JSON.stringify([1.0, 'o', 'root\r\n']),
  JSON.stringify([3.0, 'm', 'anna joined']),
  JSON.stringify([3.5, 'o', '# ']),
  JSON.stringify([13.5, 'r', '120x40']), // after a 10 s pause
  JSON.stringify([14.0, 'o', 'uptime\r\n']),
  JSON.stringify([63.0, 'm', 'anna left']),
].join('\n');

const RECORDING: RecordingView = {
  id: 'r1',
  kind: 'serial',
  networkId: 'n1',
  networkName: 'family',
  machine: 'web',
  sessionId: 's1',
  startedAt: '2026-03-10T14:05:00.000Z',
  endedAt: '2026-03-10T14:06:03.000Z',
  durationSeconds: 63,
  bytes: 2048,
  width: 80,
  height: 24,
  title: 'family/web serial console',
  startedBy: 'u1',
  startedByName: 'nadia',
  participants: [
    { userId: 'u1', username: 'nadia', joinedAt: '2026-03-10T14:05:00.000Z', leftAt: '2026-03-10T14:06:03.000Z' },
    { userId: 'u2', username: 'anna', joinedAt: '2026-03-10T14:05:03.000Z', leftAt: '2026-03-10T14:06:03.000Z' },
  ],
};

describe('RecordingPlayerPage', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<RecordingPlayerPage>;
  let castText: string;
  const root = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => root().querySelector<T>(`[data-testid="${id}"]`);
  const player = () => {
    const last = FakePlayer.all[FakePlayer.all.length - 1];
    if (!last) throw new Error('no player');
    return last;
  };

  async function open(hostAdmin: boolean, networkId?: string): Promise<void> {
    TestBed.inject(Session).start({ id: 'u1', username: 'nadia', displayName: '', isHostAdmin: hostAdmin, totpEnabled: false }, 'csrf-1');
    fixture = TestBed.createComponent(RecordingPlayerPage);
    fixture.componentRef.setInput('recordingId', 'r1');
    if (networkId) fixture.componentRef.setInput('networkId', networkId);
    await settle();
  }

  async function settle(): Promise<void> {
    await flush();
    fixture.detectChanges();
    await fixture.whenStable();
  }

  beforeEach(() => {
    FakePlayer.all = [];
    castText = CAST;
    fake = new FakeApi()
      .on('GET', '/api/host/recordings/r1', { body: RECORDING })
      .on('GET', '/api/networks/n1/recordings/r1', { body: RECORDING })
      .on('GET', '/api/consoles/recordings', { body: { items: [RECORDING], total: 1 } });
    const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const request = input instanceof Request ? input : new Request(input, init);
      if (new URL(request.url).pathname.endsWith('/cast')) {
        fake.requests.push({ method: 'GET', path: new URL(request.url).pathname, search: '', headers: request.headers, body: undefined });
        return new Response(castText, { status: 200, headers: { 'content-type': 'application/x-asciicast' } });
      }
      return fake.fetch(request);
    };
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: FETCH, useValue: fetch },
        {
          provide: ASCIINEMA_PLAYER,
          useValue: () =>
            Promise.resolve({
              create: (src: ConstructorParameters<typeof FakePlayer>[0], el: HTMLElement, opts: Options) =>
                new FakePlayer(src, el, opts) as unknown as Player,
            }),
        },
      ],
    });
  });

  afterEach(() => {
    fixture?.destroy();
    vi.useRealTimers();
  });

  it('shows who, when and what, and reads a host admin’s recording through the host routes', async () => {
    await open(true);
    expect(fake.last('GET', '/api/host/recordings/r1')).toBeDefined();
    expect(fake.last('GET', '/api/host/recordings/r1/cast')).toBeDefined();
    const meta = byTestId('recording-meta')?.textContent ?? '';
    expect(meta).toContain('serial console');
    expect(meta).toContain('family / web');
    expect(meta).toContain('nadia');
    expect(meta).toContain('anna');
    expect(meta).toContain('1:03');
    expect(byTestId<HTMLAnchorElement>('player-download')?.getAttribute('href')).toBe('/api/host/recordings/r1/cast');
    expect(byTestId<HTMLAnchorElement>('player-download')?.getAttribute('download')).toBe('web-2026-03-10-1405.cast');
    expect(player().recording).toMatchObject({ cols: 80, rows: 24 });
    expect(player().opts).toMatchObject({ controls: false, fit: 'width', autoPlay: false });
    expect(player().el).toBe(byTestId('player-screen'));
  });

  it('reads a member’s recording through its network', async () => {
    await open(false, 'n1');
    expect(fake.last('GET', '/api/host/recordings/r1')).toBeUndefined();
    expect(fake.last('GET', '/api/networks/n1/recordings/r1/cast')).toBeDefined();
    expect(byTestId<HTMLAnchorElement>('player-download')?.getAttribute('href')).toBe('/api/networks/n1/recordings/r1/cast');
  });

  it('finds the network from the list when the link did not carry it', async () => {
    await open(false);
    expect(fake.last('GET', '/api/networks/n1/recordings/r1')).toBeDefined();
  });

  it('plays the output at its times, pauses long idle stretches at 2 s, and the button says Pause while playing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    await openWithFakeTimers(true);
    const play = byTestId('player-play');
    expect(play?.getAttribute('aria-label')).toBe('Play');
    expect(byTestId('player-time')?.textContent).toBe('0:00 / 0:08'); // 0.5 + 0.5 + 2 + 0.5 + 2 + 0.5 + 2
    // The player gets the output and resizes at their recorded times, and caps pauses at 2 s itself.
    expect(player().opts.idleTimeLimit).toBe(2);
    expect([...player().recording.events].map(([t, code]) => `${t}${code}`)).toEqual(['0.5o', '1o', '3m', '3.5o', '13.5r', '14o', '63m']);
    play?.click();
    fixture.detectChanges();
    expect(byTestId('player-play')?.getAttribute('aria-label')).toBe('Pause');
    expect(byTestId('player-play')?.textContent?.trim()).toBe('Pause');
    expect(player().calls).toEqual(['play']);
    // The time display follows the player while it plays.
    player().time = 4.2;
    await vi.advanceTimersByTimeAsync(300);
    fixture.detectChanges();
    expect(byTestId('player-time')?.textContent).toBe('0:04 / 0:08');
    player().emit('ended');
    fixture.detectChanges();
    expect(byTestId('player-play')?.getAttribute('aria-label')).toBe('Play');
    expect(byTestId('player-time')?.textContent).toBe('0:08 / 0:08');
  });

  it('seeks with the bar, back and forward', async () => {
    await open(true);
    const bar = byTestId<HTMLInputElement>('player-progress');
    if (!bar) throw new Error('no progress bar');
    bar.value = '4';
    bar.dispatchEvent(new Event('input'));
    fixture.detectChanges();
    expect(byTestId('player-time')?.textContent).toBe('0:04 / 0:08');
    bar.value = '0.7';
    bar.dispatchEvent(new Event('input'));
    fixture.detectChanges();
    expect(player().calls).toEqual(['seek 4', 'seek 0.7']);
    expect(byTestId('player-time')?.textContent).toBe('0:00 / 0:08');
  });

  it('skips to the end, showing everything', async () => {
    await open(true);
    byTestId('player-end')?.click();
    fixture.detectChanges();
    expect(player().calls).toEqual(['pause', 'seek 8']);
    expect(byTestId('player-time')?.textContent).toBe('0:08 / 0:08');
  });

  it('lists the markers with their times; clicking one seeks there', async () => {
    await open(true);
    const markers = Array.from(root().querySelectorAll<HTMLElement>('[data-testid="player-marker"]'));
    expect(markers.map((m) => m.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['0:03 anna joined', '0:08 anna left']);
    expect(player().opts.markers).toEqual([
      [3, 'anna joined'],
      [8, 'anna left'],
    ]);
    markers[0].click();
    fixture.detectChanges();
    expect(player().calls).toEqual(['seek 3']);
    expect(byTestId('player-time')?.textContent).toBe('0:03 / 0:08');
  });

  it('plays pauses as recorded when asked, keeping its place', async () => {
    await open(true);
    byTestId('player-marker')?.click(); // 3.0 s
    const idle = byTestId<HTMLSelectElement>('player-idle');
    if (!idle) throw new Error('no idle select');
    idle.value = 'none';
    idle.dispatchEvent(new Event('change'));
    fixture.detectChanges();
    await settle();
    expect(byTestId('player-time')?.textContent).toBe('0:03 / 1:03');
    // A new player, without the cap, at the same moment of the recording.
    expect(FakePlayer.all).toHaveLength(2);
    expect(FakePlayer.all[0].disposed).toBe(true);
    expect(player().opts.startAt).toBe(3);
    expect(player().opts.idleTimeLimit).toBeUndefined();
  });

  it('toggles play with the space bar, and offers the speeds', async () => {
    await open(true);
    const speeds = Array.from(byTestId<HTMLSelectElement>('player-speed')?.options ?? []).map((o) => o.value);
    expect(speeds).toEqual(['0.5', '1', '2', '4', '8']);
    const speed = byTestId<HTMLSelectElement>('player-speed');
    if (!speed) throw new Error('no speed select');
    speed.value = '8';
    speed.dispatchEvent(new Event('change'));
    await settle();
    expect(player().opts.speed).toBe(8);
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    fixture.detectChanges();
    expect(byTestId('player-play')?.getAttribute('aria-label')).toBe('Pause');
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    fixture.detectChanges();
    expect(byTestId('player-play')?.getAttribute('aria-label')).toBe('Play');
  });

  it('shows an unreadable file and an API refusal in words', async () => {
    castText = 'not a cast';
    await open(true);
    expect(byTestId('error-message')?.textContent).toContain('The recording file could not be read');
    fixture.destroy();

    fake.on('GET', '/api/networks/n1/recordings/r1', {
      status: 404,
      body: { code: 'NOT_FOUND', message: 'Recording not found.', correlationId: 'c' },
    });
    await open(false, 'n1');
    expect(byTestId('error-message')?.textContent).toContain('Recording not found.');
  });

  /** Like open(), for tests that fake the clock: lets the promise chains run with it. */
  async function openWithFakeTimers(hostAdmin: boolean): Promise<void> {
    TestBed.inject(Session).start({ id: 'u1', username: 'nadia', displayName: '', isHostAdmin: hostAdmin, totpEnabled: false }, 'csrf-1');
    fixture = TestBed.createComponent(RecordingPlayerPage);
    fixture.componentRef.setInput('recordingId', 'r1');
    for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(0);
    fixture.detectChanges();
    await vi.advanceTimersByTimeAsync(0);
    fixture.detectChanges();
  }
});
