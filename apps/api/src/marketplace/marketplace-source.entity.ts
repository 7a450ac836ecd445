import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A marketplace source (docs/marketplace.md): a git repository whose flake
 * exposes `clanMarketplace`. The panel keeps a bare mirror of it under
 * `<stateDir>/marketplace/mirrors/<id>.git`; `revision` is the revision whose
 * entries are indexed now.
 */
@Entity({ name: 'marketplace_sources' })
export class MarketplaceSourceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Shown with every entry and used in its address (`/entries/<name>/…`); unique. */
  @Column({ type: 'varchar', length: 64, unique: true })
  name!: string;

  /** https://, http://, file:// or an absolute path; never with a user name or password (source-url.ts). */
  @Column({ type: 'text' })
  url!: string;

  /** The branch or tag followed; null: the repository's default branch (its HEAD). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  ref!: string | null;

  /** Only revisions signed by one of `signers` are indexed (docs/marketplace.md, "Verified sources"). */
  @Column({ type: 'boolean', default: false })
  verified!: boolean;

  /** SSH public keys (`ssh-ed25519 AAAA… comment`, source-signers.ts) whose signatures a verified source's revisions must carry. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  signers!: string[];

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  /** When the last refresh ran, whether or not it worked; null: never. */
  @Column({ type: 'timestamptz', name: 'refreshed_at', nullable: true })
  refreshedAt!: Date | null;

  /** Why the last refresh failed, as a sentence; null when it worked. */
  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError!: string | null;

  /** The indexed revision (its entries are listed); null until a refresh worked. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  revision!: string | null;

  @Column({ type: 'varchar', length: 80, name: 'nar_hash', nullable: true })
  narHash!: string | null;
}
