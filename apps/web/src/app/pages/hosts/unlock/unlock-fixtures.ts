import type { UnlockHostView, UnlockOverviewView } from './unlock-types';

/**
 * GET /api/fleet/unlock for the unlock page's specs: nas (the panel, no policy) and garage, pi, laptop.
 * garage needs nas (1 of 1); pi needs 2 of nas, garage and its TPM; laptop has no policy and no Tang.
 */
const TANG_ON = (ip: string, thumbprint: string): UnlockHostView['tang'] => ({
  enabled: true,
  url: `http://${ip}:7500`,
  thumbprints: [thumbprint],
  reportedAt: new Date(Date.now() - 60_000).toISOString(),
  rotatedAt: null,
});
const TANG_OFF: UnlockHostView['tang'] = { enabled: false, url: null, thumbprints: [], reportedAt: null, rotatedAt: null };
const BOUND = { at: '2026-12-01T10:00:00.000Z', slot: 1, device: '/dev/sda2', config: '{}', current: true };

export const NAS: UnlockHostView = {
  hostId: 'h-nas',
  name: 'nas',
  role: 'panel',
  online: true,
  tang: TANG_ON('10.98.0.1', 'thp-nas'),
  policy: null,
};
export const GARAGE: UnlockHostView = {
  hostId: 'h-garage',
  name: 'garage',
  role: 'worker',
  online: true,
  tang: TANG_ON('10.98.0.2', 'thp-garage'),
  policy: { threshold: 1, tangHostIds: ['h-nas'], tpm: false, device: '/dev/sda2', problems: [], bound: BOUND },
};
export const PI: UnlockHostView = {
  hostId: 'h-pi',
  name: 'pi',
  role: 'worker',
  online: true,
  tang: TANG_ON('10.98.0.3', 'thp-pi'),
  policy: { threshold: 2, tangHostIds: ['h-nas', 'h-garage'], tpm: true, device: null, problems: [], bound: null },
};
export const LAPTOP: UnlockHostView = { hostId: 'h-laptop', name: 'laptop', role: 'worker', online: false, tang: TANG_OFF, policy: null };

export function unlockOverview(hosts: UnlockHostView[] = [NAS, GARAGE, PI, LAPTOP]): UnlockOverviewView {
  const unmanaged = (hostId: string) => ({
    hostId,
    managed: false,
    threshold: null,
    pins: 0,
    deadPins: [],
    bootsWithAllUp: null,
    spareFailures: null,
    bootsIfDown: {},
    minimalFailureSets: [],
    minimalFailureSetsTruncated: false,
  });
  return {
    hosts,
    matrix: {
      hosts: [
        unmanaged('h-nas'),
        {
          hostId: 'h-garage',
          managed: true,
          threshold: 1,
          pins: 1,
          deadPins: [],
          bootsWithAllUp: true,
          spareFailures: 0,
          bootsIfDown: { 'h-nas': false, 'h-pi': true, 'h-laptop': true },
          minimalFailureSets: [['h-nas']],
          minimalFailureSetsTruncated: false,
        },
        {
          hostId: 'h-pi',
          managed: true,
          threshold: 2,
          pins: 3,
          deadPins: [],
          bootsWithAllUp: true,
          spareFailures: 1,
          bootsIfDown: { 'h-nas': true, 'h-garage': true, 'h-laptop': true },
          minimalFailureSets: [['h-nas', 'h-garage']],
          minimalFailureSetsTruncated: false,
        },
        unmanaged('h-laptop'),
      ],
      ifHostFails: [
        { hostId: 'h-nas', strands: ['h-garage'], strandsInColdStart: ['h-garage', 'h-pi'] },
        { hostId: 'h-garage', strands: [], strandsInColdStart: [] },
        { hostId: 'h-pi', strands: [], strandsInColdStart: [] },
        { hostId: 'h-laptop', strands: [], strandsInColdStart: [] },
      ],
    },
    coldStart: { rounds: [['h-garage', 'h-pi']], stuck: [], unmanaged: ['h-nas', 'h-laptop'] },
  };
}
