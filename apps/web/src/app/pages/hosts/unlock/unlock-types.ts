import type { components } from '@clan/api-client';

/**
 * Shapes of the unattended-unlock routes (docs/fleet-unlock.md): the generated DTOs, so a contract change
 * breaks the build here.
 */
type Schemas = components['schemas'];

export type UnlockOverviewView = Schemas['UnlockOverviewDto'];
export type UnlockHostView = Schemas['UnlockHostDto'];
export type TangStateView = Schemas['TangStateDto'];
export type HostPolicyView = Schemas['HostPolicyDto'];
export type BoundView = Schemas['BoundDto'];
export type PolicyProblemView = Schemas['PolicyProblemDto'];
export type HostUnlockAnalysisView = Schemas['HostUnlockAnalysisDto'];
export type HostFailureImpactView = Schemas['HostFailureImpactDto'];
export type ColdStartView = Schemas['ColdStartDto'];
export type ClevisConfigView = Schemas['ClevisConfigDto'];
export type TangRotationView = Schemas['TangRotationDto'];
export type HostRefView = Schemas['HostRefDto'];

/**
 * The generator types the optional `device` as an object (a nullable string with a pattern); the API takes
 * an absolute path under /dev, or null/absent for the host's CLAN_UNLOCK_DEVICE.
 */
export type SetClevisPolicyRequest = Omit<Schemas['SetClevisPolicyDto'], 'device'> & { device?: string | null };
