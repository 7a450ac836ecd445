import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MarketplaceSourceEntity } from './marketplace-source.entity';

/**
 * A revision of a source the panel has indexed (later also: pinned by a
 * network). Each one has its own ref `refs/clan/pins/<rev>` in the mirror,
 * so a force-push or a deleted repository upstream cannot take it away.
 */
@Entity({ name: 'marketplace_revisions' })
export class MarketplaceRevisionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'source_id' })
  sourceId!: string;

  @ManyToOne(() => MarketplaceSourceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'source_id' })
  source?: MarketplaceSourceEntity;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  revision!: string;

  /** `nix flake metadata`'s narHash of the revision: what a flake.lock pins it by. */
  @Column({ type: 'varchar', length: 80, name: 'nar_hash' })
  narHash!: string;

  /** The commit's date (Nix's lastModified). */
  @Column({ type: 'timestamptz', name: 'committed_at' })
  committedAt!: Date;

  @Column({ type: 'timestamptz', name: 'indexed_at' })
  indexedAt!: Date;
}
