import { Injectable } from '@nestjs/common';
import { type JobContext, sleepUnlessCancelled } from '../services/queue/job-context';
import { JobHandler } from '../services/queue/job-handler.decorator';
import { JobName } from '../services/queue/queue.catalogue';
import { type ComponentCheck, cpuBusyPercent, formatBytes, HostProbes, type HostSample } from './host-probes';

export const DEFAULT_SAMPLE_SECONDS = 5;

/**
 * `host.diagnostics`: checks every component the panel depends on, then
 * samples host load once a second. Read-only; honours cancel between steps.
 */
@Injectable()
export class HostDiagnosticsJob {
  constructor(private readonly probes: HostProbes) {}

  @JobHandler(JobName.HostDiagnostics)
  async run(ctx: JobContext<JobName.HostDiagnostics>): Promise<Record<string, unknown>> {
    const sampleSeconds = ctx.payload.sampleSeconds ?? DEFAULT_SAMPLE_SECONDS;
    const checks: [string, () => Promise<ComponentCheck>][] = [
      ['database', () => this.probes.database()],
      ['redis', () => this.probes.redisCheck()],
      ['libvirt', () => this.probes.libvirt()],
      ['nix', () => this.probes.nix()],
      ['disk', () => this.probes.disk()],
    ];
    const steps = checks.length + sampleSeconds;
    let done = 0;
    const components: Record<string, ComponentCheck> = {};

    for (const [name, check] of checks) {
      ctx.throwIfCancelled();
      await ctx.progress((done / steps) * 100, `Checking ${name}`);
      const r = await check();
      components[name] = r;
      await ctx.log(r.status === 'ok' ? 'info' : 'warn', `${name}: ${r.status} — ${r.detail} (${r.ms} ms)`);
      done++;
    }

    await ctx.log('info', `Sampling host load for ${sampleSeconds} s…`);
    const samples: HostSample[] = [];
    let cpu = await this.probes.cpuTimes();
    for (let i = 1; i <= sampleSeconds; i++) {
      await sleepUnlessCancelled(1000, ctx.signal);
      const next = await this.probes.cpuTimes();
      const s = this.probes.sample(cpuBusyPercent(cpu, next));
      cpu = next;
      samples.push(s);
      const busy = s.cpuBusyPercent === null ? 'n/a' : `${s.cpuBusyPercent} %`;
      await ctx.log(
        'info',
        `sample ${i}/${sampleSeconds}: load ${s.load1.toFixed(2)}, CPU busy ${busy}, memory free ${formatBytes(s.memFreeBytes)} of ${formatBytes(s.memTotalBytes)}`,
      );
      done++;
      await ctx.progress((done / steps) * 100, `Sampling host load (${i}/${sampleSeconds})`);
    }

    const busyValues = samples.map((s) => s.cpuBusyPercent).filter((v): v is number => v !== null);
    const problems = Object.entries(components)
      .filter(([, c]) => c.status === 'down')
      .map(([n]) => n);
    return {
      healthy: problems.length === 0,
      problems,
      components,
      samples,
      summary: {
        cpuBusyPercentAvg: busyValues.length ? Math.round((busyValues.reduce((a, b) => a + b, 0) / busyValues.length) * 10) / 10 : null,
        load1Max: samples.length ? Math.max(...samples.map((s) => s.load1)) : null,
        memFreeBytesMin: samples.length ? Math.min(...samples.map((s) => s.memFreeBytes)) : null,
      },
    };
  }
}
