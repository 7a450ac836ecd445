import { meshAddresses } from './vms.service';

describe("the machine summary's addresses (its mesh section, as the Mesh tab lists them)", () => {
  it('lists the mesh addresses without prefix lengths', () => {
    expect(meshAddresses({ enable: true, addresses: ['10.100.0.2/24', 'fd00:1::2/64'], peers: [] })).toEqual(['10.100.0.2', 'fd00:1::2']);
  });

  it('is empty before the machine has joined the mesh', () => {
    expect(meshAddresses(undefined)).toEqual([]);
    expect(meshAddresses({ enable: false })).toEqual([]);
  });
});
