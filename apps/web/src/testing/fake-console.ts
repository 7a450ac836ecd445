import type { ConsoleServerMessage } from '@clan/contracts';
import type { ConsoleSocketLike } from '../app/core/consoles/console-connection';
import type { TerminalHost } from '../app/shared/terminal/terminal-host';

/**
 * A console WebSocket for page tests: records every instance (the URL holds
 * the ticket and `since`), opens with a server message, closes with a code.
 * What is sent is console-connection.spec.ts's business.
 */
export class FakeConsoleSocket implements ConsoleSocketLike {
  static instances: FakeConsoleSocket[] = [];
  binaryType: BinaryType = 'blob';
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closedWith: number | undefined;
  constructor(readonly url: string) {
    FakeConsoleSocket.instances.push(this);
  }
  send(): void {
    // not inspected in page tests
  }
  close(code?: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  opens(message: ConsoleServerMessage): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }
  sends(message: ConsoleServerMessage): void {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }
  closes(code: number, reason: string): void {
    this.readyState = 3;
    this.onclose?.({ code, reason } as CloseEvent);
  }
}

/** A terminal that draws nothing: output is checked in terminal-view.spec.ts. */
export class QuietTerminal implements TerminalHost {
  cols = 80;
  rows = 24;
  open(): void {
    // nothing to draw on
  }
  write(): void {
    // output is checked in terminal-view.spec.ts
  }
  onData(): void {
    // no typing here
  }
  fit(): boolean {
    return false;
  }
  getSelection(): string {
    return '';
  }
  paste(): void {
    // no pasting here
  }
  focus(): void {
    // nothing to focus
  }
  setDark(): void {
    // no theme here
  }
  setFontSize(): void {
    // no font here
  }
  dispose(): void {
    // nothing to free
  }
}
