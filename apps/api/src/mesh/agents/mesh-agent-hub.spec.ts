import type { DataSource } from 'typeorm';
import type { WebSocket } from 'ws';
import type { MeshChange, MeshChangeListener, MeshChanges } from '../mesh-changes';
import type { MeshModel } from '../mesh-model.service';
import type { MeshPeerEntity } from '../mesh-peer.entity';
import type { AgentConfigView, MeshAgentConfigs } from './mesh-agent-configs.service';
import { type AgentConnection, MeshAgentHub } from './mesh-agent-hub.service';

describe('MeshAgentHub', () => {
  const row = { id: 'p1', name: 'laptop', agentTokenHash: 'h', agentVersion: '1.0.0', agentSeenAt: null, syncedRevision: 3 };
  let active = true;
  let listener: MeshChangeListener;
  const ds = {
    getRepository: () => ({
      update: async () => undefined,
      findOneBy: async () => ({ ...row, revokedAt: active ? null : new Date(), blockedAt: null }),
      find: async () => (active ? [{ id: row.id }] : []),
    }),
  } as unknown as DataSource;
  const view: AgentConfigView = {
    networkId: 'n1',
    revision: 4,
    peer: (id) => (active && id === row.id ? (row as unknown as MeshPeerEntity) : null),
    message: () => ({ type: 'config' }) as never,
  };
  const configs = { view: async () => view } as unknown as MeshAgentConfigs;
  const changes = { on: (_name: string, fn: MeshChangeListener) => (listener = fn) } as unknown as MeshChanges;
  const socket = { OPEN: 1, readyState: 1, send: jest.fn(), close: jest.fn() } as unknown as WebSocket;

  it('forgets what it knew of an agent once its peer is removed (the map would grow with every removal)', async () => {
    const hub = new MeshAgentHub(ds, { markSynced: async () => undefined } as unknown as MeshModel, configs, changes);
    hub.onApplicationBootstrap();
    const connection: AgentConnection = {
      socket,
      peerId: row.id,
      networkId: 'n1',
      peerName: row.name,
      interfaceName: null,
      panelUrl: 'http://panel',
      seenWrittenAt: 0,
      waiters: [],
    };
    await hub.hello(connection, { type: 'hello', protocol: 1, version: '1.0.0', revision: 4, interfaceName: 'clan-wg' } as never);
    await hub.applied(connection, { type: 'applied', revision: 4, error: 'nft failed' } as never);
    const peer = row as unknown as MeshPeerEntity;
    expect(hub.agentState(peer, new Map())).toMatchObject({ online: true, appliedRevision: 4, error: 'nft failed' });

    active = false;
    const change: MeshChange = { networkId: 'n1', revision: 5, reason: 'laptop removed' };
    await listener(change);
    hub.disconnected(connection);
    // Back to what the row says: nothing of the last session is kept.
    expect(hub.agentState(peer, new Map())).toMatchObject({ online: false, appliedRevision: 3, error: null });
  });
});
