import { InjectionToken } from '@angular/core';
import { Terminal } from '@xterm/xterm';
import type { ScreenOp, Size } from './player-timeline';

/** What the player draws on: an xterm.js terminal in the browser, a fake in unit tests. */
export interface PlayerScreen {
  /** Runs the operations in order, after anything still queued. */
  apply(ops: readonly ScreenOp[]): void;
  /** Clears the screen and scrollback and sets the size, in order with the writes before it. */
  reset(size: Size): void;
  /** The terminal's element, to scale it to the page. */
  readonly element: HTMLElement | null;
  dispose(): void;
}

export type PlayerScreenFactory = (host: HTMLElement, size: Size) => PlayerScreen;

const FONT = "ui-monospace, SFMono-Regular, 'SF Mono', Menlo, Consolas, 'Liberation Mono', monospace";

/**
 * xterm.js with its default DOM renderer (the rows are plain elements, which
 * screen readers and the end-to-end tests read). Writes are asynchronous in
 * xterm, so a resize is queued as the callback of an empty write and a reset
 * is the RIS sequence (ESC c): both land between the right pieces of output.
 */
export function xtermScreen(host: HTMLElement, size: Size): PlayerScreen {
  const term = new Terminal({
    cols: size.cols,
    rows: size.rows,
    disableStdin: true,
    cursorBlink: false,
    scrollback: 5000,
    fontFamily: FONT,
    fontSize: 13,
    screenReaderMode: false,
  });
  term.open(host);
  const resize = (cols: number, rows: number) => term.write('', () => term.resize(cols, rows));
  return {
    apply(ops) {
      for (const op of ops) {
        if (op.op === 'write') term.write(op.data);
        else resize(op.cols, op.rows);
      }
    },
    reset(next) {
      term.write('\x1bc');
      resize(next.cols, next.rows);
    },
    get element() {
      return term.element ?? null;
    },
    dispose() {
      term.dispose();
    },
  };
}

export const PLAYER_SCREEN = new InjectionToken<PlayerScreenFactory>('PLAYER_SCREEN', {
  providedIn: 'root',
  factory: () => xtermScreen,
});
