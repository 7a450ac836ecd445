import { fakeDeps } from '../testing/fake-deps';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliDeps } from '../app/context';
import { runCli } from '../app/program';
import { ExitCode } from '../lib/exit-codes';
import type { Metrics } from '../lib/api';
import { formatMetric, renderMetrics, sparkline } from './metrics';

const NET = { id: '6e11c14b-dfa5-41d9-a598-132702825977', name: 'family', description: '', myRole: 'owner', memberCount: 1, createdAt: '' };

const answer = (range: Metrics['range'] = 'hour'): Metrics => ({
  range,
  stepSeconds: 10,
  from: '2025-11-23T11:00:00.000Z',
  to: '2025-11-23T12:00:00.000Z',
  series: [
    {
      metric: 'cpu',
      unit: 'percent',
      points: [
        { t: '2025-11-23T11:00:00.000Z', avg: 10, max: 20 },
        { t: '2025-11-23T11:30:00.000Z', avg: 50, max: 95.5 },
        { t: '2025-11-23T11:59:50.000Z', avg: 30, max: 30 },
      ],
    },
    { metric: 'memory', unit: 'bytes', points: [{ t: '2025-11-23T11:59:50.000Z', avg: 1.5 * 1024 ** 3, max: 2 * 1024 ** 3 }] },
    { metric: 'netRx', unit: 'bytesPerSecond', points: [] },
    { metric: 'load', unit: 'load', points: [{ t: '2025-11-23T11:59:50.000Z', avg: 0.4212, max: 1 }] },
  ],
});

describe('metrics rendering', () => {
  it('formats values in their unit', () => {
    expect(formatMetric(12.345, 'percent')).toBe('12.3 %');
    expect(formatMetric(930 * 1024, 'bytes')).toBe('930 KiB');
    expect(formatMetric(1.4 * 1024 ** 3, 'bytes')).toBe('1.4 GiB');
    expect(formatMetric(512, 'bytesPerSecond')).toBe('512 B/s');
    expect(formatMetric(0.4212, 'load')).toBe('0.42');
  });

  it('draws a sparkline over the whole range, scaled to its largest cell, with gaps as spaces', () => {
    const from = '2025-11-23T11:00:00Z';
    const to = '2025-11-23T11:08:00Z';
    const at = (min: number, avg: number) => ({ t: new Date(Date.parse(from) + min * 60_000).toISOString(), avg });
    expect(sparkline([at(0, 0), at(1, 25), at(2, 50), at(3, 100), at(5, 100), at(6, 0), at(7, 50)], from, to, 8)).toBe('▁▃▅█ █▁▅');
    expect(sparkline([at(0, 0), at(1, 0)], from, to, 4)).toBe('▁');
    expect(sparkline([], from, to, 4)).toBe('');
  });

  it('shows latest, average, maximum and trend per metric, and — where there is no data', () => {
    const text = renderMetrics('family/anna', answer());
    const lines = text.split('\n');
    expect(lines[0]).toBe('family/anna · last hour (2025-11-23 11:00:00 UTC → 2025-11-23 12:00:00 UTC, 10 s steps)');
    expect(lines[1]).toMatch(/^METRIC\s+LATEST\s+AVG\s+MAX\s+TREND$/);
    expect(lines[2]).toMatch(/^cpu\s+30\.0 %\s+30\.0 %\s+95\.5 %\s+\S/);
    expect(lines[3]).toMatch(/^memory used\s+1\.5 GiB\s+1\.5 GiB\s+2\.0 GiB/);
    expect(lines[4]).toMatch(/^net in\s+—\s+—\s+—$/);
    expect(lines[5]).toMatch(/^load \(1 min\)\s+0\.42\s+0\.42\s+1\.00/);
    expect(text).not.toContain('No samples');
    const empty = renderMetrics('host', { ...answer(), series: [{ metric: 'cpu', unit: 'percent', points: [] }] });
    expect(empty).toContain('No samples in this range yet');
  });
});

describe('clanctl metrics', () => {
  let dir: string;
  let out: string[];
  let errs: string[];
  let paths: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clanctl-metrics-'));
    out = [];
    errs = [];
    paths = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...argv: string[]) => {
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = input instanceof Request ? input : new Request(input, init);
      const url = new URL(req.url);
      paths.push(url.pathname + url.search);
      const body =
        url.pathname === '/api/networks'
          ? { items: [NET], total: 1 }
          : url.pathname.endsWith('/metrics')
            ? answer((url.searchParams.get('range') ?? 'hour') as Metrics['range'])
            : { code: 'NOT_FOUND', message: 'no', correlationId: 'c' };
      return new Response(JSON.stringify(body), {
        status: body && 'code' in body ? 404 : 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
    const deps: CliDeps = fakeDeps(dir, fetchImpl, out, errs);
    return runCli(['--url', 'http://panel:8080', '--token', 'clan_t', ...argv], deps);
  };

  it('--host asks for the host metrics of the range', async () => {
    expect(await run('metrics', '--host', '--range', 'week')).toBe(ExitCode.Ok);
    expect(paths).toEqual(['/api/host/metrics?range=week']);
    expect(out.join('')).toMatch(/^host · last week/);
  });

  it('<network> and <network>/<machine> resolve the network by name; --json prints the API answer', async () => {
    expect(await run('metrics', 'family')).toBe(ExitCode.Ok);
    expect(paths.map((p) => p.split('?')[0])).toEqual(['/api/networks', `/api/networks/${NET.id}/metrics`]);
    expect(paths[1]).toBe(`/api/networks/${NET.id}/metrics?range=hour`);
    expect(out.join('')).toMatch(/^family \(all machines\) · last hour/);
    out = [];
    paths = [];
    expect(await run('metrics', 'family/anna', '--range', 'day', '--json')).toBe(ExitCode.Ok);
    expect(paths[paths.length - 1]).toBe(`/api/networks/${NET.id}/machines/anna/metrics?range=day`);
    expect(JSON.parse(out.join(''))).toEqual(answer('day'));
  });

  it('refuses a bad range, no target, or both --host and a target, with exit 2', async () => {
    expect(await run('metrics', '--host', '--range', 'decade')).toBe(ExitCode.Usage);
    expect(errs.join('')).toContain('hour, day, week, month, year');
    expect(await run('metrics')).toBe(ExitCode.Usage);
    expect(errs.join('')).toContain('say whose metrics: --host, <network> or <network>/<machine>');
    expect(await run('metrics', '--host', 'family')).toBe(ExitCode.Usage);
    expect(paths).toEqual([]);
  });
});
