import { UsageError } from '../lib/errors';
import { painter } from '../lib/format';
import type { HostVm, VmSummary } from '../lib/api';
import { freshVmSummary } from '../testing/vm-fixtures';
import { checkDeployRevision, deployTaskOf, formatUptime, generationsCell, parseTail, renderHostVms, renderVmStatus } from './vm';

const plain = painter(false);
const NOW = new Date('2025-11-23T12:00:00Z');

describe('parseTail', () => {
  it('takes a number of bytes from 1 to 1 MiB', () => {
    expect(parseTail(undefined)).toBeUndefined();
    expect(parseTail('1')).toBe(1);
    expect(parseTail('4096')).toBe(4096);
    expect(parseTail('1048576')).toBe(1048576);
  });

  it.each(['0', '-5', '1.5', '1e3', 'lots', '', '1048577'])('refuses %j as a usage error', (value) => {
    expect(() => parseTail(value)).toThrow(UsageError);
    expect(() => parseTail(value)).toThrow(`--tail: "${value}" must be a number of bytes from 1 to 1048576`);
  });
});

describe('checkDeployRevision', () => {
  it('passes commit ids, HEAD and HEAD~n', () => {
    expect(checkDeployRevision(undefined)).toBeUndefined();
    expect(checkDeployRevision('5b6e8a2')).toBe('5b6e8a2');
    expect(checkDeployRevision('5B6E8A2C1F0E9D8C7B6A5F4E3D2C1B0A9F8E7D6C')).toBe('5B6E8A2C1F0E9D8C7B6A5F4E3D2C1B0A9F8E7D6C');
    expect(checkDeployRevision('HEAD~2')).toBe('HEAD~2');
    expect(checkDeployRevision('head')).toBe('head');
  });

  it.each(['main', '5b6e8a', 'v1.0', 'HEAD^'])('refuses %j before asking the panel', (value) => {
    expect(() => checkDeployRevision(value)).toThrow(`--revision: "${value}" must be a commit id (7 to 40 hex digits), HEAD or HEAD~n`);
  });
});

describe('formatting a VM', () => {
  const fresh: VmSummary = freshVmSummary();

  it('formats uptime in seconds, minutes, hours and days', () => {
    expect(formatUptime(45)).toBe('45 s');
    expect(formatUptime(185)).toBe('3m 05s');
    expect(formatUptime(7620)).toBe('2h 07m');
    expect(formatUptime(3 * 86_400 + 4 * 3600 + 59)).toBe('3 d 4 h');
  });

  it('shows the three generation numbers, a dash for each missing one', () => {
    expect(generationsCell({ currentGeneration: 3, healthyGeneration: 2, latestGeneration: 4 })).toBe('current 3 · healthy 2 · latest 4');
    expect(generationsCell({ currentGeneration: null, healthyGeneration: null, latestGeneration: 1 })).toBe(
      'current — · healthy — · latest 1',
    );
  });

  it('says when the machine’s host is offline rather than calling the VM stopped', () => {
    const offline = freshVmSummary({ state: 'host-offline', currentGeneration: 2, host: { id: 'h', name: 'garage', state: 'offline' } });
    const lines = renderVmStatus('family/anna', offline, NOW, plain).split('\n');
    expect(lines[1]).toBe("State:        host-offline (host garage stopped sending heartbeats; see the panel's Hosts page)");
    expect(lines[2]).toBe('Host:         garage (offline)');
  });

  it('says how to get a first VM for a fresh machine', () => {
    expect(renderVmStatus('family/anna', fresh, NOW, plain).split('\n')).toEqual([
      'Machine:      family/anna',
      'State:        undefined (no VM on this host; build and boot it with `clanctl deploy family/anna`)',
      'Host:         nuc',
      'Uptime:       —',
      'Generations:  none yet',
      'Health:       unknown',
      'Deployed:     — (not-deployed)',
      'Resources:    1 vCPU · 1024 MiB · 10 GiB',
      'Active task:  none',
    ]);
  });

  it('shows a running VM with its generations, health and the action under way', () => {
    const running: VmSummary = {
      ...fresh,
      domainName: 'clan-1a2b3c4d-11111111-anna',
      state: 'running',
      bootedAt: '2025-11-23T10:00:00Z',
      uptimeSeconds: 7200,
      currentGeneration: 3,
      healthyGeneration: 3,
      latestGeneration: 4,
      health: 'healthy',
      healthAt: '2025-11-23T11:55:00Z',
      deployedRevision: '5b6e8a2c1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c',
      drift: 'behind',
      addresses: ['fd7a::2'],
      activeTask: { id: 't-9', type: 'machine.build', status: 'running', progress: 40, message: '3/7 derivations built' },
    };
    expect(renderVmStatus('family/anna', running, NOW, plain).split('\n')).toEqual([
      'Machine:      family/anna',
      'State:        running',
      'Host:         nuc',
      'Uptime:       2h 00m',
      'Domain:       clan-1a2b3c4d-11111111-anna',
      'Generations:  current 3 · healthy 3 · latest 4',
      'Health:       healthy (checked 5 min ago)',
      'Deployed:     5b6e8a2 (behind)',
      'Resources:    1 vCPU · 1024 MiB · 10 GiB',
      'Addresses:    fd7a::2',
      'Active task:  machine.build running [████░░░░░░]  40% 3/7 derivations built (task t-9)',
    ]);
  });

  it('colours the state on a terminal', () => {
    const out = renderVmStatus('family/anna', { ...fresh, state: 'crashed', latestGeneration: 1 }, NOW, painter(true));
    expect(out).toContain('\u001b[31mcrashed\u001b[0m');
    expect(out).not.toContain('clanctl deploy');
  });

  it("lists the host's VMs with network names and flags unknown domains", () => {
    const vms: HostVm[] = [
      { domainName: 'clan-p-11111111-anna', state: 'running', networkId: fresh.networkId, machine: 'anna', generation: 3, known: true },
      {
        domainName: 'clan-p-22222222-old',
        state: 'shutOff',
        networkId: '22222222-2222-4222-8222-222222222222',
        machine: 'old',
        generation: null,
        known: false,
      },
    ];
    const names = new Map([[fresh.networkId, 'family']]);
    expect(renderHostVms(vms, names, plain).split('\n')).toEqual([
      'DOMAIN                STATE    NETWORK   MACHINE  GEN  KNOWN',
      'clan-p-11111111-anna  running  family    anna       3  yes',
      'clan-p-22222222-old   shutOff  22222222  old        —  no — belongs to no machine',
      '',
      '1 domain named for this panel belongs to no machine it knows; the panel leaves it alone (`virsh undefine` removes it).',
    ]);
    expect(renderHostVms(vms.slice(0, 1), names, plain)).not.toContain('virsh');
    expect(renderHostVms([], names, plain)).toBe('No VMs of this panel on this host.');
  });
});

describe('deployTaskOf', () => {
  it("reads the deployment task from the build task's result", () => {
    expect(deployTaskOf({ result: { generation: 2, deployTaskId: 'd-1' } })).toBe('d-1');
    expect(deployTaskOf({ result: { generation: 2, deployTaskId: null } })).toBeNull();
    expect(deployTaskOf({ result: null })).toBeNull();
  });
});
