import type uPlot from 'uplot';

/** What a chart handed to uPlot. */
export interface DrawnPlot {
  options: uPlot.Options;
  data: uPlot.AlignedData;
  target: HTMLElement;
}

/**
 * A stand-in for uPlot that records what it is asked to draw instead of
 * drawing on a canvas (jsdom has none). Provide it with
 * `{ provide: UPLOT_LOADER, useValue: fake.loader }`.
 */
export function fakeUPlot(): { drawn: DrawnPlot[]; loader: () => Promise<typeof uPlot> } {
  const drawn: DrawnPlot[] = [];
  class FakeUPlot {
    constructor(options: uPlot.Options, data: uPlot.AlignedData, target: HTMLElement) {
      drawn.push({ options, data, target });
    }
    readonly calls: string[] = [];
    setSize(): void {
      this.calls.push('setSize');
    }
    setCursor(): void {
      this.calls.push('setCursor');
    }
    redraw(): void {
      this.calls.push('redraw');
    }
    destroy(): void {
      this.calls.push('destroy');
    }
    valToPos(value: number): number {
      return value;
    }
  }
  return { drawn, loader: () => Promise.resolve(FakeUPlot as unknown as typeof uPlot) };
}
