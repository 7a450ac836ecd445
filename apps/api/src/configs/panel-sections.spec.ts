import type { NetworkConfigs } from '@clan/nix-schema';
import { keepPanelSections } from './panel-sections';

const cfg = (extra: Record<string, unknown>) => ({ networkLayer: 'wireguard', ...extra }) as unknown as NetworkConfigs[string];
const MESH_NOW = { enable: true, addresses: ['10.100.0.2/24'] };
const MESH_OLD = { enable: true, addresses: ['10.100.0.9/24'] };

describe('keepPanelSections (a revert keeps the panel-written sections)', () => {
  it('a machine configured now keeps its current mesh section, whatever the target had', () => {
    const { configs, changed } = keepPanelSections(
      { nas: cfg({ memo: 'old', mesh: MESH_OLD }), web: cfg({}) },
      { nas: cfg({ memo: 'new', mesh: MESH_NOW }), web: cfg({ mesh: MESH_NOW }) },
    );
    expect(changed).toBe(true);
    expect(configs).toEqual({ nas: cfg({ memo: 'old', mesh: MESH_NOW }), web: cfg({ mesh: MESH_NOW }) });
  });

  it('a machine without a section now loses the one the target had; a machine only the target has keeps its own', () => {
    const { configs, changed } = keepPanelSections({ nas: cfg({ mesh: MESH_OLD }), old: cfg({ mesh: MESH_OLD }) }, { nas: cfg({}) });
    expect(changed).toBe(true);
    expect(configs).toEqual({ nas: cfg({}), old: cfg({ mesh: MESH_OLD }) });
  });

  it('unchanged when the sections already agree (the revert is the target tree as it was)', () => {
    expect(keepPanelSections({ nas: cfg({ mesh: MESH_NOW }) }, { nas: cfg({ memo: 'x', mesh: MESH_NOW }) }).changed).toBe(false);
  });
});
