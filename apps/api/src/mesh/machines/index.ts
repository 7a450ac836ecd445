import { MeshMachineKeys } from './mesh-machine-keys';
import { MeshMachines } from './mesh-machines.service';

export { MeshMachines, type MeshSyncResult } from './mesh-machines.service';
export { MeshMachineKeys } from './mesh-machine-keys';
export { MESH_KEY_FILE, MESH_KEY_PATH, machineMeshSections, meshKeyFile, meshKeyPath } from './machine-mesh-section';

/** Machines in the mesh (docs/vpn.md, "Machines"): registered by MeshModule. */
export const MESH_MACHINE_PROVIDERS = [MeshMachines, MeshMachineKeys];
