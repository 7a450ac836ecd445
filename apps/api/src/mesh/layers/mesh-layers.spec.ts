import { ErrorCode } from '@clan/contracts';
import { WireGuardLayer, YggdrasilLayer } from '@clan/vpn';
import { DomainError } from '../../common/errors/domain-error';
import { type MeshHostDriver, MeshLayers } from './mesh-layers';

const host: MeshHostDriver = {
  update: () => Promise.resolve(),
  setUp: () => Promise.resolve(),
  live: () => Promise.resolve(new Map()),
};

describe('MeshLayers', () => {
  const layers = new MeshLayers([{ layer: new WireGuardLayer(), host }]);

  it('gives the registration of a network layer it runs', () => {
    expect(layers.kinds).toEqual(['wireguard']);
    expect(layers.has('wireguard')).toBe(true);
    expect(layers.of('wireguard').layer.kind).toBe('wireguard');
    expect(layers.of('wireguard').host).toBe(host);
  });

  it('answers 409 in a sentence for a layer this panel does not run', () => {
    expect(layers.has('yggdrasil')).toBe(false);
    let caught: unknown;
    try {
      layers.of('yggdrasil');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({
      code: ErrorCode.Conflict,
      message: "This network's mesh layer (yggdrasil) is not available on this panel yet.",
    });
  });

  it('refuses a layer registered twice at start-up', () => {
    expect(
      () =>
        new MeshLayers([
          { layer: new WireGuardLayer(), host },
          { layer: new WireGuardLayer('clw-x'), host },
        ]),
    ).toThrow('The mesh layer wireguard is registered twice.');
    expect(new MeshLayers([{ layer: new YggdrasilLayer(), host }]).kinds).toEqual(['yggdrasil']);
  });
});
