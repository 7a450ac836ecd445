import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { MetricsResponse } from '@clan/contracts';
import { flush } from '../../../testing/fake-api';
import { type DrawnPlot, fakeUPlot } from '../../../testing/fake-uplot';
import { LineChart, UPLOT_LOADER } from './line-chart';
import { VM_CHARTS, chartSeries } from './metrics-panel';

const MIB = 1024 ** 2;
const from = Date.parse('2026-03-10T10:00:00Z');

describe('LineChart', () => {
  let fixture: ComponentFixture<LineChart>;
  const el = () => fixture.nativeElement as HTMLElement;
  let drawn: DrawnPlot[];

  beforeEach(() => {
    const fake = fakeUPlot();
    drawn = fake.drawn;
    TestBed.configureTestingModule({ providers: [{ provide: UPLOT_LOADER, useValue: fake.loader }] });
  });

  async function render(inputs: Record<string, unknown>): Promise<void> {
    fixture = TestBed.createComponent(LineChart);
    fixture.componentRef.setInput('heading', 'Disk I/O');
    fixture.componentRef.setInput('unit', 'bytesPerSecond');
    fixture.componentRef.setInput('from', from);
    fixture.componentRef.setInput('to', from + 3600_000);
    fixture.componentRef.setInput('stepSeconds', 10);
    for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
    await flush();
    await fixture.whenStable();
  }

  it('shows the empty state instead of an empty plot', async () => {
    await render({ series: [{ key: 'diskRead', label: 'read', points: [] }], emptyText: 'No data for this period yet.' });
    expect(el().querySelector('[data-testid="chart-empty"]')?.textContent).toContain('No data for this period yet.');
    expect(el().querySelector('[data-testid="chart-plot"]')).toBeNull();
    expect(drawn).toEqual([]);
  });

  it('draws an average line and a max band per series, with axis labels in the unit', async () => {
    const points = [0, 10, 20].map((s, i) => ({ t: from + s * 1000, avg: (i + 1) * MIB, max: (i + 2) * MIB }));
    await render({ series: [{ key: 'diskRead', label: 'read', points }] });
    const { options, data, target } = drawn[drawn.length - 1];
    expect(target).toBe(el().querySelector('[data-testid="chart-plot"]'));
    // x, then the read average (a line) and its maxima (the band's top edge, no line of its own)
    expect(options.series.map((s) => s.label ?? null)).toEqual([null, 'read', 'read max']);
    expect(options.bands).toEqual([expect.objectContaining({ series: [2, 1] })]);
    expect(data.slice(1)).toEqual([
      [1 * MIB, 2 * MIB, 3 * MIB, null],
      [2 * MIB, 3 * MIB, 4 * MIB, null],
    ]);
    const yAxis = options.axes?.[1];
    const splits = (yAxis?.splits as () => number[])();
    const labels = (yAxis?.values as (u: unknown, s: number[]) => string[])(null, splits);
    expect(labels).toContain('0 B/s');
    expect(labels).toContain('4 MiB/s');
    expect(el().querySelector('.chart-legend')?.textContent).toContain('3 MiB/s'); // the latest average
    expect(el().querySelector('[data-testid="chart-plot"]')?.getAttribute('aria-label')).toContain('read: average 2 MiB/s, peak 4 MiB/s');
  });

  it('reads values with the keyboard: a tooltip with the time, the average and the maximum', async () => {
    const points = [0, 10].map((s, i) => ({ t: from + s * 1000, avg: (i + 1) * MIB, max: 5 * MIB }));
    await render({ series: [{ key: 'diskRead', label: 'read', points }] });
    const svg = el().querySelector('[data-testid="chart-plot"]') as HTMLElement;
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'End' }));
    await fixture.whenStable();
    const tip = el().querySelector('[data-testid="chart-tooltip"]');
    expect(tip?.textContent).toContain('read: 2 MiB/s');
    expect(tip?.textContent).toContain('max 5 MiB/s');
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft' }));
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="chart-tooltip"]')?.textContent).toContain('read: 1 MiB/s');
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="chart-tooltip"]')).toBeNull();
  });
});

describe('chartSeries', () => {
  it('picks a chart’s metrics out of a metrics answer, and leaves missing ones empty', () => {
    const response: MetricsResponse = {
      range: 'hour',
      stepSeconds: 10,
      from: '2026-03-10T10:00:00Z',
      to: '2026-03-10T11:00:00Z',
      series: [{ metric: 'memory', unit: 'bytes', points: [{ t: '2026-03-10T10:00:00Z', avg: 5, max: 7 }] }],
    };
    const memory = VM_CHARTS.find((c) => c.key === 'memory');
    expect(memory && chartSeries(response, memory)).toEqual([
      { key: 'memory', label: 'used', band: undefined, points: [{ t: from, avg: 5, max: 7 }] },
      { key: 'memoryTotal', label: 'total', band: false, points: [] },
    ]);
  });
});
