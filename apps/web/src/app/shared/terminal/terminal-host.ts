import { InjectionToken } from '@angular/core';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';

/** What TerminalView needs of a terminal emulator; xterm.js in the app, a fake in unit tests. */
export interface TerminalHost {
  readonly cols: number;
  readonly rows: number;
  open(parent: HTMLElement): void;
  write(data: Uint8Array | string): void;
  /** Keyboard input and pastes, as the terminal encodes them. */
  onData(listener: (data: string) => void): void;
  /** Fits the terminal to its element; answers whether the size changed. */
  fit(): boolean;
  getSelection(): string;
  /** Pastes like a user would (bracketed paste when the program asked for it). */
  paste(text: string): void;
  focus(): void;
  setDark(dark: boolean): void;
  setFontSize(px: number): void;
  dispose(): void;
}

export interface TerminalHostOptions {
  dark: boolean;
  fontSize: number;
  fontFamily: string;
}

export const TERMINAL_HOST_FACTORY = new InjectionToken<(options: TerminalHostOptions) => TerminalHost>('TERMINAL_HOST_FACTORY', {
  providedIn: 'root',
  factory: () => (options) => new XtermHost(options),
});

/** Our --log-bg/--text in each theme, and ANSI colours readable on them. */
const DARK: ITheme = {
  background: '#0f1114',
  foreground: '#e3e7ed',
  cursor: '#e3e7ed',
  cursorAccent: '#0f1114',
  selectionBackground: '#24406a',
};

const LIGHT: ITheme = {
  background: '#f7f8fa',
  foreground: '#1c222b',
  cursor: '#1c222b',
  cursorAccent: '#f7f8fa',
  selectionBackground: '#d6e4f9',
  black: '#1c222b',
  red: '#c0312b',
  green: '#1c7a3e',
  yellow: '#9a5b00',
  blue: '#1d63c9',
  magenta: '#7a3fb8',
  cyan: '#1c7a6e',
  white: '#5c6675',
  brightBlack: '#5c6675',
  brightRed: '#d9453e',
  brightGreen: '#23914b',
  brightYellow: '#b36b00',
  brightBlue: '#1753ab',
  brightMagenta: '#8d4fce',
  brightCyan: '#238f80',
  brightWhite: '#1c222b',
};

/** xterm.js with its default DOM renderer (the e2e tests read `.xterm-rows`) and the fit addon. */
export class XtermHost implements TerminalHost {
  private readonly terminal: Terminal;
  private readonly fitAddon = new FitAddon();

  constructor(options: TerminalHostOptions) {
    this.terminal = new Terminal({
      fontFamily: options.fontFamily,
      fontSize: options.fontSize,
      theme: options.dark ? DARK : LIGHT,
      scrollback: 5000,
      cursorBlink: true,
      allowProposedApi: false,
    });
    this.terminal.loadAddon(this.fitAddon);
  }

  get cols(): number {
    return this.terminal.cols;
  }

  get rows(): number {
    return this.terminal.rows;
  }

  open(parent: HTMLElement): void {
    this.terminal.open(parent);
  }

  write(data: Uint8Array | string): void {
    this.terminal.write(data);
  }

  onData(listener: (data: string) => void): void {
    this.terminal.onData(listener);
  }

  fit(): boolean {
    const { cols, rows } = this.terminal;
    try {
      this.fitAddon.fit();
    } catch {
      return false; // not laid out yet (hidden, or zero size)
    }
    return cols !== this.terminal.cols || rows !== this.terminal.rows;
  }

  getSelection(): string {
    return this.terminal.getSelection();
  }

  paste(text: string): void {
    this.terminal.paste(text);
  }

  focus(): void {
    this.terminal.focus();
  }

  setDark(dark: boolean): void {
    this.terminal.options.theme = dark ? DARK : LIGHT;
  }

  setFontSize(px: number): void {
    this.terminal.options.fontSize = px;
  }

  dispose(): void {
    this.terminal.dispose();
  }
}
