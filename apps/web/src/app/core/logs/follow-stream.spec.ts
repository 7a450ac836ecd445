import { FakeEventSource } from '../../../testing/fake-event-source';
import { FollowStream, type FollowState } from './follow-stream';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('FollowStream', () => {
  beforeEach(() => {
    FakeEventSource.opened = [];
  });

  function make(onDrop?: () => Promise<boolean>) {
    let position = 0;
    const data: { n: number }[] = [];
    const states: FollowState[] = [];
    const stream = new FollowStream<{ n: number }>(
      (url) => new FakeEventSource(url),
      {
        url: () => `/stream?from=${position}`,
        event: 'output',
        onData: (d) => {
          data.push(d);
          position = d.n;
        },
        onState: (s) => states.push(s),
        onDrop,
      },
      { baseMs: 10, maxMs: 40 },
    );
    return { stream, data, states };
  }

  it('opens the URL, reports its state and hands over the named events', () => {
    const { stream, data, states } = make();
    stream.start();
    const source = FakeEventSource.opened[0];
    expect(source.url).toBe('/stream?from=0');
    source.open();
    source.emit('output', { n: 5 });
    source.emit('other', { n: 99 });
    source.emit('output', 'not json');
    expect(data).toEqual([{ n: 5 }]);
    expect(states).toEqual(['connecting', 'live']);
    stream.stop();
    expect(source.closed).toBe(true);
    expect(states.at(-1)).toBe('off');
    expect(stream.active).toBe(false);
  });

  it('on an error closes the stream itself and reopens a fresh URL from the newest position after a backoff', async () => {
    vi.useFakeTimers();
    try {
      const onDrop = vi.fn(async () => true);
      const { stream, states } = make(onDrop);
      stream.start();
      const first = FakeEventSource.opened[0];
      first.open();
      first.emit('output', { n: 7 });
      first.fail();
      expect(first.closed).toBe(true); // the browser would otherwise retry the old URL
      await vi.advanceTimersByTimeAsync(0);
      expect(onDrop).toHaveBeenCalledTimes(1);
      expect(states).toContain('retrying');
      expect(FakeEventSource.opened).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(20);
      expect(FakeEventSource.opened).toHaveLength(2);
      expect(FakeEventSource.opened[1].url).toBe('/stream?from=7');
      // Events of the closed stream are ignored.
      first.emit('output', { n: 1 });
      stream.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops for good when onDrop says the refusal is final', async () => {
    const { stream, states } = make(async () => false);
    stream.start();
    FakeEventSource.opened[0].fail();
    await flush();
    expect(stream.active).toBe(false);
    expect(states.at(-1)).toBe('off');
    await new Promise((r) => setTimeout(r, 60));
    expect(FakeEventSource.opened).toHaveLength(1);
  });

  it('opens nothing more once stopped while waiting to reconnect', async () => {
    const { stream } = make(async () => true);
    stream.start();
    FakeEventSource.opened[0].fail();
    await flush();
    stream.stop();
    await new Promise((r) => setTimeout(r, 60));
    expect(FakeEventSource.opened).toHaveLength(1);
  });
});
