import { painter } from '../lib/format';
import { cloneUrl, renderNetwork, renderNetworkList } from './network';

const plain = painter(false);
const NOW = new Date('2025-11-23T12:00:00Z');
const family = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'family',
  description: 'Our home network',
  myRole: 'owner' as const,
  memberCount: 2,
  createdAt: '2025-11-20T12:00:00Z',
  updatedAt: '2025-11-20T12:00:00Z',
};

describe('network rendering', () => {
  it('lists name, role, members and age', () => {
    const out = renderNetworkList(
      { items: [family, { ...family, name: 'lab', myRole: 'host-admin', memberCount: 12, description: '' }], total: 2 },
      NOW,
      plain,
    );
    expect(out.split('\n')).toEqual([
      'NAME    MY ROLE     MEMBERS  CREATED  DESCRIPTION',
      'family  owner             2  3 d ago  Our home network',
      'lab     host-admin       12  3 d ago',
    ]);
    expect(renderNetworkList({ items: [], total: 0 }, NOW, plain)).toBe('No networks. Create one with `clanctl network create <name>`.');
  });

  it('shows one network with its members and how to clone it', () => {
    const out = renderNetwork(
      {
        network: family,
        members: [{ userId: 'u1', username: 'admin', displayName: 'Admin', role: 'owner', createdAt: '2025-11-20T12:00:00Z' }],
        status: { head: '5b6e8a2c1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c', link: 'nix://https-panel.example/family', machines: [] },
        cloneUrl: cloneUrl('http://panel:8080/', family.id),
      },
      NOW,
      plain,
    );
    expect(out.split('\n')).toEqual([
      'Network:      family',
      'Id:           11111111-1111-4111-8111-111111111111',
      'Description:  Our home network',
      'My role:      owner',
      'Created:      2025-11-20 12:00:00 UTC (3 d ago)',
      'Revision:     5b6e8a2',
      'Machines:     0',
      'Link:         nix://https-panel.example/family',
      'Clone:        git clone http://panel:8080/api/networks/11111111-1111-4111-8111-111111111111/config.git family',
      '(git asks for a user name and password: give yours and an API token)',
      '',
      'USERNAME  NAME   ROLE   JOINED',
      'admin     Admin  owner  3 d ago',
    ]);
  });

  it('leaves out the configuration lines when the panel has no status', () => {
    const out = renderNetwork({ network: family, members: [], status: null, cloneUrl: 'u' }, NOW, plain);
    expect(out).not.toMatch(/Revision|Link/);
    expect(out).toContain('No members.');
  });
});
