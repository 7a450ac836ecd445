import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';

/** `host`: the panel host's own interface in the network (index 1, named "panel"). */
export type MeshPeerKind = 'device' | 'machine' | 'host';

/** Unique constraint names the allocator tells apart on a unique violation (23505). */
export const MESH_PEER_INDEX_CONSTRAINT = 'UQ_mesh_peers_network_index';
export const MESH_PEER_NAME_INDEX = 'UQ_mesh_peers_network_name_active';

/**
 * A member of a network's mesh. `index` is the address offset in the
 * network's ranges (docs/vpn.md, "Index"); UNIQUE (network_id, index) is what
 * makes concurrent allocation safe. Removing a peer keeps the row as a record
 * (name, public key, revoked_at) but sets `index` to NULL, which frees the
 * address, and wipes the private key. Names are unique among active peers.
 */
@Entity({ name: 'mesh_peers' })
@Unique(MESH_PEER_INDEX_CONSTRAINT, ['networkId', 'index'])
@Index(MESH_PEER_NAME_INDEX, ['networkId', 'name'], { unique: true, where: '"revoked_at" IS NULL' })
export class MeshPeerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'network_id' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  /** DNS label: `<name>.<network>.clan`. */
  @Column({ type: 'varchar', length: 63 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: MeshPeerKind;

  /** Address offset in the network's ranges (2 … n−2); NULL once revoked. */
  @Column({ type: 'int', nullable: true })
  index!: number | null;

  /** The layer's public key: WireGuard base64 (44 characters) or Yggdrasil hex (64). */
  @Column({ type: 'varchar', length: 64, name: 'public_key' })
  publicKey!: string;

  /** The private key sealed with SecretBox; NULL when the device generated its own key (or once revoked). */
  @Column({ type: 'text', name: 'private_key_encrypted', nullable: true })
  privateKeyEncrypted!: string | null;

  /** "host:port" other peers dial, or NULL. */
  @Column({ type: 'varchar', length: 262, nullable: true })
  endpoint!: string | null;

  @Column({ type: 'boolean', name: 'behind_nat', default: false })
  behindNat!: boolean;

  @Column({ type: 'boolean', default: false })
  relay!: boolean;

  @Column({ type: 'boolean', name: 'relay_only', default: false })
  relayOnly!: boolean;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  /** The mesh revision that removed this peer: peers synced below it still trust its key. */
  @Column({ type: 'int', name: 'revoked_revision', nullable: true })
  revokedRevision!: number | null;

  /**
   * The mesh revision this peer last picked up: the host when the panel
   * applied it, a machine when it was deployed with it, a device when it
   * fetched its config. Below the network's revision = still on an old config.
   */
  @Column({ type: 'int', name: 'synced_revision', default: 0 })
  syncedRevision!: number;

  /** When the peer last picked up a config (see syncedRevision). */
  @Column({ type: 'timestamptz', name: 'synced_at', nullable: true })
  syncedAt!: Date | null;

  /** Groups for reachability rules ("kids", "office", "media"): rules may name them in `from` and `to`. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  groups!: string[];

  /**
   * Blocked: out of the mesh like a removed peer (no one renders it, the host
   * and every agent drop its key) but the row keeps its address and key, so
   * an unblock brings it back as it was. NULL = not blocked.
   */
  @Column({ type: 'timestamptz', name: 'blocked_at', nullable: true })
  blockedAt!: Date | null;

  /** hex SHA-256 of the device agent's token (docs/mesh-agent.md); NULL = no agent enrolled for this peer. */
  @Index('UQ_mesh_peers_agent_token_hash', { unique: true, where: '"agent_token_hash" IS NOT NULL' })
  @Column({ type: 'varchar', length: 64, name: 'agent_token_hash', nullable: true })
  agentTokenHash!: string | null;

  /** The agent's clanctl version, from its last hello. */
  @Column({ type: 'varchar', length: 40, name: 'agent_version', nullable: true })
  agentVersion!: string | null;

  /** When the agent was last connected (its last message). */
  @Column({ type: 'timestamptz', name: 'agent_seen_at', nullable: true })
  agentSeenAt!: Date | null;

  /** The panel user the device belongs to (invites set it); its role decides what the device may reach. */
  @Column({ type: 'uuid', name: 'owner_user_id', nullable: true })
  ownerUserId!: string | null;
}
