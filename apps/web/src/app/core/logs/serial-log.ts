import { AnsiStripper, stripAnsi } from './ansi';

/**
 * A VM's serial output as a log view holds it: plain text (escape sequences
 * stripped) for the absolute byte range [from, to) of the scrollback, grown
 * at the end by follow events and at the front by "Load earlier", with a
 * line where each boot began. Pure; the tab renders `text`.
 */

export interface BootMark {
  offset: number;
  at: string;
}

/** One answer of GET …/console/log. */
export interface SerialPage {
  text: string;
  from: number;
  to: number;
  start: number;
  end: number;
  more: boolean;
  boots: BootMark[];
}

/** How much text a view keeps while following: older lines go first. */
export const SERIAL_TEXT_CAP = 4 * 1024 * 1024;

const BOOT_LINE_START = '──── boot of ';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The part of `text` (UTF-8, starting at byte `base`) between the absolute byte offsets [from, to). */
export function sliceBytes(text: string, base: number, from: number, to: number = Number.POSITIVE_INFINITY): string {
  const bytes = encoder.encode(text);
  const a = Math.max(0, Math.min(bytes.length, from - base));
  const b = Math.max(a, Math.min(bytes.length, to - base));
  if (a === 0 && b === bytes.length) return text;
  return decoder.decode(bytes.subarray(a, b));
}

/** "── boot of 2026-03-10 14:05:12 ──" (local time). */
export function bootLine(boot: BootMark): string {
  const at = new Date(boot.at);
  const when = Number.isFinite(at.getTime())
    ? `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`
    : boot.at;
  return `${BOOT_LINE_START}${when} ────`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Raw text starting at byte `from` with a boot line put in where each boot
 * that begins in [from, from + its bytes) starts. Segments added to a view are
 * contiguous and disjoint, so every boot gets its line exactly once.
 */
export function withBootLines(text: string, from: number, boots: readonly BootMark[]): string {
  const bytes = encoder.encode(text);
  const to = from + bytes.length;
  const inside = boots.filter((b) => b.offset >= from && b.offset < to);
  if (!inside.length) return text;
  let out = '';
  let cursor = from;
  for (const boot of inside) {
    out += decoder.decode(bytes.subarray(cursor - from, boot.offset - from));
    const newline = out === '' || out.endsWith('\n') ? '' : '\n';
    out += `${newline}${bootLine(boot)}\n`;
    cursor = boot.offset;
  }
  return out + decoder.decode(bytes.subarray(cursor - from));
}

export class SerialLogBuffer {
  /** Offset of the first byte shown (null once the front was trimmed away). */
  from = 0;
  /** Offset after the last byte shown: where following resumes. */
  to = 0;
  /** Oldest offset the panel still keeps. */
  start = 0;
  boots: BootMark[] = [];
  /** Whether older lines were dropped from the view to keep it small. */
  trimmed = false;
  private committed = '';
  private tail = new AnsiStripper();

  constructor(private readonly cap = SERIAL_TEXT_CAP) {}

  /** The text to show. */
  get text(): string {
    return this.committed + this.tail.peek();
  }

  /** Whether there is older output to load in front of what is shown. */
  get hasEarlier(): boolean {
    return !this.trimmed && this.start < this.from;
  }

  /** Starts over with one page. */
  reset(page: SerialPage): void {
    this.from = page.from;
    this.to = page.from;
    this.start = page.start;
    this.boots = page.boots;
    this.trimmed = false;
    this.committed = '';
    this.tail = new AnsiStripper();
    this.appendPage(page);
  }

  /** A page that continues the view (catching up); the part already shown is skipped. */
  appendPage(page: SerialPage): void {
    this.start = page.start;
    if (page.boots.length) this.boots = page.boots;
    const begin = Math.max(this.to, page.from);
    if (page.to <= begin) return;
    this.push(withBootLines(sliceBytes(page.text, page.from, begin), begin, this.boots), page.to);
  }

  /** A follow event. Output the view already has is skipped; a gap (the ring wrapped past us) is said so. */
  appendChunk(chunk: { from: number; to: number; text: string }): void {
    if (chunk.to <= this.to) return;
    const begin = Math.max(this.to, chunk.from);
    let text = withBootLines(sliceBytes(chunk.text, chunk.from, begin), begin, this.boots);
    if (chunk.from > this.to) text = `\n[… ${chunk.from - this.to} bytes of output were no longer kept …]\n${text}`;
    this.push(text, chunk.to);
  }

  /** An earlier page ("Load earlier"): the part before what is shown goes in front. */
  prependPage(page: SerialPage): void {
    this.start = page.start;
    if (page.boots.length) this.boots = page.boots;
    if (this.trimmed || page.from >= this.from) return;
    const raw = sliceBytes(page.text, page.from, page.from, this.from);
    const earlier = stripAnsi(withBootLines(raw, page.from, this.boots));
    // The earlier part ends where the shown text begins, mid-line or not; a boot line keeps a line of its own.
    const joiner = earlier !== '' && !earlier.endsWith('\n') && this.committed.startsWith(BOOT_LINE_START) ? '\n' : '';
    this.committed = earlier + joiner + this.committed;
    this.from = page.from;
  }

  private push(raw: string, to: number): void {
    this.committed += this.tail.push(raw);
    this.to = to;
    if (this.committed.length > this.cap) {
      const cut = this.committed.indexOf('\n', this.committed.length - Math.floor(this.cap * 0.75));
      this.committed = this.committed.slice(cut + 1);
      this.trimmed = true;
    }
  }
}
