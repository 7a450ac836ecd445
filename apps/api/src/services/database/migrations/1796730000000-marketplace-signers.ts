import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The SSH keys a verified marketplace source's revisions must be signed with (docs/marketplace.md, "Verified sources"). */
export class MarketplaceSigners1796730000000 implements MigrationInterface {
  name = 'MarketplaceSigners1796730000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "marketplace_sources" ADD "signers" jsonb NOT NULL DEFAULT \'[]\'');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "marketplace_sources" DROP COLUMN "signers"');
  }
}
