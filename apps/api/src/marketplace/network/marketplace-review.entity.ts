import type { MarketplaceAppPin } from '@clan/nix-schema';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NetworkEntity } from '../../networks/network.entity';

export type MarketplaceReviewKind = 'install' | 'update';
/** pending: waiting for an admin; stale: the network's pin moved since it was made (another review was accepted). */
export type MarketplaceReviewStatus = 'pending' | 'accepted' | 'rejected' | 'stale';

/** One changed file of the source between the two revisions. */
export interface SourceDiffFile {
  path: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  additions: number;
  deletions: number;
}

export interface SourceDiff {
  files: SourceDiffFile[];
  /** `git diff` of the source's tree from the pinned revision (or nothing) to the new one. */
  patch: string;
  /** The patch was cut at its size limit; `files` is still complete. */
  truncated: boolean;
}

/**
 * A third-party app's install or update, waiting for a network admin
 * (docs/marketplace.md, "Review before build"): what the network repository
 * would become (configDiff) and the Nix source that would be pinned
 * (sourceDiff), both computed when the review was made, with the exact pin
 * accepting it writes. Nothing is pinned, and so nothing built, before that.
 */
@Entity({ name: 'marketplace_reviews' })
@Index(['networkId', 'status'])
export class MarketplaceReviewEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'network_id' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  /** The source (no foreign key: a review outlives a deleted source, as what was accepted). */
  @Column({ type: 'uuid', name: 'source_id' })
  sourceId!: string;

  @Column({ type: 'varchar', length: 64 })
  app!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: MarketplaceReviewKind;

  @Column({ type: 'varchar', length: 40, name: 'from_rev', nullable: true })
  fromRev!: string | null;

  @Column({ type: 'varchar', length: 40, name: 'to_rev' })
  toRev!: string;

  /** The machine the app is added to on accept (install only); null: pin only, or several (see assignments). */
  @Column({ type: 'varchar', length: 63, nullable: true })
  machine!: string | null;

  /**
   * Install only: machine → the app's settings there (a template's, or `{}` for the defaults), added on
   * accept, enabled. null: pin only.
   */
  @Column({ type: 'jsonb', nullable: true })
  assignments!: Record<string, Record<string, unknown>> | null;

  @Column({ type: 'varchar', length: 16 })
  status!: MarketplaceReviewStatus;

  /** What accepting writes into marketplace.json (acceptedAt/By filled then). */
  @Column({ type: 'jsonb' })
  pin!: MarketplaceAppPin;

  @Column({ type: 'text', name: 'config_diff' })
  configDiff!: string;

  @Column({ type: 'jsonb', name: 'source_diff' })
  sourceDiff!: SourceDiff;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  /** Username of who asked for it (null: the panel). */
  @Column({ type: 'varchar', length: 64, name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'varchar', length: 64, name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  /** The commit that pinned it (accepted only). */
  @Column({ type: 'varchar', length: 40, nullable: true })
  commit!: string | null;
}
