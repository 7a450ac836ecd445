import { UsageError } from '../lib/errors';
import { painter } from '../lib/format';
import type { Generation } from '../lib/api';
import { formatBytes, inUseCell, parseGenerationNumber, parseKeep, renderGenerations } from './generation';

const plain = painter(false);
const NOW = new Date('2025-11-23T12:00:00Z');

describe('parsing generation arguments', () => {
  it('takes generation numbers from 1', () => {
    expect(parseGenerationNumber('1')).toBe(1);
    expect(parseGenerationNumber('42')).toBe(42);
  });

  it.each(['0', '-1', '01', '2.5', 'latest', ''])('refuses %j as a generation number', (value) => {
    expect(() => parseGenerationNumber(value)).toThrow(UsageError);
    expect(() => parseGenerationNumber(value)).toThrow(`<number>: "${value}" must be a generation number (1 or more)`);
  });

  it('takes --keep from 1 to 100', () => {
    expect(parseKeep(undefined)).toBeUndefined();
    expect(parseKeep('1')).toBe(1);
    expect(parseKeep('100')).toBe(100);
    for (const bad of ['0', '101', '3.5', 'all', '-2']) {
      expect(() => parseKeep(bad)).toThrow(`--keep: "${bad}" must be a whole number from 1 to 100`);
    }
  });
});

describe('rendering generations', () => {
  const base: Generation = {
    number: 1,
    revision: '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b',
    storePath: '/nix/store/aaaa-nixos-system-anna',
    closureBytes: 851_443_712,
    status: 'healthy',
    current: false,
    lastHealthy: false,
    taskId: null,
    builtAt: '2025-11-22T12:00:00Z',
    bootedAt: '2025-11-22T12:01:00Z',
    healthyAt: '2025-11-22T12:02:00Z',
    rolledBackAt: null,
    note: null,
  };

  it('formats sizes in binary units', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(851_443_712)).toBe('812 MiB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GiB');
  });

  it('marks the current and the last healthy generation', () => {
    expect(inUseCell({ current: true, lastHealthy: true }, plain)).toBe('current, last healthy');
    expect(inUseCell({ current: false, lastHealthy: true }, plain)).toBe('last healthy');
    expect(inUseCell({ current: false, lastHealthy: false }, plain)).toBe('');
  });

  it('lists generations newest first as the panel sends them', () => {
    const items: Generation[] = [
      {
        ...base,
        number: 3,
        revision: '5b6e8a2c1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c',
        status: 'rolled-back',
        builtAt: '2025-11-23T11:00:00Z',
        healthyAt: null,
        closureBytes: null,
        note: 'did not answer its health probe in 120 s',
      },
      { ...base, number: 2, current: true, lastHealthy: true, builtAt: '2025-11-23T10:00:00Z', healthyAt: '2025-11-23T10:05:00Z' },
      { ...base, status: 'collected' },
    ];
    expect(renderGenerations('family/anna', items, NOW, plain).split('\n')).toEqual([
      'GEN  STATUS       IN USE                 REVISION  BUILT    HEALTHY      SIZE  NOTE',
      '  3  rolled-back                         5b6e8a2   1 h ago  —               —  did not answer its health probe in 120 s',
      '  2  healthy      current, last healthy  1a2b3c4   2 h ago  1 h ago   812 MiB',
      '  1  collected                           1a2b3c4   1 d ago  23 h ago  812 MiB',
    ]);
  });

  it('says how to build the first generation', () => {
    expect(renderGenerations('family/anna', [], NOW, plain)).toBe(
      'No generations of family/anna yet. Build the first with `clanctl deploy family/anna`.',
    );
  });
});
