/**
 * Terminal output as plain text for a log view: escape sequences (colours,
 * cursor moves, window titles) dropped, line endings normalised, a carriage
 * return that redraws a line (progress bars) keeps only what was drawn last.
 *
 * Text arrives in chunks (server-sent events, pages), and a chunk may end in
 * the middle of an escape sequence or between "\r" and "\n": AnsiStripper
 * holds such a tail back until the next chunk completes it.
 */

const ESC = '\x1b';

/** How far a sequence may run before it is given up as garbage (an OSC without its terminator, say). */
const MAX_SEQUENCE = 4096;

type Scan = { end: number } | 'incomplete';

/** Where the escape sequence starting at `i` (an ESC) ends, exclusive; 'incomplete' when the text stops first. */
function scanEscape(text: string, i: number): Scan {
  const next = text[i + 1];
  if (next === undefined) return 'incomplete';
  if (next === '[') {
    // CSI: parameters and intermediates, then a final byte in @..~.
    for (let j = i + 2; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c >= 0x40 && c <= 0x7e) return { end: j + 1 };
      // Anything but a parameter or intermediate byte: a broken sequence, dropped up to here.
      if (c < 0x20 || c > 0x3f || j - i > MAX_SEQUENCE) return { end: j };
    }
    return 'incomplete';
  }
  if (next === ']' || next === 'P' || next === '_' || next === '^' || next === 'X') {
    // OSC / DCS / APC / PM / SOS: up to BEL (OSC) or ST (ESC \).
    for (let j = i + 2; j < text.length; j++) {
      if (text[j] === '\x07') return { end: j + 1 };
      if (text[j] === ESC) {
        if (j + 1 >= text.length) return 'incomplete';
        if (text[j + 1] === '\\') return { end: j + 2 };
      }
      if (j - i > MAX_SEQUENCE) return { end: j };
    }
    return 'incomplete';
  }
  if (next === '(' || next === ')' || next === '*' || next === '+' || next === '#' || next === '%') {
    // Character set designation and similar: one more byte.
    return i + 2 < text.length ? { end: i + 3 } : 'incomplete';
  }
  // Two-byte sequences: ESC 7, ESC 8, ESC =, ESC >, ESC M, ESC c…
  return { end: i + 2 };
}

/** Applies carriage returns and backspaces within one line (no "\n" in it). */
function drawLine(line: string): string {
  let cells: string[] = [];
  let cursor = 0;
  for (const ch of line) {
    if (ch === '\r') {
      cursor = 0;
    } else if (ch === '\b') {
      cursor = Math.max(0, cursor - 1);
    } else {
      cells[cursor] = ch;
      cursor++;
    }
  }
  cells = Array.from(cells, (c) => c ?? ' ');
  return cells.join('');
}

/** C0 controls that mean nothing in a log (bell, shift in/out, NUL…); tab, newline, CR and backspace are handled. */
// eslint-disable-next-line no-control-regex
const DROPPED_CONTROLS = /[\x00-\x07\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/g;

/** Escape sequences and stray controls removed; "\r" and "\b" left for drawLine. */
function removeSequences(text: string): { text: string; rest: string } {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const esc = text.indexOf(ESC, i);
    if (esc < 0) {
      out += text.slice(i);
      i = text.length;
      break;
    }
    out += text.slice(i, esc);
    const scan = scanEscape(text, esc);
    if (scan === 'incomplete') {
      return { text: out.replace(DROPPED_CONTROLS, ''), rest: text.slice(esc) };
    }
    i = scan.end;
  }
  return { text: out.replace(DROPPED_CONTROLS, ''), rest: '' };
}

/** Plain text of a complete piece of terminal output. */
export function stripAnsi(text: string): string {
  const stripper = new AnsiStripper();
  return stripper.push(text) + stripper.flush();
}

/**
 * Streams terminal output into plain text. push() returns the complete lines
 * (each ending in "\n") and holds back the unfinished last line, so a line
 * redrawn with "\r" across two chunks comes out once, as last drawn.
 */
export class AnsiStripper {
  private pending = '';

  /** Plain text for the complete lines so far. */
  push(chunk: string): string {
    const { text, rest } = removeSequences(this.pending + chunk);
    const lastNewline = text.lastIndexOf('\n');
    if (lastNewline < 0) {
      this.pending = text + rest;
      return '';
    }
    this.pending = text.slice(lastNewline + 1) + rest;
    return text
      .slice(0, lastNewline)
      .split('\n')
      .map((line) => drawLine(line.endsWith('\r') ? line.slice(0, -1) : line))
      .map((line) => `${line}\n`)
      .join('');
  }

  /** The unfinished last line as it looks now (it stays pending: later chunks may still change it). */
  peek(): string {
    const { text } = removeSequences(this.pending);
    return drawLine(text.endsWith('\r') ? text.slice(0, -1) : text);
  }

  /** Everything still held, as text; the stripper starts afresh. */
  flush(): string {
    const last = this.peek();
    this.pending = '';
    return last;
  }
}
