import type { components } from '@clan/api-client';

/**
 * Shapes of the VM manager's routes (docs/vms.md, docs/api.md): the
 * generated DTOs, so a contract change breaks the build here.
 */
type Schemas = components['schemas'];

export type VmState = Schemas['VmState'];
export type VmHealth = Schemas['VmHealth'];
export type VmPowerAction = Schemas['VmPowerAction'];
export type VmSummaryView = Schemas['VmSummaryDto'];
export type VmActiveTaskView = Schemas['VmActiveTaskDto'];
export type GenerationStatus = Schemas['GenerationStatus'];
export type GenerationView = Schemas['GenerationDto'];
export type GenerationPage = Schemas['GenerationListDto'];
export type SerialLogView = Schemas['SerialLogDto'];
export type GuestFactsView = Schemas['GuestFactsDto'];
export type HostVmView = Schemas['HostVmDto'];
