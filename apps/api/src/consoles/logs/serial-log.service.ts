import { StringDecoder } from 'node:string_decoder';
import { Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { SerialScrollbackDto } from '../dto/console.dto';
import { readRingView } from '../serial/scrollback-ring';
import { SerialHub } from '../serial/serial-hub.service';

/** One HTTP answer carries at most this much; `more` says there is more to fetch. */
const PAGE_MAX = 1024 * 1024;
const POLL_MS = 500;

export interface SerialLogQuery {
  from?: number;
  tail?: number;
  boot?: 'current' | 'all';
}

/** A follow event: the bytes [from, to) of the serial output, as text. */
export interface SerialLogChunk {
  from: number;
  to: number;
  text: string;
}

/**
 * The serial scrollback read as a log, from the ring file (whichever panel
 * process writes it): pages by absolute offset or from the end, and a
 * follow stream that polls the ring.
 */
@Injectable()
export class SerialLogService {
  constructor(private readonly hub: SerialHub) {}

  async page(networkId: string, machine: string, q: SerialLogQuery): Promise<SerialScrollbackDto> {
    const view = await readRingView(this.hub.ringDir(networkId, machine));
    if (!view) return { text: '', from: 0, to: 0, start: 0, end: 0, more: false, boots: [] };
    const bootStart = q.boot === 'all' ? view.start : Math.max(view.start, view.boots.at(-1)?.offset ?? view.start);
    let from = q.from ?? (q.tail !== undefined ? Math.max(bootStart, view.end - q.tail) : bootStart);
    from = Math.min(Math.max(from, view.start), view.end);
    const to = Math.min(view.end, from + PAGE_MAX);
    const r = await view.read(from, to);
    return {
      text: r.data.toString('utf8'),
      from: r.from,
      to: r.from + r.data.length,
      start: view.start,
      end: view.end,
      more: to < view.end,
      boots: view.boots.map((b) => ({ offset: b.offset, at: b.at })),
    };
  }

  /** New output from `from` (default: the current end) as it arrives. */
  follow(networkId: string, machine: string, from: number | undefined): Observable<SerialLogChunk> {
    const dir = this.hub.ringDir(networkId, machine);
    return new Observable<SerialLogChunk>((sub) => {
      const decoder = new StringDecoder('utf8');
      let position = from ?? -1;
      let busy = false;
      const poll = async () => {
        if (busy) return;
        busy = true;
        try {
          const view = await readRingView(dir);
          if (!view) return;
          if (position < 0) position = view.end;
          if (view.end <= position) return;
          const r = await view.read(position, Math.min(view.end, Math.max(position, view.start) + PAGE_MAX));
          if (!r.data.length) return;
          const text = decoder.write(r.data);
          sub.next({ from: r.from, to: r.from + r.data.length, text });
          position = r.from + r.data.length;
        } catch (err) {
          sub.error(err);
        } finally {
          busy = false;
        }
      };
      void poll();
      const timer = setInterval(() => void poll(), POLL_MS);
      return () => clearInterval(timer);
    });
  }
}
