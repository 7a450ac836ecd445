import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { MarketplaceEntryData } from './marketplace-index';
import { MarketplaceSourceEntity } from './marketplace-source.entity';

export type MarketplaceEntryKind = 'app' | 'template';

/**
 * One app or network template of a source at its indexed revision, as
 * `clanMarketplace` declared it (validated by marketplace-index.ts). A
 * successful refresh replaces a source's entries; a failed one keeps them.
 */
@Entity({ name: 'marketplace_entries' })
@Index(['sourceId', 'kind', 'key'], { unique: true })
export class MarketplaceEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'source_id' })
  sourceId!: string;

  @ManyToOne(() => MarketplaceSourceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'source_id' })
  source?: MarketplaceSourceEntity;

  @Column({ type: 'varchar', length: 16 })
  kind!: MarketplaceEntryKind;

  @Column({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'varchar', length: 40 })
  revision!: string;

  @Column({ type: 'varchar', length: 80, name: 'nar_hash' })
  narHash!: string;

  /** Everything else the entry declares (title, options, ports, configs…). */
  @Column({ type: 'jsonb' })
  data!: MarketplaceEntryData;
}
