import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn, Unique } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';

/** The layer of a network's mesh unless it was given another. */
export const DEFAULT_MESH_LAYER = 'wireguard';

/**
 * A network's mesh address ranges, created on first use (docs/vpn.md,
 * "Addressing"): the first free /24 of the pool and the ULA /64 derived from
 * the network id. The unique range is what keeps two networks from ever
 * getting the same /24 when they are set up concurrently.
 */
@Entity({ name: 'mesh_networks' })
@Unique('UQ_mesh_networks_ipv4_cidr', ['ipv4Cidr'])
export class MeshNetworkEntity {
  @PrimaryColumn({ type: 'uuid', name: 'network_id' })
  networkId!: string;

  @OneToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  /** e.g. "10.100.3.0/24" */
  @Column({ type: 'varchar', length: 18, name: 'ipv4_cidr' })
  ipv4Cidr!: string;

  /** e.g. "fd3c:8a21:9f04::/64" */
  @Column({ type: 'varchar', length: 43, name: 'ipv6_prefix' })
  ipv6Prefix!: string;

  /**
   * The mesh layer (libs/vpn MeshLayerKind: "wireguard", "yggdrasil"). The
   * API reaches the layer through MeshLayers; a layer this panel does not run
   * answers 409 in a sentence.
   */
  @Column({ type: 'varchar', length: 16, default: DEFAULT_MESH_LAYER })
  layer!: string;

  /** Bumped by every change of the member list; peers record the revision they last picked up. */
  @Column({ type: 'int', default: 0 })
  revision!: number;

  /** Reachability rules (libs/vpn ReachabilityRule[]); NULL = the defaults (members reach apps, admins SSH). */
  @Column({ type: 'jsonb', nullable: true })
  rules!: unknown[] | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
