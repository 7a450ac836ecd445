import type { DataSource } from 'typeorm';
import { loadConfig } from '../services/config/config.schema';
import type { MeshLayers } from './layers/mesh-layers';
import type { MeshIpam } from './mesh-ipam.service';
import { MeshModel } from './mesh-model.service';

const model = (env: Record<string, string>) => new MeshModel({} as DataSource, {} as MeshIpam, {} as MeshLayers, loadConfig(env, '/'));

describe("MeshModel.hostEndpointFor: where peers dial the host's mesh interface", () => {
  it('CLAN_MESH_ENDPOINT_HOST, for everyone, as a relay', () => {
    const m = model({ CLAN_MESH_ENDPOINT_HOST: 'panel.example.org', CLAN_VM_NETWORK: 'clan-vms', CLAN_VM_NETWORK_CREATE: 'true' });
    expect(m.hostEndpointFor('all')).toEqual({ host: 'panel.example.org', relay: true });
    expect(m.hostEndpointFor('machines')).toEqual({ host: 'panel.example.org', relay: true });
  });

  it("without it, machines on the panel's NAT network dial its gateway (not a relay); devices get nothing, as before", () => {
    const m = model({ CLAN_VM_NETWORK: 'clan-vms', CLAN_VM_NETWORK_CREATE: 'true', CLAN_VM_SUBNET: '10.213.4.0/24' });
    expect(m.hostEndpointFor('machines')).toEqual({ host: '10.213.4.1', relay: false });
    expect(m.hostEndpointFor('all')).toBeNull();
  });

  it('without it and without a managed network (an admin network or bridge, or none), nobody gets one', () => {
    expect(model({ CLAN_VM_NETWORK: 'default' }).hostEndpointFor('machines')).toBeNull();
    expect(model({ CLAN_VM_BRIDGE: 'br0' }).hostEndpointFor('machines')).toBeNull();
    expect(model({}).hostEndpointFor('all')).toBeNull();
  });
});
